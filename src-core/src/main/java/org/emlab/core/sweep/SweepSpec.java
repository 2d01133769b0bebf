package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * A Monte Carlo sweep: a lab with base parameters, one varied parameter over a {@link SweepRange},
 * {@code trials} independent runs per point, a horizon of {@code iterations}, and the
 * {@link Statistic} each run reports.
 *
 * <p>Trial {@code r} of every point uses the seed {@link #trialSeed(long, int) trialSeed(base
 * seed, r)} (trial 0 uses the base seed itself, so it is the run the window shows for the base
 * parameters). The same trial seeds at every point are common random numbers: they make the
 * differences between points less noisy. Every (point, trial) run depends on nothing else, so
 * the results do not depend on the number of threads or on the order the runs execute in.
 *
 * @param lab        the lab
 * @param base       parameters of every run except the varied one and the seed (validated)
 * @param range      the varied parameter and its range
 * @param trials     runs per point (at least 1)
 * @param iterations horizon T: at most this many iterations per run
 * @param stat       the statistic
 * @param eps        ε of {@link Statistic#ITERATIONS_TO_EPS} (NaN otherwise)
 */
public record SweepSpec(Lab lab, ParamValues base, SweepRange range, int trials, int iterations, Statistic stat, double eps) {
    /** Most trials per point. */
    public static final int MAX_TRIALS = 10_000;
    /** Longest horizon of one trial. */
    public static final int MAX_ITERATIONS = 10_000_000;

    /** Checks everything a sweep needs before any run starts (each error names its field). */
    public SweepSpec {
        List<FieldError> errors = new ArrayList<>();
        if (trials < 1 || trials > MAX_TRIALS) {
            errors.add(new FieldError("trials", "trials must be in [1, " + MAX_TRIALS + "] (got " + trials + ")"));
        }
        if (iterations < 0 || iterations > MAX_ITERATIONS) {
            errors.add(new FieldError("iterations", "iterations must be in [0, " + MAX_ITERATIONS + "] (got " + iterations
                    + ")"));
        }
        switch (stat) {
            case FINAL_ERROR, ITERATIONS_TO_EPS -> {
                if (lab.errorColumn().isEmpty()) {
                    errors.add(new FieldError("stat", "lab " + lab.id() + " defines no error-to-truth column, so "
                            + stat.id() + " is not available; try final_kl or stuck"));
                }
            }
            case FINAL_KL -> {
                if (lab.klColumn().isEmpty()) {
                    errors.add(new FieldError("stat", "lab " + lab.id() + " defines no KL column, so final_kl is not available"));
                }
            }
            default -> {
            }
        }
        if (stat == Statistic.ITERATIONS_TO_EPS) {
            if (!(eps > 0) || !Double.isFinite(eps)) {
                errors.add(new FieldError("eps", "iterations_to_eps needs --eps, a positive number (got "
                        + (Double.isNaN(eps) ? "none" : ParamSpec.fmt(eps)) + ")"));
            }
        } else {
            eps = Double.NaN;
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ParamSpec spec = base.spec(range.param());
        double[] values = range.values(spec);
        for (double v : values) {
            ParamValues p = base.with(range.param(), SweepRange.text(v, spec.type() != ParamType.REAL));
            try {
                lab.validate(p);
            } catch (ValidationException e) {
                throw new ValidationException(e.errors().get(0).field(), "at " + range.param() + " = "
                        + SweepRange.text(v, spec.type() != ParamType.REAL) + ": " + e.getMessage());
            }
        }
    }

    /** The values of the varied parameter, one per point. */
    public double[] values() {
        return range.values(base.spec(range.param()));
    }

    /** The varied parameter's text at point {@code i}. */
    public String valueText(int point) {
        ParamSpec spec = base.spec(range.param());
        return SweepRange.text(values()[point], spec.type() != ParamType.REAL);
    }

    /** The base seed. */
    public long baseSeed() {
        return base.getLong("seed");
    }

    /** The seed of trial {@code trial}. */
    public long seed(int trial) {
        return trialSeed(baseSeed(), trial);
    }

    /**
     * The seed of trial {@code trial} for base seed {@code base}: the base seed itself for trial 0,
     * else a SplitMix64 mix of (base, trial), made non-negative.
     */
    public static long trialSeed(long base, int trial) {
        if (trial == 0) {
            return base;
        }
        long z = base + 0x9E3779B97F4A7C15L * trial;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z & Long.MAX_VALUE;
    }

    /** The parameters of trial {@code trial} at point {@code point}: exactly what "open as a run" loads. */
    public ParamValues params(int point, int trial) {
        return base.with(range.param(), valueText(point)).with("seed", Long.toString(seed(trial)));
    }
}
