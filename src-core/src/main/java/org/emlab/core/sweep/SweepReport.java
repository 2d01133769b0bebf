package org.emlab.core.sweep;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** The report of {@code r} ({@code s}, its first summary, is recomputed with the others). */
    public static String text(SweepResult r, SweepSummary s) {
        return text(r);
    }

    /**
     * Lines: what was swept (title, fixed parameters, each statistic's rule), then per statistic (and per
     * series of a grid) a table of the per-point median and 10–90 % range, the fitted log-log slope with
     * its bootstrap interval over seeds, and the theory's slope when the lab knows one.
     */
    public static String text(SweepResult r) {
        SweepSpec spec = r.spec();
        StringBuilder b = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (Measure m : spec.measures()) {
            ids.add(m.id());
        }
        String shape = spec.ranges().size() == 1 ? r.points() + " points" : spec.pointsPerSeries() + " x " + spec.series()
                + " points";
        b.append(String.format(Locale.ROOT, "sweep %s: %s against %s, %s x %d trials, %d iterations, base seed %d%n",
                spec.lab().id(), String.join(", ", ids), String.join(" and ", spec.varied()), shape, r.trials(),
                spec.iterations(), spec.baseSeed()));
        b.append("title: ").append(spec.displayTitle()).append('\n');
        StringBuilder fixed = new StringBuilder();
        for (Map.Entry<String, String> e : spec.base().asText().entrySet()) {
            if (!spec.varied().contains(e.getKey()) && !e.getKey().equals("seed")) {
                fixed.append(fixed.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        b.append("fixed: ").append(fixed).append('\n');
        if (!spec.fit().all()) {
            b.append("fit window: ").append(spec.range().param()).append(" in [").append(spec.fit().format().replace(":", ", "))
                    .append("]\n");
        }
        String name = spec.range().param();
        int w = Math.max(10, name.length());
        for (int m = 0; m < spec.measures().size(); m++) {
            Measure me = spec.measures().get(m);
            b.append('\n').append(spec.headers().get(m)).append(": ").append(me.rule(spec.lab())).append('\n');
            for (int sr = 0; sr < spec.series(); sr++) {
                SweepSummary s = SweepSummary.of(r, m, sr);
                if (spec.series() > 1) {
                    b.append(spec.ranges().get(1).param()).append(" = ").append(spec.valueText(sr * spec.pointsPerSeries(), 1))
                            .append(":\n");
                }
                table(b, r, s, me, w, name, sr);
            }
        }
        if (r.completed() < r.points() * r.trials()) {
            b.append(String.format(Locale.ROOT, "%s: %d of %d runs completed%n", r.cancelled() ? "cancelled" : "in progress",
                    r.completed(), r.points() * r.trials()));
        }
        return b.toString();
    }

    private static void table(StringBuilder b, SweepResult r, SweepSummary s, Measure me, int w, String name, int series) {
        SweepSpec spec = r.spec();
        boolean fraction = me.stat().fraction();
        if (fraction) {
            b.append(String.format(Locale.ROOT, "%" + w + "s  %10s  %6s%n", name, "stuck", "trials"));
        } else {
            b.append(String.format(Locale.ROOT, "%" + w + "s  %12s  %12s  %12s  %6s%n", name, "median", "q10", "q90",
                    "trials"));
        }
        int n = spec.pointsPerSeries();
        for (int i = 0; i < n; i++) {
            String v = spec.valueText(series * n + i);
            if (fraction) {
                b.append(String.format(Locale.ROOT, "%" + w + "s  %10.4f  %6d%n", v, s.median()[i], s.count()[i]));
            } else {
                b.append(String.format(Locale.ROOT, "%" + w + "s  %12s  %12s  %12s  %6d%s%n", v, num(s.median()[i]),
                        num(s.q10()[i]), num(s.q90()[i]), s.count()[i], s.fitted()[i] ? "" : "  (not fitted)"));
            }
        }
        if (fraction) {
            return;
        }
        if (s.hasSlope()) {
            b.append(String.format(Locale.ROOT, "fitted slope: %.4f, %s; log-log of the per-point median against %s, %d "
                    + "points%n", s.fit().slope(), s.interval().describe(), name, s.fit().points()));
        } else {
            b.append("fitted slope: n/a (fewer than two fitted points with a positive finite median)\n");
        }
        if (s.theory().isPresent()) {
            b.append(String.format(Locale.ROOT, "theory slope: %s%n", ParamSpec.fmt(s.theory().getAsDouble())));
        } else {
            b.append("theory slope: none known for this sweep\n");
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v); // an iteration count, a whole median
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
