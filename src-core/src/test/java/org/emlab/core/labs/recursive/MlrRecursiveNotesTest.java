package org.emlab.core.labs.recursive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/**
 * The scale q_n printed in mlr-recursive's notes is the one of the row the figure shows: the geometry panel's and
 * the q panel's notes agree with each other and with the history's row (the q panel's curve is the engine's thinned
 * trace, whose last point may be a few samples older than the row; its note used to read that point).
 */
class MlrRecursiveNotesTest {
    private static final Pattern Q = Pattern.compile("q_n = ([-0-9.eE]+)");

    private static String qIn(Panel p) {
        for (String note : p.notes()) {
            Matcher m = Q.matcher(note);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no q_n in the notes of " + p.id() + ": " + p.notes());
    }

    @Test
    void bothPanelsPrintTheShownRowsScale() {
        Lab lab = LabRegistry.get("mlr-recursive");
        LabRun run = lab.start(lab.defaults(), null);
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        h.record(e.iteration(), row.clone(), e.state());
        for (int t = 0; t < 997 && !e.finished(); t++) {
            e.step();
            e.row(row);
            h.record(e.iteration(), row.clone(), e.state());
        }
        for (int cursor : new int[] {h.size() - 1, h.size() / 2}) {
            Figure f = run.figure(h, cursor, Map.of());
            List<Panel> panels = f.panels();
            Panel geometry = panels.stream().filter(p -> p.id().equals("geometry")).findFirst().orElseThrow();
            Panel q = panels.stream().filter(p -> p.id().equals("q")).findFirst().orElseThrow();
            String expected = org.emlab.core.view.MlrPlots.num(h.row(cursor)[h.column("q")]);
            assertEquals(expected, qIn(geometry), "geometry at row " + cursor);
            assertEquals(expected, qIn(q), "q panel at row " + cursor);
        }
        assertTrue(h.size() > 900);
    }
}
