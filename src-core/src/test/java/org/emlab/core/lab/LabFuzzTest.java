package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Rng;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.emlab.core.param.Extremes;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.labs.overparam.GmmOverparamLab;

/**
 * Seeded fuzzing of every lab: random valid configurations, biased towards the ends of every range
 * and towards the {@link Extremes} (σ = 1e-6, snr from 1e-3 to 1e6, weights 1e-9 and 1 − 1e-9, d up
 * to 200, k up to 16, n = d + 1), and, for the labs that take user data, nasty data sets (one huge
 * outlier, duplicated points, a collapsed cluster). Each configuration runs a few steps and must
 * throw nothing, keep every trajectory value finite, build a figure with no infinity and no "NaN"
 * text, and — where the algorithm is exact EM ({@link StepEngine#monotoneColumn()}) — never decrease
 * its log-likelihood ({@code Δℓ ≥ −1e-12 (1 + |ℓ|)}, docs/labs/README.md#display-floors-stopping-rules-and-tolerances).
 *
 * <p>{@value #DEFAULT_CONFIGS} configurations per lab in CI; more with
 * {@code -Pfuzz} or {@code -Demlab.fuzz.configs=5000} (and one lab only with {@code -Demlab.fuzz.lab=ID}). To keep each lab to seconds, a configuration whose estimated work
 * per step exceeds {@link #WORK_CAP} is drawn again, except for a few ({@link #EXPENSIVE_SHARE}) up to
 * {@link #EXPENSIVE_FACTOR} times the cap, so that the costly paths (population grids in high d, full
 * covariances at d = 200) are still visited.
 */
class LabFuzzTest {
    static final int DEFAULT_CONFIGS = 500;
    static final long SLOW_REPORT_MS = Long.getLong("emlab.fuzz.slow", Long.MAX_VALUE);
    /** Opt-in diagnostics: {@code -Demlab.fuzz.trace=true} prints each configuration before it runs. */
    static final boolean TRACE = Boolean.getBoolean("emlab.fuzz.trace");
    /** Sample sizes are capped so a configuration costs milliseconds. */
    static final int MAX_FUZZ_SIZE = 1500;
    static final int STEPS = 3;
    /** Rough floating-point operations per step a configuration may cost. */
    static final double WORK_CAP = 4e6;
    /** Share of configurations allowed above the cap ... */
    static final double EXPENSIVE_SHARE = 0.01;
    /** ... up to this many times the cap. */
    static final double EXPENSIVE_FACTOR = 100;
    /** Share of configurations of a user-data lab that run on a nasty data set. */
    static final double NASTY_DATA_SHARE = 0.3;

    /** Every lab, or only the one named by {@code -Demlab.fuzz.lab=ID}. */
    static Stream<Lab> labs() {
        String only = System.getProperty("emlab.fuzz.lab", "");
        return LabRegistry.all().stream().filter(l -> only.isEmpty() || l.id().equals(only));
    }

    @ParameterizedTest
    @MethodSource("labs")
    void randomValidConfigurationsStayFiniteAndMonotone(Lab lab) {
        int configs = Integer.getInteger("emlab.fuzz.configs", DEFAULT_CONFIGS);
        RandomGenerator rng = Rng.of(lab.id().hashCode() * 31L + 2026);
        int valid = 0;
        int attempts = 0;
        while (valid < configs) {
            if (++attempts > 60 * configs) {
                fail(lab.id() + ": only " + valid + " valid configurations in " + attempts + " attempts");
            }
            ParamValues p;
            try {
                p = lab.repair(random(lab, rng));
                lab.validate(p);
                SizeGuard.check(lab, p);
            } catch (ValidationException e) {
                continue;
            }
            double work = work(lab, p);
            if (work > WORK_CAP && (work > EXPENSIVE_FACTOR * WORK_CAP || rng.nextDouble() > EXPENSIVE_SHARE)) {
                continue;
            }
            Dataset data = null;
            if (lab.acceptsUserData() && rng.nextDouble() < NASTY_DATA_SHARE) {
                Dataset generated = lab.start(p, null).data();
                data = NastyData.of(generated, rng);
            }
            valid++;
            if (TRACE) {
                System.err.println("RUN " + valid + " " + lab.id() + " " + p.describe() + " work=" + work
                        + (data == null ? "" : " on " + NastyData.describe(data)));
            }
            long t0 = System.nanoTime();
            run(lab, p, data);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > SLOW_REPORT_MS) {
                System.err.println("SLOW " + ms + " ms: " + lab.id() + " " + p.describe() + " work=" + work);
            }
        }
    }

    private static void run(Lab lab, ParamValues p, Dataset data) {
        String what = p.describe() + (data == null ? "" : " on " + NastyData.describe(data));
        LabRun r;
        try {
            r = lab.start(p, data);
        } catch (ValidationException ex) {
            if (data != null) {
                return; // nasty data may be refused with a message (e.g. fewer distinct rows than components)
            }
            throw new AssertionError(lab.id() + " refused valid parameters at start: " + what, ex);
        } catch (RuntimeException ex) {
            throw new AssertionError(lab.id() + " failed to start with " + what, ex);
        }
        StepEngine e = r.engine();
        List<String> cols = e.columns();
        int mono = e.monotoneColumn() == null ? -1 : cols.indexOf(e.monotoneColumn());
        double[] row = new double[cols.size()];
        double prev = Double.NaN;
        History h = History.forRun(cols, e.state().length);
        for (int t = 0; t <= STEPS; t++) {
            // the initial row is always recorded (as the run loop does), even for an engine finished at start
            if (t > 0 && e.finished()) {
                break;
            }
            try {
                if (t > 0) {
                    e.step();
                }
                e.row(row);
            } catch (RuntimeException ex) {
                throw new AssertionError(lab.id() + " threw at t=" + t + " with " + what, ex);
            }
            for (int c = 0; c < row.length; c++) {
                if (!Double.isFinite(row[c])) {
                    fail(lab.id() + ": " + cols.get(c) + " = " + row[c] + " at t=" + t + " with " + what);
                }
            }
            h.record(e.iteration(), row.clone(), e.state());
            if (mono >= 0) {
                double ll = row[mono];
                assertTrue(Double.isNaN(prev) || ll >= prev - 1e-12 * (1 + Math.abs(prev)),
                        lab.id() + ": " + cols.get(mono) + " fell from " + prev + " to " + ll + " at t=" + t + " with "
                                + what);
                prev = ll;
            }
        }
        Figure f;
        try {
            f = r.figure(h, h.size() - 1, Map.of());
        } catch (RuntimeException ex) {
            throw new AssertionError(lab.id() + " could not draw its figure with " + what, ex);
        }
        String bad = FigureChecks.firstProblem(f);
        if (bad != null) {
            fail(lab.id() + ": figure shows " + bad + " with " + what);
        }
    }

    /**
     * Rough floating-point work of one step: points × components × (d or d²), using what each lab's
     * Javadoc says its step costs. Only used to keep the fuzz test fast.
     */
    static double work(Lab lab, ParamValues p) {
        int d = p.has("d") ? p.getInt("d") : 1;
        boolean population = p.has("population") && p.getBool("population");
        switch (lab.id()) {
            case "gmm-overparam": {
                int m = p.getInt("m");
                int comps = GmmOverparamLab.components(p.getString("components"), m);
                double points = population ? (d <= GmmOverparamLab.MAX_QUADRATURE_DIMENSION
                        ? m * Math.pow(GmmOverparamLab.nodes(p), d) : GmmOverparamLab.MONTE_CARLO_POINTS)
                        : p.getInt("n");
                double loss = d <= GmmOverparamLab.MAX_QUADRATURE_DIMENSION ? m * Math.pow(GmmOverparamLab.nodes(p), d)
                        : GmmOverparamLab.MONTE_CARLO_POINTS;
                return (points * (1 + p.getInt("inner_steps")) + loss) * comps * d;
            }
            case "gmm": {
                int k = p.getInt("k");
                double dd = p.getString("covariance").equals("full") ? d * (double) d : d;
                return p.getInt("n") * (double) k * dd + k * Math.pow(d, 3);
            }
            case "mlr": {
                int pp = d + 1;
                return p.getInt("n") * (double) p.getInt("k") * pp * pp + p.getInt("k") * Math.pow(pp, 3);
            }
            case "mlr-recursive":
                return p.getInt("batch") * (double) d * d;
            case "mlr-clustered": {
                // population: graded quadrature panels grow like n log(snr²) (MlrKit.panelAt), so about 3000 n;
                // sample: the passes over m·n samples, plus the Gram matrix (m n d²) built at start, over the steps
                double samples = (double) p.getInt("m") * p.getInt("n");
                return population ? 3000.0 * p.getInt("n") : samples * d + samples * d * d / STEPS;
            }
            case "gmm-simplex": {
                int k = p.getInt("k");
                // SimplexPopulation: a Gauss–Hermite grid in k − 1 ≤ 3 dimensions up to its radius, the tie rule
                // beyond (about 2·10³, 10⁵ and 3·10⁷ points for k = 2, 3, 4), else Monte Carlo points, swept (k
                // components in k − 1 dims) for the KL column of every row, and for the map itself in
                // population mode
                double radius = p.getString("init").equals("lloyd") || Double.isNaN(p.getDouble("radius"))
                        ? org.emlab.core.model.SimplexGeometry.lloydRadius(k) : p.getDouble("radius");
                double points = switch (k - 1) {
                    case 0, 1 -> radius > 1.0 ? 2000 : 100;
                    case 2 -> radius > 1.25 ? 1e5 : 3600;
                    case 3 -> radius > 1.2 ? 3e7 : 64_000;
                    default -> org.emlab.core.em.SimplexPopulation.MC_POINTS;
                };
                double kl = points * k * Math.max(1, k - 1);
                return population ? 2 * kl : p.getInt("n") * (double) k * d + kl;
            }
            case "mlr-overspec":
                return population ? 4000 : p.getInt("n") * (double) d;
            default:
                return 0;
        }
    }

    /** Each parameter: its default, an end of its range, an extreme, or a random value (log-uniform over wide ranges). */
    static ParamValues random(Lab lab, RandomGenerator rng) {
        ParamValues p = lab.defaults();
        for (ParamSpec s : lab.parameters()) {
            if (s.name().equals("seed")) {
                p = p.with("seed", Long.toString(rng.nextLong(0, 1_000_000)));
                continue;
            }
            double u = rng.nextDouble();
            if (u < 0.3) {
                continue; // keep the default
            }
            try {
                p = p.with(s.name(), value(s, rng, u));
            } catch (ValidationException ignored) {
                // an unlucky draw (e.g. an open end): keep the default
            }
        }
        // sample sizes above the cap (including kept defaults) are drawn again below it; n = d + 1 is a favourite
        for (ParamSpec s : lab.parameters()) {
            if (isSize(s) && p.getInt(s.name()) > MAX_FUZZ_SIZE) {
                long lo = (long) s.min();
                long v;
                double u = rng.nextDouble();
                if (u < 0.2 && s.name().equals("n") && p.has("d") && p.getInt("d") + 1 >= lo) {
                    v = p.getInt("d") + 1L;
                } else if (u < 0.4) {
                    v = lo;
                } else {
                    v = logUniformLong(rng, lo, MAX_FUZZ_SIZE);
                }
                p = p.with(s.name(), Long.toString(Math.min(v, MAX_FUZZ_SIZE)));
            }
        }
        return p;
    }

    private static String value(ParamSpec s, RandomGenerator rng, double u) {
        switch (s.type()) {
            case BOOL:
                return Boolean.toString(rng.nextBoolean());
            case CHOICE:
                return s.choices().get(rng.nextInt(s.choices().size()));
            case INT: {
                long lo = (long) s.min();
                long hi = (long) Math.min(s.max(), isSize(s) ? MAX_FUZZ_SIZE : s.max());
                if (u < 0.55) {
                    return Long.toString(rng.nextBoolean() ? lo : hi);
                }
                return Long.toString(logUniformLong(rng, lo, hi));
            }
            case REAL: {
                double lo = s.minOpen() ? Math.max(s.min(), Extremes.MIN_SIGMA) : s.min();
                double hi = s.max();
                if (u < 0.55) {
                    return ParamSpec.fmtExact(rng.nextBoolean() ? lo : hi);
                }
                if (u < 0.65) {
                    // the named extremes, where they are inside the range
                    double[] special = {Extremes.MIN_SIGMA, Extremes.MIN_SNR, Extremes.MIN_WEIGHT, Extremes.MAX_WEIGHT,
                        Extremes.MAX_SNR};
                    double v = special[rng.nextInt(special.length)];
                    if (v >= lo && v <= hi) {
                        return ParamSpec.fmtExact(v);
                    }
                }
                double a = lo > 0 ? lo : Extremes.MIN_SNR;
                if (a < hi && hi / a > 100) {
                    return ParamSpec.fmtExact(Math.exp(Math.log(a) + rng.nextDouble() * (Math.log(hi) - Math.log(a))));
                }
                return ParamSpec.fmtExact(lo + rng.nextDouble() * (hi - lo));
            }
            case VECTOR: {
                double[] def = (double[]) s.defaultValue();
                double sum = 0;
                for (double v : def) {
                    sum += v;
                }
                boolean simplex = Math.abs(sum - 1) < 1e-9;
                double[] v = new double[def.length];
                double tot = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] = u < 0.6 && i == 0 ? Extremes.MIN_WEIGHT
                            : s.min() + rng.nextDouble() * (Math.min(s.max(), 10) - s.min());
                    tot += v[i];
                }
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < v.length; i++) {
                    b.append(i == 0 ? "" : ",").append(ParamSpec.fmtExact(simplex ? v[i] / tot : v[i]));
                }
                return b.toString();
            }
            default:
                return String.valueOf(s.defaultValue());
        }
    }

    static long logUniformLong(RandomGenerator rng, long lo, long hi) {
        if (hi <= lo) {
            return lo;
        }
        double a = Math.log(Math.max(1, lo));
        double b = Math.log(hi + 1.0);
        long v = (long) Math.floor(Math.exp(a + rng.nextDouble() * (b - a)));
        return Math.max(lo, Math.min(hi, v));
    }

    /** Integer parameters that count samples or nodes (their ranges reach far beyond the fuzz cap). */
    static boolean isSize(ParamSpec s) {
        return s.type() == ParamType.INT && s.max() > 10 * MAX_FUZZ_SIZE;
    }
}
