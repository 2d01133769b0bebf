package org.emlab.core.lab;

import org.emlab.core.trajectory.History;

/**
 * Where a run stops by itself: after {@link #iterations()} iterations, or earlier when it has
 * {@linkplain #untilConverged() converged to rounding} (for {@link #CONVERGED_RUN} iterations in a
 * row, no coordinate of the engine's exact state moved by more than {@link #CONVERGED_TOLERANCE}
 * times the largest coordinate: a few hundred units in the last place). The window stops playing there and says why (Space goes on past it);
 * {@code ./emlab run} and {@code render} without {@code --iterations} stop at the same place, so a
 * preset's figure on screen and on a slide end at the same iteration.
 *
 * @param iterations     the most iterations the run takes by itself
 * @param untilConverged true to stop earlier once the iterates no longer change (converged to rounding)
 */
public record Horizon(int iterations, boolean untilConverged) {
    /** A lab's horizon when it names none: long enough for every shipped default to show its claim. */
    public static final int DEFAULT_ITERATIONS = 1000;
    /** Largest move, relative to the state's size, that still counts as "not moving". */
    public static final double CONVERGED_TOLERANCE = 1e-13;
    /** Consecutive iterations without a move before the run counts as converged. */
    public static final int CONVERGED_RUN = 3;

    public Horizon {
        if (iterations < 0) {
            throw new IllegalArgumentException("a horizon needs iterations >= 0 (got " + iterations + ")");
        }
    }

    /** The default: {@link #DEFAULT_ITERATIONS}, or earlier when converged to rounding. */
    public static Horizon standard() {
        return new Horizon(DEFAULT_ITERATIONS, true);
    }

    /** Exactly {@code n} iterations (as {@code --iterations n} asks): no early stop. */
    public static Horizon exactly(int n) {
        return new Horizon(n, false);
    }

    /** {@code n} iterations, or earlier when converged to rounding (a preset's suggested horizon). */
    public static Horizon upTo(int n) {
        return new Horizon(n, true);
    }

    /**
     * Why a run whose recorded iterations are {@code h} stops now, or null when it goes on: "the
     * horizon of 300 iterations" or "converged to rounding at iteration 87". Only the newest
     * entries are read.
     */
    public String reached(History h) {
        Stop s = stop(h);
        if (s == null) {
            return null;
        }
        return s == Stop.HORIZON ? "the horizon of " + iterations + " iteration" + (iterations == 1 ? "" : "s")
                : "converged to rounding at iteration " + h.iteration(h.size() - 1);
    }

    /**
     * Which rule stops a run whose recorded iterations are {@code h} now ({@link Stop#HORIZON} or
     * {@link Stop#CONVERGED}), or null when it goes on.
     */
    public Stop stop(History h) {
        int last = h.size() - 1;
        if (last < 0) {
            return null;
        }
        if (h.iteration(last) - h.iteration(0) >= iterations) {
            return Stop.HORIZON;
        }
        if (untilConverged && converged(h)) {
            return Stop.CONVERGED;
        }
        return null;
    }

    /** Why a run stopped: its horizon, convergence to rounding, or its engine saying it can go no further. */
    public enum Stop {
        /** The horizon's number of iterations was reached. */
        HORIZON("horizon"),
        /** The iterates stopped moving (converged to rounding) before the horizon. */
        CONVERGED("converged"),
        /** The engine finished by itself ({@code StepEngine.finished()}: its own end, or the rounding floor). */
        ENGINE_FINISHED("engine finished");

        private final String id;

        Stop(String id) {
            this.id = id;
        }

        /** The name written into a run's metadata: "horizon", "converged", "engine finished". */
        public String id() {
            return id;
        }

        /** The stop called {@code id}, or null. */
        public static Stop of(String id) {
            for (Stop s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** True when the last {@link #CONVERGED_RUN} recorded steps moved no coordinate of the state by more than the tolerance. */
    static boolean converged(History h) {
        int last = h.size() - 1;
        if (last < CONVERGED_RUN) {
            return false;
        }
        for (int k = 0; k < CONVERGED_RUN; k++) {
            int i = last - k;
            if (h.iteration(i) - h.iteration(i - 1) != 1) {
                return false;
            }
            double[] a = h.state(i);
            double[] b = h.state(i - 1);
            if (a == null || b == null || a.length != b.length || a.length == 0) {
                return false;
            }
            double scale = 0;
            double move = 0;
            for (int c = 0; c < a.length; c++) {
                if (!Double.isFinite(a[c]) || !Double.isFinite(b[c])) {
                    return false;
                }
                scale = Math.max(scale, Math.abs(a[c]));
                move = Math.max(move, Math.abs(a[c] - b[c]));
            }
            if (move > CONVERGED_TOLERANCE * scale) {
                return false;
            }
        }
        return true;
    }
}
