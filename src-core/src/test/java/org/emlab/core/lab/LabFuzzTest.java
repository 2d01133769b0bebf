package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.emlab.core.data.Rng;
import org.emlab.core.em.StepEngine;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzzing of every lab: random valid configurations, biased towards the ends of every range
 * (tiny σ, huge SNR, tiny weights, large d and k, n = d + 1, …). Each runs a few steps and must throw
 * nothing, keep every value finite, and — where the algorithm is exact EM — never decrease its
 * log-likelihood. {@value #DEFAULT_CONFIGS} configurations per lab in CI; more with
 * {@code -Demlab.fuzz.configs=5000}.
 */
class LabFuzzTest {
    static final int DEFAULT_CONFIGS = 500;
    /** Sample sizes are capped so a configuration costs milliseconds. */
    static final int MAX_FUZZ_SIZE = 1500;
    static final int STEPS = 3;

    static Stream<Lab> labs() {
        return LabRegistry.all().stream();
    }

    @ParameterizedTest
    @MethodSource("labs")
    void randomValidConfigurationsStayFiniteAndMonotone(Lab lab) {
        int configs = Integer.getInteger("emlab.fuzz.configs", DEFAULT_CONFIGS);
        RandomGenerator rng = Rng.of(lab.id().hashCode() * 31L + 2026);
        int valid = 0;
        int attempts = 0;
        while (valid < configs) {
            if (++attempts > 40 * configs) {
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
            valid++;
            run(lab, p);
        }
    }

    private static void run(Lab lab, ParamValues p) {
        StepEngine e;
        try {
            e = lab.start(p, null).engine();
        } catch (RuntimeException ex) {
            throw new AssertionError(lab.id() + " failed to start with " + p.describe(), ex);
        }
        List<String> cols = e.columns();
        int mono = e.monotoneColumn() == null ? -1 : cols.indexOf(e.monotoneColumn());
        double[] row = new double[cols.size()];
        double prev = Double.NaN;
        for (int t = 0; t <= STEPS && !e.finished(); t++) {
            try {
                if (t > 0) {
                    e.step();
                }
                e.row(row);
            } catch (RuntimeException ex) {
                throw new AssertionError(lab.id() + " threw at t=" + t + " with " + p.describe(), ex);
            }
            for (int c = 0; c < row.length; c++) {
                if (!Double.isFinite(row[c])) {
                    fail(lab.id() + ": " + cols.get(c) + " = " + row[c] + " at t=" + t + " with " + p.describe());
                }
            }
            if (mono >= 0) {
                double ll = row[mono];
                assertTrue(Double.isNaN(prev) || ll >= prev - 1e-12 * (1 + Math.abs(prev)),
                        lab.id() + ": " + cols.get(mono) + " fell from " + prev + " to " + ll + " at t=" + t + " with "
                                + p.describe());
                prev = ll;
            }
        }
    }

    /** Each parameter: its default, an end of its range, or a random value (log-uniform over wide ranges). */
    static ParamValues random(Lab lab, RandomGenerator rng) {
        ParamValues p = lab.defaults();
        for (ParamSpec s : lab.parameters()) {
            if (s.name().equals("seed")) {
                p = p.with("seed", Long.toString(rng.nextLong(0, 1_000_000)));
                continue;
            }
            double u = rng.nextDouble();
            if (u < 0.35) {
                continue; // keep the default
            }
            try {
                p = p.with(s.name(), value(s, rng, u));
            } catch (ValidationException ignored) {
                // an unlucky draw (e.g. an open end): keep the default
            }
        }
        // sample sizes above the cap (including kept defaults) are drawn again below it
        for (ParamSpec s : lab.parameters()) {
            if (isSize(s) && p.getInt(s.name()) > MAX_FUZZ_SIZE) {
                long lo = (long) s.min();
                p = p.with(s.name(), Long.toString(rng.nextDouble() < 0.3 ? lo : logUniformLong(rng, lo, MAX_FUZZ_SIZE)));
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
                long hi = (long) Math.min(s.max(), lo <= 1 && s.max() > MAX_FUZZ_SIZE ? MAX_FUZZ_SIZE : s.max());
                if (s.max() > MAX_FUZZ_SIZE && (s.name().equals("n") || s.name().equals("m") || s.name().startsWith("n_"))) {
                    hi = Math.max(lo, Math.min(hi, MAX_FUZZ_SIZE));
                }
                if (u < 0.5) {
                    return Long.toString(rng.nextBoolean() ? lo : hi);
                }
                return Long.toString(logUniformLong(rng, lo, hi));
            }
            case REAL: {
                double lo = s.minOpen() ? Math.max(s.min(), 1e-6) : s.min();
                double hi = s.max();
                if (u < 0.5) {
                    return ParamSpec.fmtExact(rng.nextBoolean() ? lo : hi);
                }
                if (lo > 0 && hi / lo > 100) {
                    return ParamSpec.fmtExact(Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo))));
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
                    v[i] = u < 0.6 && i == 0 ? 1e-9 : s.min() + rng.nextDouble() * (Math.min(s.max(), 10) - s.min());
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

    private static long logUniformLong(RandomGenerator rng, long lo, long hi) {
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
