package org.emlab.core.headless;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.emlab.core.compare.ComparisonFigure;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.sweep.SweepSummary;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;

/**
 * A figure over several seeds: every curve panel shows the <b>median</b> over the seeds, iteration by
 * iteration, of each measured curve, with a band from the 10 % to the 90 % quantile (type 7) of the
 * seeds at each iteration; the geometry (and the insets) show the first seed's run.
 *
 * <p>How: each seed is run to the horizon; the iterations all seeds recorded are kept, and a
 * <em>median history</em> (each trajectory column's median over the seeds at each iteration) is
 * handed to the lab's own figure code, so the curves, the fitted rates and their notes are the lab's,
 * computed on the median curve (a fit of the median). A drawn curve is recognised as a trajectory
 * column when every one of its points is that column's median at that iteration; its band comes from
 * the same column's quantiles. Each seed's own figure gives its fitted slope (the lab's "fitted" line),
 * and a note says both: "slope of the median −0.53; over seeds −0.53 ± 0.17 (mean ± sd of 8 per-seed
 * fits)".
 *
 * <p>An A/B comparison is aggregated side by side: A over the seeds, B over the same seeds, then
 * combined as the window combines two runs ({@link ComparisonFigure}).
 */
public final class SeedFigure {
    /** Most seeds in one figure. */
    public static final int MAX_SEEDS = 200;
    /** Lower quantile of the band. */
    public static final double LOW = 0.1;
    /** Upper quantile of the band. */
    public static final double HIGH = 0.9;
    /** Bands per curve panel of one run: its first few measured curves. */
    static final int BANDS_ONE_RUN = 3;
    /** Bands per curve panel and run in an A/B comparison: the measured curve only (two runs overlap). */
    static final int BANDS_EACH_OF_TWO = 1;

    private SeedFigure() {
    }

    /**
     * The seeds named by {@code text}: {@code N} (N seeds from {@code base}: base, base + 1, …) or
     * {@code A:B} (A to B inclusive).
     */
    public static List<Long> parseSeeds(String text, long base) {
        String t = text == null ? "" : text.strip();
        long from;
        long to;
        try {
            int colon = t.indexOf(':');
            if (colon >= 0) {
                from = org.emlab.core.text.NumberSyntax.parseWhole(t.substring(0, colon));
                to = org.emlab.core.text.NumberSyntax.parseWhole(t.substring(colon + 1));
            } else {
                long n = org.emlab.core.text.NumberSyntax.parseWhole(t);
                if (n < 1) {
                    throw new ValidationException("seeds", "--seeds N needs N ≥ 1 (got " + n + ")");
                }
                from = base;
                to = base + Math.min(n, MAX_SEEDS + 1L) - 1;
            }
        } catch (NumberFormatException e) {
            throw new ValidationException("seeds", "--seeds takes a count N or a range A:B of whole numbers, such as 8 or "
                    + "1:8 (got " + org.emlab.core.text.Snippet.quoted(t) + ")");
        }
        if (to < from || from < 0) {
            throw new ValidationException("seeds", "--seeds A:B needs 0 ≤ A ≤ B (got " + org.emlab.core.text.Snippet.quoted(t)
                    + ")");
        }
        if (to - from + 1 > MAX_SEEDS) {
            throw new ValidationException("seeds", "--seeds asks for " + (to - from + 1) + " runs; at most " + MAX_SEEDS);
        }
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    /** "seeds 1–8", or "seed 3" for one. */
    static String seedRange(List<Long> seeds) {
        return seeds.size() == 1 ? "seed " + seeds.get(0) : "seeds " + seeds.get(0) + "–" + seeds.get(seeds.size() - 1);
    }

    /**
     * The figure of {@code req} over {@code seeds}; {@code progress} hears the number of runs done
     * (A and B count separately); stops when {@code cancelled} turns true (a
     * {@link java.util.concurrent.CancellationException}).
     */
    public static Figure of(FigureRun req, List<Long> seeds, BooleanSupplier cancelled, IntConsumer progress) {
        if (seeds.isEmpty()) {
            throw new ValidationException("seeds", "--seeds chose no seed");
        }
        int[] done = {0};
        IntConsumer step = k -> progress.accept(++done[0]);
        if (!req.compared()) {
            return aggregate(req.lab(), req.params(), req, seeds, cancelled, step, BANDS_ONE_RUN);
        }
        ComparisonLab c = (ComparisonLab) req.shownLab();
        ComparisonLab.Names n = c.names(req.params());
        Figure a = aggregate(req.lab(), req.params(), req, seeds, cancelled, step, BANDS_EACH_OF_TWO);
        Figure b = aggregate(req.lab(), c.paramsB(req.params()), req, seeds, cancelled, step, BANDS_EACH_OF_TWO);
        return ComparisonFigure.combine(a, b, n.nameA(), n.nameB(), n.label());
    }

    /** One run's figure over the seeds (see the class comment). */
    static Figure aggregate(Lab lab, ParamValues base, FigureRun req, List<Long> seeds, BooleanSupplier cancelled,
                            IntConsumer progress, int maxBands) {
        List<String> columns = null;
        List<int[]> iterations = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        Map<String, double[]> slopes = new LinkedHashMap<>();
        List<Figure> owns = new ArrayList<>();
        LabRun first = null;
        History firstHistory = null;
        for (int s = 0; s < seeds.size(); s++) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException();
            }
            ParamValues p = base.with("seed", Long.toString(seeds.get(s)));
            lab.validate(p);
            LabRun run = lab.start(p, req.userData());
            History h = HeadlessRun.run(run, req.horizon(), cancelled);
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException();
            }
            Figure own = HeadlessRun.figure(run, h, req.view());
            owns.add(new Figure(own.title(), own.panels(Panel.Kind.CURVE)));
            for (Panel panel : own.panels(Panel.Kind.CURVE)) {
                for (Layer l : panel.layers()) {
                    if (CurvePanels.isFitted(l)) {
                        double[] v = slopes.computeIfAbsent(panel.id(), k -> filled(seeds.size()));
                        if (Double.isNaN(v[s])) {
                            v[s] = CurvePanels.fittedSlope((Layer.Line) l);
                        }
                    }
                }
            }
            columns = h.columns();
            int[] its = new int[h.size()];
            double[][] rs = new double[h.size()][];
            for (int i = 0; i < h.size(); i++) {
                its[i] = h.iteration(i);
                rs[i] = h.row(i);
            }
            iterations.add(its);
            rows.add(rs);
            if (first == null) {
                first = run;
                firstHistory = h;
            }
            progress.accept(s + 1);
        }
        // the iterations every seed recorded
        int[] common = iterations.get(0);
        for (int[] its : iterations.subList(1, iterations.size())) {
            common = Arrays.stream(common).filter(i -> Arrays.binarySearch(its, i) >= 0).toArray();
        }
        int width = columns.size();
        History median = History.forRun(columns, firstHistory.state(0) == null ? 0 : firstHistory.state(0).length);
        double[][] medians = new double[common.length][];
        double[][] lo = new double[common.length][];
        double[][] hi = new double[common.length][];
        double[] v = new double[seeds.size()];
        for (int k = 0; k < common.length; k++) {
            int it = common[k];
            double[] med = new double[width];
            lo[k] = new double[width];
            hi[k] = new double[width];
            for (int c = 0; c < width; c++) {
                int m = 0;
                for (int s = 0; s < seeds.size(); s++) {
                    int idx = Arrays.binarySearch(iterations.get(s), it);
                    double x = rows.get(s)[idx][c];
                    if (!Double.isNaN(x)) {
                        v[m++] = x;
                    }
                }
                double[] sorted = Arrays.copyOf(v, m);
                Arrays.sort(sorted);
                med[c] = SweepSummary.quantile(sorted, 0.5);
                lo[k][c] = SweepSummary.quantile(sorted, LOW);
                hi[k][c] = SweepSummary.quantile(sorted, HIGH);
            }
            medians[k] = med;
            int fi = firstHistory.indexAtOrBefore(it);
            median.record(it, med, firstHistory.state(fi));
        }
        Figure ofMedian = first.figure(median, median.size() - 1, req.view());
        Figure ofFirst = first.figure(firstHistory, firstHistory.size() - 1, req.view());
        String range = seedRange(seeds);
        List<Panel> out = new ArrayList<>();
        for (Panel p : ofFirst.panels()) {
            if (p.kind() == Panel.Kind.CURVE) {
                continue;
            }
            List<String> notes = new ArrayList<>(p.notes());
            if (p.kind() == Panel.Kind.GEOMETRY) {
                notes.add(0, "seed " + seeds.get(0) + " (the curves: median of " + range + ")");
            }
            out.add(new Panel(p.id(), p.title(), p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(), notes));
        }
        for (Panel p : ofMedian.panels(Panel.Kind.CURVE)) {
            out.add(banded(p, medians, columns, lo, hi, seeds, slopes.get(p.id()), owns, maxBands));
        }
        return new Figure(ofMedian.title(), reorder(ofFirst, out));
    }

    /** The panels in the order of the first seed's figure. */
    private static List<Panel> reorder(Figure order, List<Panel> panels) {
        List<Panel> out = new ArrayList<>();
        for (Panel p : order.panels()) {
            for (Panel q : panels) {
                if (q.id().equals(p.id())) {
                    out.add(q);
                    break;
                }
            }
        }
        for (Panel q : panels) {
            if (!out.contains(q)) {
                out.add(q);
            }
        }
        return out;
    }

    private static double[] filled(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /**
     * A note the lab wrote for one run, said of the median curve it was computed from: the labs word a level the
     * curve reached as "the statistical floor of this sample" (gmm-simplex, mlr-overspec), which over several
     * seeds is the floor of the median of the seeds' curves, not of one sample. Other notes are unchanged.
     */
    static String ofTheMedian(String note) {
        return note.replace("the statistical floor of this sample", "the statistical floor of the seeds' median curve")
                .replace("this sample's floor is lower", "the median curve's floor is lower");
    }

    /**
     * A median curve panel with a band under each measured curve and the notes on seeds and slopes. A
     * curve the lab draws from the run's history is a column of the median history (its band: that
     * column's quantiles). A curve the lab draws from the engine itself (its own trace, not the history:
     * the same in the median figure as in the first seed's) is aggregated from the seeds' own figures
     * instead, point by point, when every seed drew it on the same abscissas; the panel's notes then
     * speak of the first seed, and the median's slope is fitted over the first seed's fitted range.
     */
    private static Panel banded(Panel p, double[][] medians, List<String> columns, double[][] lo, double[][] hi,
                                List<Long> seeds, double[] slopes, List<Figure> owns, int maxBands) {
        String bandName = "10–90 % of " + seedRange(seeds);
        List<Layer> layers = new ArrayList<>();
        boolean banded = false;
        boolean fromEngine = false;
        double medianSlope = Double.NaN;
        Layer.Line firstFit = null;
        List<Panel> seedPanels = new ArrayList<>();
        for (Figure f : owns) {
            seedPanels.add(f.panel(p.id()));
        }
        List<Layer.Line> engineMedians = new ArrayList<>();
        int bands = 0;
        for (int i = 0; i < p.layers().size(); i++) {
            Layer l = p.layers().get(i);
            if (l instanceof Layer.Line ln && CurvePanels.isFitted(ln)) {
                if (Double.isNaN(medianSlope)) {
                    medianSlope = CurvePanels.fittedSlope(ln);
                    firstFit = ln;
                }
                layers.add(l);
                continue;
            }
            int[] rowsOfPoints = null;
            int c = -1;
            if (l instanceof Layer.Line ln && seeds.size() > 1) {
                for (int col = 0; col < columns.size() && rowsOfPoints == null; col++) {
                    rowsOfPoints = match(ln, medians, col);
                    c = col;
                }
            }
            if (rowsOfPoints != null) {
                Layer.Line ln = (Layer.Line) l;
                int n = ln.size();
                double[] bl = new double[n];
                double[] bh = new double[n];
                for (int k = 0; k < n; k++) {
                    int r = rowsOfPoints[k];
                    bl[k] = r < 0 ? Double.NaN : lo[r][c];
                    bh[k] = r < 0 ? Double.NaN : hi[r][c];
                }
                Layer.Band band = bands < maxBands ? band(banded ? null : bandName, ln, ln.x(), bl, bh, p.y().log()) : null;
                if (band != null) {
                    layers.add(band);
                    banded = true;
                    bands++;
                }
                layers.add(l);
                continue;
            }
            double[][] across = l instanceof Layer.Line ln ? engineDrawn(ln, i, seedPanels) : null;
            if (across != null) {
                Layer.Line ln = (Layer.Line) l;
                Layer.Band band = bands < maxBands ? band(banded ? null : bandName, ln, ln.x(), across[1], across[2],
                        p.y().log()) : null;
                if (band != null) {
                    layers.add(band);
                    banded = true;
                    bands++;
                }
                Layer.Line med = new Layer.Line(ln.name(), ln.ink(), ln.x(), across[0]);
                layers.add(med);
                engineMedians.add(med);
                fromEngine = true;
                continue;
            }
            layers.add(l);
        }
        List<String> notes = new ArrayList<>();
        if (fromEngine) {
            // the lab drew these notes (and its fit) from the first seed's own run
            for (String n : p.notes()) {
                notes.add("seed " + seeds.get(0) + ": " + n);
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) == firstFit) {
                    layers.set(i, new Layer.Line(firstFit.name() + " (seed " + seeds.get(0) + ")", firstFit.ink(),
                            firstFit.x(), firstFit.y()));
                }
            }
            medianSlope = firstFit == null || engineMedians.isEmpty() ? Double.NaN
                    : slopeOver(engineMedians.get(0), firstFit);
        } else {
            for (String n : p.notes()) {
                notes.add(ofTheMedian(n));
            }
        }
        if (banded) {
            notes.add("median of " + seedRange(seeds) + " at each " + (fromEngine ? "point" : "iteration")
                    + "; band: 10–90 % of the seeds");
        } else {
            notes.add("drawn from the median of " + seedRange(seeds) + " at each iteration (no spread to show)");
        }
        if (slopes != null) {
            double sum = 0;
            int m = 0;
            for (double s : slopes) {
                if (Double.isFinite(s)) {
                    sum += s;
                    m++;
                }
            }
            if (m > 0) {
                double mean = sum / m;
                double ss = 0;
                for (double s : slopes) {
                    if (Double.isFinite(s)) {
                        ss += (s - mean) * (s - mean);
                    }
                }
                double sd = m > 1 ? Math.sqrt(ss / (m - 1)) : 0;
                notes.add("slope of the median " + (Double.isFinite(medianSlope) ? CurvePanels.num(medianSlope, 3)
                        : "– (no fit)") + "; over seeds " + CurvePanels.num(mean, 3) + " ± " + CurvePanels.num(sd, 2)
                        + " (mean ± sd of " + m + " per-seed fit" + (m == 1 ? "" : "s")
                        + (m < slopes.length ? "; " + (slopes.length - m) + " seeds without a fit" : "") + ")");
            }
        }
        return new Panel(p.id(), p.title(), p.kind(), p.x(), p.y(), p.equalAspect(), layers, notes);
    }

    /** A band in the line's colour, or null when it has no width anywhere (a curve every seed draws alike). */
    private static Layer.Band band(String name, Layer.Line ln, double[] x, double[] lo, double[] hi, boolean log) {
        boolean spread = false;
        double[] l = lo.clone();
        double[] h = hi.clone();
        for (int i = 0; i < l.length; i++) {
            spread |= h[i] > l[i];
            if (log) {
                l[i] = l[i] > CurvePanels.LOG_FLOOR || Double.isNaN(l[i]) ? l[i] : CurvePanels.LOG_FLOOR;
                h[i] = h[i] > CurvePanels.LOG_FLOOR || Double.isNaN(h[i]) ? h[i] : CurvePanels.LOG_FLOOR;
            }
        }
        return spread ? new Layer.Band(name, ln.ink().withOpacity(1.0).withDash(Ink.Dash.SOLID), x.clone(), l, h) : null;
    }

    /**
     * {median, 10 %, 90 %} point by point over the seeds' own drawings of layer {@code i}, when the line is
     * drawn from the engine (the median figure's line is exactly the first seed's) and every seed drew a
     * line of that name on the same abscissas, not all alike; else null.
     */
    private static double[][] engineDrawn(Layer.Line ln, int i, List<Panel> seedPanels) {
        if (ln.name() == null || seedPanels.size() < 2) {
            return null;
        }
        List<Layer.Line> lines = new ArrayList<>();
        for (Panel sp : seedPanels) {
            if (sp == null || sp.layers().size() <= i || !(sp.layers().get(i) instanceof Layer.Line o)
                    || !ln.name().equals(o.name()) || !Arrays.equals(o.x(), ln.x())) {
                return null;
            }
            lines.add(o);
        }
        if (!Arrays.equals(lines.get(0).y(), ln.y())) {
            return null; // the line follows the median history: not the engine's
        }
        boolean differ = false;
        for (Layer.Line o : lines) {
            differ |= !Arrays.equals(o.y(), ln.y());
        }
        if (!differ) {
            return null;
        }
        int n = ln.size();
        double[][] out = new double[3][n];
        double[] v = new double[lines.size()];
        for (int k = 0; k < n; k++) {
            int m = 0;
            for (Layer.Line o : lines) {
                double y = o.y()[k];
                if (!Double.isNaN(y)) {
                    v[m++] = y;
                }
            }
            double[] sorted = Arrays.copyOf(v, m);
            Arrays.sort(sorted);
            out[0][k] = SweepSummary.quantile(sorted, 0.5);
            out[1][k] = SweepSummary.quantile(sorted, LOW);
            out[2][k] = SweepSummary.quantile(sorted, HIGH);
        }
        return out;
    }

    /** The slope of {@code curve} over the abscissas {@code fit} covers, by the kind of fit it is (power or geometric). */
    private static double slopeOver(Layer.Line curve, Layer.Line fit) {
        double x0 = fit.x()[0];
        double x1 = fit.x()[fit.size() - 1];
        boolean power = !(Math.abs(fit.x()[1] - fit.x()[0] - (x1 - x0) / (fit.size() - 1)) <= 1e-9 * Math.max(1, x1));
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int k = 0; k < curve.size(); k++) {
            double x = curve.x()[k];
            double y = curve.y()[k];
            if (x >= x0 && x <= x1 && y > 0 && Double.isFinite(y) && (!power || x > 0)) {
                xs.add(power ? Math.log(x) : x);
                ys.add(Math.log(y));
            }
        }
        if (xs.size() < 3) {
            return Double.NaN;
        }
        org.emlab.core.numeric.LinearFit f = org.emlab.core.numeric.LinearFit.fit(
                xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
        return f.slope();
    }

    /**
     * The median history's rows a drawn line shows, one per point (−1 for a point without a value), when
     * the line draws trajectory column {@code c}: its usable values are that column's medians, in order
     * of iteration (whatever its abscissa: iterations, samples, …), at least two of them; null otherwise
     * (a theory line, a fit, a guide, another column).
     */
    static int[] match(Layer.Line ln, double[][] medians, int c) {
        if (ln.name() == null && ln.size() == 2) {
            return null;
        }
        int[] rows = new int[ln.size()];
        int k = 0;
        int matched = 0;
        for (int i = 0; i < ln.size(); i++) {
            double y = ln.y()[i];
            if (Double.isNaN(y) || Double.isInfinite(y)) {
                rows[i] = -1;
                continue;
            }
            while (k < medians.length && !same(y, medians[k][c])) {
                k++;
            }
            if (k == medians.length) {
                return null;
            }
            rows[i] = k;
            matched++;
        }
        return matched >= 2 ? rows : null;
    }

    /** A drawn value and a column value: equal, or the log axes' floor standing for a value at or below it. */
    private static boolean same(double drawn, double value) {
        return drawn == value || (drawn == CurvePanels.LOG_FLOOR && !(value > CurvePanels.LOG_FLOOR) && !Double.isNaN(value));
    }
}
