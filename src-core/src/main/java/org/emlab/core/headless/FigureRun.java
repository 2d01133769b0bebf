package org.emlab.core.headless;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.data.Dataset;
import org.emlab.core.figure.Figure;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.text.Snippet;
import org.emlab.core.trajectory.History;

/**
 * What a headless figure shows: a lab's run with parameters {@code params} (run A), or, with a
 * {@code contrast}, the A/B comparison the window shows (run B = A with one parameter changed, the
 * same seed and data; {@link ComparisonLab}: B's geometry beside A's, B's curves overlaid, one
 * legend naming the difference), run until {@code horizon}, drawn with the view settings
 * {@code view}. Shared by {@code ./emlab render}, {@code ./emlab animate} and the window's
 * animation export.
 *
 * @param lab      the lab (never a comparison: the contrast says what B changes)
 * @param params   run A's parameters, validated
 * @param userData the user's data set, or null
 * @param contrast B's change, or null for one run
 * @param view     view settings (projection)
 * @param horizon  where the run stops
 */
public record FigureRun(Lab lab, ParamValues params, Dataset userData, Lab.Contrast contrast, Map<String, String> view,
                        Horizon horizon) {
    public FigureRun {
        if (lab instanceof ComparisonLab c) {
            throw new IllegalArgumentException("give the base lab " + c.base().id() + " and the contrast");
        }
        view = view == null ? Map.of() : Map.copyOf(view);
    }

    /** The lab that is run: {@link #lab()}, or its comparison. */
    public Lab shownLab() {
        return contrast == null ? lab : ComparisonLab.of(lab, contrast.param(), contrast.value());
    }

    /** True for an A/B comparison. */
    public boolean compared() {
        return contrast != null;
    }

    /**
     * Checks that B differs from A and is valid (B's errors name the compared parameter, "B: …"); a no-op
     * without a contrast.
     */
    public FigureRun validated() {
        if (contrast != null) {
            ComparisonLab c = (ComparisonLab) shownLab();
            ParamValues b = c.paramsB(params);
            if (b.text(contrast.param()).equals(params.text(contrast.param()))) {
                throw new ValidationException("compare", "--compare " + contrast.param() + "=" + Snippet.of(contrast.value())
                        + " is run A's own value; give B another value");
            }
            c.validate(params);
        }
        return this;
    }

    /** A fresh run of {@link #shownLab()} (same seed: the same run every time). */
    public LabRun start() {
        return shownLab().start(params, userData);
    }

    /** This request with run A's seed set to {@code seed}. */
    public FigureRun withSeed(long seed) {
        return new FigureRun(lab, params.with("seed", Long.toString(seed)), userData, contrast, view, horizon);
    }

    /** This request with another horizon. */
    public FigureRun withHorizon(Horizon h) {
        return new FigureRun(lab, params, userData, contrast, view, h);
    }

    /**
     * Runs to the horizon and returns the figure the window shows there; stops early (the figure of the
     * iteration reached) when {@code cancelled} turns true.
     */
    public Figure figure(BooleanSupplier cancelled) {
        LabRun run = start();
        History h = HeadlessRun.run(run, horizon, cancelled);
        return HeadlessRun.figure(run, h, view);
    }
}
