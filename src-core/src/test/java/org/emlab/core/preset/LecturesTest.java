package org.emlab.core.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LecturesTest {
    @TempDir
    Path dir;

    @Test
    void everyPaperLabShipsALectureOfFiveScenes() {
        Set<String> labs = new HashSet<>();
        for (Lecture l : Lectures.shipped()) {
            assertEquals(5, l.scenes().size(), l.name());
            labs.add(l.scenes().get(0).labObject().id());
        }
        assertEquals(Set.of("mlr-overspec", "mlr-clustered", "gmm-simplex", "mlr-recursive", "gmm-overparam"), labs);
    }

    /** Each scene runs, and the chart it maximises is one its figure has. */
    @Test
    void everySceneRunsAndMaximisesAPanelItsFigureHas() {
        for (Lecture l : Lectures.shipped()) {
            for (Lecture.Scene s : l.scenes()) {
                Lab lab = s.labObject();
                ParamValues v = s.values();
                Lab shown = s.contrast() == null ? lab : ComparisonLab.of(lab, s.contrast().param(), s.contrast().value());
                LabRun run = shown.start(v, null);
                History h = HeadlessRun.run(run, 1);
                Figure f = HeadlessRun.figure(run, h, HeadlessRun.defaultView(shown, v));
                Set<String> ids = new HashSet<>();
                for (Panel p : f.panels()) {
                    ids.add(p.id());
                }
                if (s.maximise() != null) {
                    assertTrue(ids.contains(s.maximise()), l.name() + ": scene \"" + s.caption() + "\" maximises "
                            + s.maximise() + ", not among " + ids);
                }
                assertFalse(s.caption().isBlank());
                assertTrue(s.horizon().iterations() > 0, l.name());
            }
        }
    }

    @Test
    void aLectureWrittenIsReadBackTheSame() throws Exception {
        Lecture l = Lectures.shipped().get(0);
        Path f = dir.resolve("x" + Lectures.EXTENSION);
        Lectures.write(f, l);
        assertEquals(l, Lectures.read(f));
    }

    @Test
    void problemsAreOneLineNamingTheSceneAndTheField() {
        String noCaption = "{\"version\":1,\"name\":\"x\",\"title\":\"t\",\"scenes\":[{\"preset\":\"mlr-low-snr\"}]}";
        ValidationException e = assertThrows(ValidationException.class, () -> Lectures.parse(noCaption, "x.json"));
        assertTrue(e.getMessage().contains("x.json") && e.getMessage().contains("caption"), e.getMessage());
        String both = "{\"version\":1,\"name\":\"x\",\"title\":\"t\",\"scenes\":[{\"preset\":\"mlr-low-snr\","
                + "\"lab\":\"gmm\",\"caption\":\"c\"}]}";
        e = assertThrows(ValidationException.class, () -> Lectures.parse(both, "x.json"));
        assertTrue(e.getMessage().contains("scenes[0]"), e.getMessage());
        String badParam = "{\"version\":1,\"name\":\"x\",\"title\":\"t\",\"scenes\":[{\"lab\":\"gmm\","
                + "\"params\":{\"k\":\"99\"},\"caption\":\"c\"}]}";
        e = assertThrows(ValidationException.class, () -> Lectures.parse(badParam, "x.json"));
        assertTrue(e.getMessage().contains("scenes[0]") && e.getMessage().contains("k"), e.getMessage());
        String empty = "{\"version\":1,\"name\":\"x\",\"title\":\"t\",\"scenes\":[]}";
        e = assertThrows(ValidationException.class, () -> Lectures.parse(empty, "x.json"));
        assertTrue(e.getMessage().contains("scenes"), e.getMessage());
        assertEquals(1, List.of(e.getMessage().split("\n")).size());
    }
}
