package org.emlab.core.sweep;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.Java2DCanvas;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.param.ParamSpec;

/** The text summary of a sweep (CLI stdout, the sweep window's readout) and its PNG. */
public final class SweepReport {
    private SweepReport() {
    }

    /**
     * Lines: what was swept, a table of the per-point median and 10–90 % range, the fitted
     * log-log slope with its standard error, and the theory's slope when the lab knows one.
     */
    public static String text(SweepResult r, SweepSummary s) {
        SweepSpec spec = r.spec();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "sweep %s: %s against %s, %d points x %d trials, %d iterations, base seed %d%n",
                spec.lab().id(), spec.stat().id(), spec.range().param(), r.points(), r.trials(), spec.iterations(),
                spec.baseSeed()));
        if (spec.stat() == Statistic.ITERATIONS_TO_EPS) {
            b.append("eps = ").append(ParamSpec.fmtExact(spec.eps())).append('\n');
        }
        if (spec.stat() == Statistic.STUCK) {
            String rule = spec.lab().stuckRule();
            b.append("stuck: ").append(rule.isEmpty() ? "lab " + spec.lab().id() + " defines no stuck predicate; "
                    + "no run counts as stuck" : rule).append('\n');
        }
        String name = spec.range().param();
        int w = Math.max(10, name.length());
        if (spec.stat().fraction()) {
            b.append(String.format(Locale.ROOT, "%" + w + "s  %10s  %6s%n", name, "stuck", "trials"));
        } else {
            b.append(String.format(Locale.ROOT, "%" + w + "s  %12s  %12s  %12s  %6s%n", name, "median", "q10", "q90",
                    "trials"));
        }
        for (int p = 0; p < r.points(); p++) {
            if (spec.stat().fraction()) {
                b.append(String.format(Locale.ROOT, "%" + w + "s  %10.4f  %6d%n", spec.valueText(p), s.median()[p],
                        s.count()[p]));
            } else {
                b.append(String.format(Locale.ROOT, "%" + w + "s  %12s  %12s  %12s  %6d%n", spec.valueText(p),
                        num(s.median()[p]), num(s.q10()[p]), num(s.q90()[p]), s.count()[p]));
            }
        }
        if (!spec.stat().fraction()) {
            if (s.hasSlope()) {
                b.append(String.format(Locale.ROOT, "fitted slope: %.4f +- %s (log-log of the per-point median against %s, "
                        + "%d points)%n", s.fit().slope(), Double.isFinite(s.fit().slopeStdError())
                        ? String.format(Locale.ROOT, "%.4f", s.fit().slopeStdError()) : "n/a", name, s.fit().points()));
            } else {
                b.append("fitted slope: n/a (fewer than two points with a positive finite median)\n");
            }
            if (s.theory().isPresent()) {
                b.append(String.format(Locale.ROOT, "theory slope: %s%n", ParamSpec.fmt(s.theory().getAsDouble())));
            } else {
                b.append("theory slope: none known for this sweep\n");
            }
        }
        if (r.completed() < r.points() * r.trials()) {
            b.append(String.format(Locale.ROOT, "%s: %d of %d runs completed%n", r.cancelled() ? "cancelled" : "in progress",
                    r.completed(), r.points() * r.trials()));
        }
        return b.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "inf";
        }
        return String.format(Locale.ROOT, "%.5g", v);
    }

    /** Writes the sweep plot as a PNG of {@code width × height} pixels. */
    public static void writePng(Path path, Panel panel, int width, int height, Theme theme) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            new PanelPainter(theme).paint(panel, new Java2DCanvas(g), 0, 0, width, height);
        } finally {
            g.dispose();
        }
        ImageIO.setUseCache(false); // encode in memory: no imageio*.tmp files in the system's temp folder
        AtomicFiles.write(path, out -> ImageIO.write(img, "png", out));
    }
}
