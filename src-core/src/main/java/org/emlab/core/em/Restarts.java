package org.emlab.core.em;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Rng;

/**
 * Several seeded starts of an exact EM engine, of which the best is kept (the {@code restarts}
 * parameter of the general labs {@code gmm} and {@code mlr}; docs/labs/gmm.md and docs/labs/mlr.md,
 * "Initialisation"). The rule:
 * <ol>
 *   <li>Start r = 1..R draws its initial parameters from its own random stream
 *       ({@link #stream(long, int)}: start 1 uses the run's ordinary initialisation stream, so R = 1 is
 *       the single-start run), so the same seed gives the same run bit for bit.</li>
 *   <li>Each start runs exact EM for at most {@link #shortIterations(double, int)} iterations, fewer when
 *       one step changes ℓ by at most {@link #CONVERGED}{@code ·(1 + |ℓ|)} or the engine stops.</li>
 *   <li>The winner has the highest ℓ among the starts that did not stop early and whose floor does not
 *       bind at the end (a fit the floor holds up is a collapse towards a degenerate, unbounded
 *       likelihood, not a better optimum); if every start is like that, the highest ℓ overall. Ties go
 *       to the lower start.</li>
 * </ol>
 * The run then starts again from the winner's initial parameters, so its trajectory shows EM from
 * iteration 0; an event at iteration 0 and the run's notes name the winner.
 */
public final class Restarts {
    /** Most EM iterations a start runs before the comparison. */
    public static final int MAX_SHORT_ITERATIONS = 200;
    /** Fewest EM iterations a start runs (unless it converges or stops first). */
    public static final int MIN_SHORT_ITERATIONS = 3;
    /** The work budget of all starts together, in multiply-adds (a few hundredths of a second). */
    public static final double WORK = 5e7;
    /** What one exponential and its share of the E-step cost, in multiply-adds, per point and component. */
    public static final double EXP_COST = 30;
    /** A start has converged when one step changes ℓ by at most this times {@code 1 + |ℓ|}. */
    public static final double CONVERGED = 1e-8;
    /** First stream id of the extra starts (start r ≥ 2 uses {@code RESTART_STREAM + r}). */
    static final long RESTART_STREAM = 1000;

    private Restarts() {
    }

    /** The random stream of start {@code r} (1-based) of run {@code seed}. */
    public static RandomGenerator stream(long seed, int r) {
        return r <= 1 ? Rng.stream(seed, Rng.INIT) : Rng.stream(seed, RESTART_STREAM + r);
    }

    /**
     * EM iterations per start: {@code min(200, max(3, ⌊5·10⁷ / (R·c)⌋))} for R starts whose EM step costs
     * about c multiply-adds (gmm: n·k·(d² + 30) with full covariances, n·k·(d + 30) otherwise; mlr:
     * n·k·(p² + 30); the 30 stands for the exponential of each responsibility), so that small problems
     * compare nearly converged fits and large ones stay quick to start.
     */
    public static int shortIterations(double stepCost, int starts) {
        double budget = Math.floor(WORK / (Math.max(1, starts) * Math.max(1, stepCost)));
        return (int) Math.max(MIN_SHORT_ITERATIONS, Math.min(MAX_SHORT_ITERATIONS, budget));
    }

    /** An engine as the comparison sees it. */
    public interface Candidate {
        /** The exact EM engine started from this start's parameters. */
        StepEngine engine();

        /** ℓ at the engine's current parameters. */
        double logLikelihood();

        /** True when the floor holds up a covariance or variance at the end. */
        boolean floorBinds();
    }

    /** What one start reached. */
    public record Outcome(int start, double loglik, int iterations, boolean stopped, boolean floorBinds) {
        /** True when it may win before the degenerate ones. */
        public boolean usable() {
            return !stopped && !floorBinds;
        }
    }

    /**
     * The comparison's result.
     *
     * @param winner   the winning start, 1-based
     * @param outcomes every start's outcome, in order
     */
    public record Result(int winner, List<Outcome> outcomes) {
        /** The winner's outcome. */
        public Outcome best() {
            return outcomes.get(winner - 1);
        }

        /**
         * The timeline event: "restarts: start 3 of 5 won with ℓ = −5244.51 after 200 EM iterations (the others
         * reached −5250.2, −5301.7, …)".
         */
        public String event() {
            Outcome b = best();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "restarts: start %d of %d won with ℓ = %s after %d EM "
                    + "iteration%s", winner, outcomes.size(), num(b.loglik()), b.iterations(), b.iterations() == 1 ? "" : "s"));
            if (!b.usable()) {
                sb.append(" (every start ").append(b.stopped() ? "stopped early" : "ends with the floor binding").append(")");
            }
            List<String> others = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.start() != winner) {
                    others.add(num(o.loglik()) + (o.stopped() ? " (stopped)" : o.floorBinds() ? " (floor binds)" : ""));
                }
            }
            if (!others.isEmpty()) {
                sb.append("; the others reached ").append(String.join(", ", others));
            }
            return sb.toString();
        }
    }

    /**
     * Runs starts 1..{@code count} (each made by {@code start}) for {@code iterations} EM iterations at
     * most and returns the winner by the rule of the class comment.
     */
    public static Result best(int count, int iterations, IntFunction<Candidate> start) {
        List<Outcome> outcomes = new ArrayList<>();
        int winner = -1;
        for (int r = 1; r <= count; r++) {
            Candidate c = start.apply(r);
            StepEngine e = c.engine();
            double prev = c.logLikelihood();
            int done = 0;
            while (done < iterations && !e.finished()) {
                e.step();
                done++;
                double ll = c.logLikelihood();
                boolean converged = Math.abs(ll - prev) <= CONVERGED * (1 + Math.abs(ll));
                prev = ll;
                if (converged) {
                    break;
                }
            }
            Outcome o = new Outcome(r, prev, done, e.finished(), c.floorBinds());
            outcomes.add(o);
            if (winner < 0 || better(o, outcomes.get(winner - 1))) {
                winner = r;
            }
        }
        return new Result(winner, List.copyOf(outcomes));
    }

    /** True when {@code a} beats {@code b}: usable before not usable, then the higher ℓ (NaN never wins). */
    static boolean better(Outcome a, Outcome b) {
        if (a.usable() != b.usable()) {
            return a.usable();
        }
        return a.loglik() > b.loglik() || (Double.isNaN(b.loglik()) && !Double.isNaN(a.loglik()));
    }

    /** Six significant digits with a true minus sign, as the notes beside it write ℓ ("−268.999", not "-268.999"). */
    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replace('-', '−');
    }
}
