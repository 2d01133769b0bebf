package org.emlab.core.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/** Figures over seeds: the median of each measured curve, its 10–90 % band, and the spread of the slopes. */
class SeedFigureTest {
    private static final int T = 25;

    @Test
    void seedsAreACountFromTheRunsSeedOrARange() {
        assertEquals(List.of(7L, 8L, 9L), SeedFigure.parseSeeds("3", 7));
        assertEquals(List.of(1L, 2L, 3L, 4L), SeedFigure.parseSeeds("1:4", 7));
        for (String bad : new String[] {"0", "4:1", "x", "1:x", "1:100000", "-1:3"}) {
            assertThrows(ValidationException.class, () -> SeedFigure.parseSeeds(bad, 1), bad);
        }
    }

    @Test
    void theCurveIsTheMedianOverSeedsInsideATenToNinetyPercentBand() {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("n", "400");
        FigureRun req = new FigureRun(lab, p, null, null, Map.of(), Horizon.exactly(T));
        List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);
        int[] progress = {0};
        Figure f = SeedFigure.of(req, seeds, () -> false, n -> progress[0] = n);
        assertEquals(5, progress[0]);

        // independently: each seed's KL at iteration T, and their median
        double[] last = new double[seeds.size()];
        for (int s = 0; s < seeds.size(); s++) {
            LabRun run = lab.start(p.with("seed", Long.toString(seeds.get(s))), null);
            History h = HeadlessRun.run(run, T);
            last[s] = h.row(h.size() - 1)[h.column("kl")];
        }
        double[] sorted = last.clone();
        Arrays.sort(sorted);
        Panel kl = f.panel("kl");
        Layer.Line curve = null;
        Layer.Band band = null;
        for (Layer l : kl.layers()) {
            if (l instanceof Layer.Line ln && ln.name() != null && ln.name().startsWith("KL") && curve == null) {
                curve = ln;
            }
            if (l instanceof Layer.Band b && band == null) {
                band = b;
            }
        }
        assertNotNull(curve);
        assertNotNull(band, "a band under the measured curve");
        assertTrue(band.name().contains("10–90 % of seeds 1–5"), band.name());
        int end = curve.size() - 1;
        assertEquals(T, curve.x()[end], 0);
        assertEquals(sorted[2], curve.y()[end], 0, "the median of the five seeds' KL at iteration T");
        // type-7 quantiles of five values: 10 % = x1 + 0.4 (x2 − x1), 90 % = x4 + 0.6 (x5 − x4)
        assertEquals(sorted[0] + 0.4 * (sorted[1] - sorted[0]), band.lo()[end], 1e-15 * sorted[4]);
        assertEquals(sorted[3] + 0.6 * (sorted[4] - sorted[3]), band.hi()[end], 1e-15 * sorted[4]);
        for (int i = 0; i < curve.size(); i++) {
            assertTrue(band.lo()[i] <= curve.y()[i] && curve.y()[i] <= band.hi()[i], "median inside its band at " + i);
        }
        assertTrue(kl.notes().stream().anyMatch(n -> n.contains("median of seeds 1–5")), kl.notes().toString());
        // the geometry is the first seed's, and says so
        assertTrue(f.panel("geometry").notes().get(0).startsWith("seed 1"), f.panel("geometry").notes().toString());
    }

    @Test
    void theSlopeNoteGivesTheMediansFitAndTheMeanAndSdOfThePerSeedFits() {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("n", "20000");
        FigureRun req = new FigureRun(lab, p, null, null, Map.of(), Horizon.exactly(T));
        Figure f = SeedFigure.of(req, List.of(1L, 2L, 3L, 4L), () -> false, n -> { });
        String note = String.join(" | ", f.panel("kl").notes());
        assertTrue(note.contains("slope of the median −"), note);
        assertTrue(java.util.regex.Pattern.compile("over seeds −[0-9.]+ ± [0-9.]+ [(]mean ± sd of 4 per-seed fits[)]").matcher(note).find(), note);
        assertFalse(note.contains("NaN"), note);
    }

    @Test
    void anAbComparisonIsAggregatedSideBySide() {
        Lab lab = LabRegistry.get("mlr-overspec");
        ParamValues p = lab.defaults().with("n", "1000");
        FigureRun req = new FigureRun(lab, p, null, new Lab.Contrast("pi0", "0.8", ""), Map.of(), Horizon.exactly(15));
        Figure f = SeedFigure.of(req, List.of(1L, 2L, 3L), () -> false, n -> { });
        assertNotNull(f.panel("geometry-b"));
        List<String> names = new ArrayList<>();
        for (Layer l : f.panel("error").layers()) {
            if (l.name() != null) {
                names.add(l.name());
            }
        }
        assertTrue(names.contains("A: π₁ initial = 0.5") && names.contains("B: π₁ initial = 0.8"), names.toString());
        // each run's band is its own (the runs' seeds scatter differently): one entry per run, named for it
        assertTrue(names.contains("A: 10–90 % of seeds 1–3") && names.contains("B: 10–90 % of seeds 1–3"),
                "one legend entry for each run's band: " + names);
    }

    /**
     * Over several seeds the curves are medians, so a level the lab's notes call "the statistical floor of this
     * sample" is the median curve's: gmm-simplex (KL) and mlr-overspec (error, fixed unbalanced weights), both
     * sampled, run until their medians level off.
     */
    @Test
    void aLevelOfTheMedianCurveIsNotCalledOneSamplesFloor() {
        Lab simplex = LabRegistry.get("gmm-simplex");
        Lab overspec = LabRegistry.get("mlr-overspec");
        Object[][] cases = {
            {simplex, simplex.defaults(), 260, "kl"},
            {overspec, overspec.defaults().with("pi0", "0.8").with("n", "2000").with("update_weights", "false"), 60, "error"},
        };
        for (Object[] c : cases) {
            Lab lab = (Lab) c[0];
            FigureRun req = new FigureRun(lab, (ParamValues) c[1], null, null, Map.of(), Horizon.exactly((Integer) c[2]));
            Figure f = SeedFigure.of(req, List.of(1L, 2L, 3L), () -> false, n -> { });
            List<String> notes = f.panel((String) c[3]).notes();
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("levelled off at")
                    && n.contains("the statistical floor of the seeds' median curve")), lab.id() + ": " + notes);
            assertTrue(notes.stream().noneMatch(n -> n.contains("this sample")), lab.id() + ": " + notes);
        }
        assertEquals("below the average floor d/(2N) = 1e−4: the median curve's floor is lower",
                SeedFigure.ofTheMedian("below the average floor d/(2N) = 1e−4: this sample's floor is lower"));
        assertEquals("fitted slope per iteration −0.14", SeedFigure.ofTheMedian("fitted slope per iteration −0.14"));
    }
}
