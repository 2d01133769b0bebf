package org.emlab.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.emlab.core.data.Dataset;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.Cholesky;
import org.emlab.core.numeric.Stable;
import org.emlab.core.text.Numbers;

/**
 * Exact EM for a Gaussian mixture with k components, {@code p(x) = Σ_j π_j N(x; μ_j, Σ_j)}, with full,
 * diagonal or spherical covariances (textbook EM: Dempster, Laird &amp; Rubin 1977; docs/labs/gmm.md,
 * "Sample EM update"):
 * <pre>
 *   E-step (log space, with the Cholesky factor L_j of Σ_j):
 *     a_ij = log π_j − ½ d log 2π − ½ log det Σ_j − ½ ‖L_j⁻¹ (x_i − μ_j)‖²,   log det Σ_j = 2 Σ_r log (L_j)_rr
 *     w_ij = exp(a_ij − logsumexp_j a_ij),     ℓ = Σ_i logsumexp_j a_ij
 *   M-step, with N_j = Σ_i w_ij:
 *     π_j = N_j / N,   μ_j = (1/N_j) Σ_i w_ij x_i,
 *     S_j = (1/N_j) Σ_i w_ij (x_i − μ_j)(x_i − μ_j)ᵀ,
 *     Σ_j = V_j max(Λ_j, ε) V_jᵀ  (full, S_j = V_j Λ_j V_jᵀ),   max(diag S_j, ε) (diag),   max(tr S_j / d, ε) I (spherical)
 * </pre>
 *
 * <h2>The floor is a constraint</h2>
 * {@code ε ≥ 0} is the covariance floor (the lab's {@code covariance_floor}). The M-step above is the
 * exact M-step of EM constrained to {@code Σ_j ⪰ εI}: where every eigenvalue of the scatter is at least
 * ε it is the textbook {@code S_j} itself, so a fit the floor does not hold up is a fixed point of the
 * unconstrained EM equations, i.e. the MLE's stationarity conditions, whatever path led there. Every
 * iterate lies in the constraint set (initial covariances below the floor are raised to it, with an
 * event), so each step is a generalised EM step and ℓ never decreases. When the floor binds, the
 * caption names the components, and an event marks where it starts and stops binding.
 *
 * <h2>Collapse: exact EM's path while it is defined</h2>
 * A component keeps its weight {@code N_j / N}, however small, while its update is defined. Only when
 * all its responsibilities underflow ({@code N_j < Double.MIN_NORMAL}, so {@code μ_j = 0/0}) is it
 * dropped: {@code π_j = 0}, its mean and covariance kept for display, {@code a_ij = −∞} from then on,
 * and an event ("component 3 collapsed (weight 0) — dropped"); it explained no point, so ℓ does not
 * change. When a covariance update is not positive definite (the floor at 0 and a component on fewer
 * than d + 1 points, or rounding at the floor), the update is undefined: the parameters are kept and
 * the run stops ({@link #finished()}) with the reason as event, caption and {@link #finishedReason()}
 * ("component 2 collapsed onto 3 points (π = 0.02): its covariance is singular; …").
 *
 * <h2>Rounding</h2>
 * Every M-step evaluates ℓ at its result (this sweep is the next E-step, so it costs nothing extra). If
 * ℓ fell by more than {@link #ACCEPT_TOLERANCE}{@code (1 + |ℓ|)} — impossible in exact arithmetic,
 * possible when covariances are so ill-conditioned that ℓ is not resolved (an outlier 1e9 times the data
 * scale) — the parameters are put back and the run stops with that reason ({@link FloorSafeguard}).
 * Thus {@code loglik} is the {@link #monotoneColumn()}.
 *
 * <p>The fused spherical sweep is used only while it resolves ℓ and the scatters to about 1e-12
 * ({@code SphericalGmmSweep.accurateFor}); a component collapsed far below the data's spread (variance
 * at the floor on duplicated points) switches to the two-pass textbook sums (fuzz: k=8 spherical on
 * duplicated points, seed=887322: the expansion's rounding lowered ℓ by 2e-7).
 *
 * <p>With spherical covariances one fused sweep ({@link SphericalGmmSweep}: log-densities from
 * {@code ‖x‖²}, {@code x·μ_j} and {@code ‖μ_j‖²}) computes the responsibilities, ℓ and every M-step
 * sum, so an iteration reads the data once. With full and diagonal covariances one fused sweep
 * ({@link GmmFusedSweep}; docs/labs/gmm.md, "Sample EM update") does the same: the E-step above with
 * the inverse factor {@code L_j⁻¹} (diag: the reciprocals of its diagonal), and the sums around the
 * shift {@code c_j = μ_j}, the current means,
 * <pre>
 *   N_j = Σ_i w_ij,   D_j = Σ_i w_ij (x_i − c_j),   M_j = Σ_i w_ij (x_i − c_j)(x_i − c_j)ᵀ   (diag: its diagonal),
 *   μ_j' = c_j + D_j / N_j,   Σ_i w_ij (x_i − μ_j')(x_i − μ_j')ᵀ = M_j − D_j D_jᵀ / N_j   (the shift identity).
 * </pre>
 * Its guards: the fused sweep is taken only while every live component has
 * {@code spread² + ‖μ_j − m‖² ≤ 1e4 min_r (L_j)_rr²} (m the data mean, spread² the mean {@code ‖x_i − m‖²}:
 * no component far below the data's spread, as for spherical covariances; fuzz: k=8 full on 17 points
 * at the floor, seed=640725, where ℓ moved by 1e-10 with the last bit of a mean) and, for full
 * covariances, {@code tr Σ_j / min_r (L_j)_rr² ≤ 1e6} (about its condition number); otherwise the E-step
 * is the textbook sweep by forward substitution and the M-step makes two passes (the means, then the
 * scatter around them); the shift identity is used only while {@code D_jr²/N_j ≤ M_j,rr − D_jr²/N_j} in every
 * coordinate of every live component, so that the cancellation at most doubles the rounding of the
 * two-pass scatter (a mean that moved by more than its spread, or a collapsed coordinate); otherwise
 * the scatter is taken by a second pass around the new means (the weights and means still come from
 * the sweep). Its exponentials keep results below the smallest normal double subnormal, as
 * {@code Math.exp} does, so whether all of a component's responsibilities underflow (its collapse) is
 * decided as before. The sweep at the new parameters runs lazily when their row is read, and is then the
 * next E-step. Two responsibility
 * buffers keep the colours of the last E-step on screen until the next E-step runs. Columns:
 * {@code loglik} (total ℓ), {@code bic} ({@code −2ℓ + p log N}), {@code aic} ({@code −2ℓ + 2p}),
 * {@code pi_j}, {@code mu_j_c}, {@code cov_j_r_c} (every entry of Σ_j).
 */
public final class GaussianMixtureEm extends HalfStepEngine {
    /** The covariance structure. */
    public enum Covariance {
        FULL, DIAG, SPHERICAL;

        /** The parameter text: full, diag, spherical. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses full / diag / spherical. */
        public static Covariance of(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** Number of metric columns. */
    public static final int METRICS = 3;
    /**
     * A covariance is "at the floor" when its smallest eigenvalue is below {@code ε (1 + this)}: the clamp
     * sets it to ε up to the rounding of the lifted directions.
     */
    public static final double AT_FLOOR_TOLERANCE = 1e-6;
    /** A textbook M-step is kept unless it lowers ℓ by more than this times {@code 1 + |ℓ|} (rounding). */
    public static final double ACCEPT_TOLERANCE = FloorSafeguard.ACCEPT_TOLERANCE;

    private static final double HALF_LOG_2PI = Stable.HALF_LOG_2PI;

    private final Dataset data;
    private final double[] x;
    private final int n;
    private final int d;
    private final int k;
    private final Covariance type;
    private final double floor;
    private final ChunkedSums sweepSums;
    /**
     * The two-pass M-step's sums (per chunk: k + k·d, and k·d² doubles), made when that path first
     * runs: the fused sweeps carry their own sums, and at d = 200, k = 20 the covariance partials of a
     * million rows are 1.6 GB that a fused run never touches.
     */
    private ChunkedSums meanSums;
    private ChunkedSums covSums;
    private Boolean forcedParallel; // set by parallel(boolean) (tests): applied to sums made later too
    private final double[] sweepOut = new double[1];
    private final double[] meanOut;
    private final double[] covOut;
    private final double[][] resp;
    private final double[] chol;
    private final double[] constant;
    private final ThreadLocal<double[]> scratch;
    private final SphericalGmmSweep spherical; // the fused one-pass sweep, for spherical covariances (else null)
    private final GmmFusedSweep general; // the fused one-pass sweep, for full and diagonal covariances (else null)
    private final double[] scatter;
    private int shown = -1;
    private int written = -1;

    private double[] pi;
    private double[] mu;
    private double[] cov;
    /** Stops the run when an update is undefined or rounding lowers ℓ, and remembers why. */
    private final FloorSafeguard safeguard = new FloorSafeguard("rounding: ill-conditioned covariances");
    /** Components whose covariance the floor held up in the last M-step (for the events). */
    private final boolean[] atFloor;
    private boolean sweepValid;
    private boolean fusedSums; // the last sweep was the fused spherical one (its sums feed the M-step)
    private boolean fusedGeneral; // the last sweep was the fused full/diag one (its sums feed the M-step)
    private int lastPath; // how the last M-step got its sums (PATH_*)

    /** The last M-step took its sums from two passes over the responsibilities. */
    static final int PATH_TWO_PASS = 0;
    /** The last M-step took N_j and the means from the fused sweep, the scatter from a second pass (guard). */
    static final int PATH_FUSED_MEANS = 1;
    /** The last M-step took every sum from the fused sweep. */
    static final int PATH_FUSED = 2;
    private double loglik;

    /**
     * @param data  the sample (n × d)
     * @param type  covariance structure (the initial covariances must already have it)
     * @param floor covariance floor ε ≥ 0 (0: no floor; a singular covariance then stops the run)
     * @param pi0   initial weights (sum 1)
     * @param mu0   initial means, row-major k × d
     * @param cov0  initial covariances, k row-major d × d blocks (symmetric positive definite; eigenvalues
     *              below the floor are raised to it, with an event)
     */
    public GaussianMixtureEm(Dataset data, Covariance type, double floor, double[] pi0, double[] mu0, double[] cov0) {
        this.data = data;
        this.x = data.x();
        this.n = data.n();
        this.d = data.d();
        this.k = pi0.length;
        this.type = type;
        this.floor = floor;
        if (mu0.length != k * d || cov0.length != k * d * d) {
            throw new IllegalArgumentException("need " + k * d + " mean and " + k * d * d + " covariance entries");
        }
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the covariance floor must be finite and >= 0 (got " + floor + ")");
        }
        this.pi = pi0.clone();
        this.mu = mu0.clone();
        this.cov = cov0.clone();
        this.atFloor = new boolean[k];
        for (int j = 0; j < k; j++) {
            if (!Cholesky.decompose(cov, j * d * d, d, new double[d * d], 0)) {
                throw new IllegalArgumentException("the initial covariance of component " + (j + 1)
                        + " is not positive definite");
            }
            // the M-step maximises over Σ ⪰ εI, which never lowers ℓ only from a start inside that set (up to
            // rounding: a covariance recorded at the floor is left as it is)
            boolean inside = floor == 0 || atLeast(cov, j * d * d, d, floor * (1 - AT_FLOOR_TOLERANCE));
            double raised = inside ? Double.NaN : clipEigenvalues(cov, j * d * d, d, floor);
            if (!Double.isNaN(raised)) {
                events.add("initial covariance of component " + (j + 1) + " raised to the floor ε = " + weightText(floor)
                        + " (its smallest eigenvalue was " + eigenText(raised) + ")");
            }
        }
        this.sweepSums = new ChunkedSums(n, 1);
        this.meanOut = new double[k + k * d];
        this.covOut = new double[k * d * d];
        this.resp = new double[][] {new double[n * k], new double[n * k]};
        this.chol = new double[k * d * d];
        this.constant = new double[k];
        this.scratch = ThreadLocal.withInitial(() -> new double[k + d]);
        this.spherical = type == Covariance.SPHERICAL ? new SphericalGmmSweep(x, n, d, k) : null;
        this.general = type == Covariance.SPHERICAL ? null : new GmmFusedSweep(x, n, d, k, type == Covariance.DIAG);
        this.scatter = new double[k];
    }

    /** The trajectory columns for k components in d dimensions. */
    public static List<String> columns(int k, int d) {
        List<String> c = new ArrayList<>(List.of("loglik", "bic", "aic"));
        for (int j = 1; j <= k; j++) {
            c.add("pi_" + j);
        }
        for (int j = 1; j <= k; j++) {
            for (int a = 1; a <= d; a++) {
                c.add("mu_" + j + "_" + a);
            }
        }
        for (int j = 1; j <= k; j++) {
            for (int r = 1; r <= d; r++) {
                for (int a = 1; a <= d; a++) {
                    c.add("cov_" + j + "_" + r + "_" + a);
                }
            }
        }
        return c;
    }

    /**
     * Free parameters (docs/labs/gmm.md): {@code (k−1) + kd}, plus {@code k d(d+1)/2} (full), {@code kd}
     * (diag) or {@code k} (spherical).
     */
    public static int freeParameters(int k, int d, Covariance type) {
        int p = (k - 1) + k * d;
        return p + switch (type) {
            case FULL -> k * d * (d + 1) / 2;
            case DIAG -> k * d;
            case SPHERICAL -> k;
        };
    }

    @Override
    public List<String> columns() {
        return columns(k, d);
    }

    @Override
    public int metricCount() {
        return METRICS;
    }

    /**
     * True once EM had to stop: an update was undefined (a covariance singular with the floor at 0) or
     * rounding lowered ℓ (ill-conditioned covariances, e.g. an outlier 1e9 times the data scale); the
     * parameters were kept. {@link #finishedReason()} says which.
     */
    @Override
    public boolean finished() {
        return safeguard.stopped();
    }

    @Override
    public String finishedReason() {
        return safeguard.reason();
    }

    /** Exact EM constrained to the floor (a generalised EM step, see the class comment): ℓ never decreases. */
    @Override
    public String monotoneColumn() {
        return "loglik";
    }

    /** E-step: responsibilities and ℓ at the current parameters. */
    public void eStep() {
        if (phase != Phase.BEFORE_E) {
            throw new IllegalStateException("the E-step of this iteration has run already");
        }
        sweep();
        shown = written;
        phase = Phase.AFTER_E;
        double l = loglik;
        caption.later(() -> "E-step: responsibilities updated (ℓ = " + Numbers.compact(l, 6) + ")");
    }

    /** M-step: weights, means and covariances from the responsibilities of the E-step (see the class comment). */
    public void mStep() {
        if (phase != Phase.AFTER_E) {
            throw new IllegalStateException("the M-step needs an E-step first");
        }
        final double[] w = resp[shown];
        // pass 1: N_j and Σ_i w_ij x_i (spherical: from the fused sweep of the E-step)
        ChunkedSums.Kernel pass1 = (from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                int xo = i * d;
                for (int j = 0; j < k; j++) {
                    double wij = w[i * k + j];
                    if (wij == 0) {
                        continue;
                    }
                    acc[off + j] += wij;
                    int ao = off + k + j * d;
                    for (int c = 0; c < d; c++) {
                        acc[ao + c] += wij * x[xo + c];
                    }
                }
            }
        };
        if (fusedSums) {
            spherical.meanSums(meanOut);
        } else if (fusedGeneral) {
            for (int j = 0; j < k; j++) {
                double nj = general.weight(j);
                meanOut[j] = nj;
                for (int c = 0; c < d; c++) {
                    meanOut[k + j * d + c] = nj * general.shiftAt(j, c) + general.shifted(j, c);
                }
            }
        } else {
            twoPassSums(false).sum(pass1, meanOut);
        }
        final double[] nextMu = mu.clone();
        boolean[] empty = new boolean[k];
        List<String> dropped = new ArrayList<>();
        double moved = 0;
        for (int j = 0; j < k; j++) {
            double nj = meanOut[j];
            if (pi[j] == 0) {
                empty[j] = true; // masked since an earlier drop
                continue;
            }
            if (!(nj >= Double.MIN_NORMAL)) {
                // every responsibility underflowed: μ_j = 0/0 is undefined, and the component explains nothing
                empty[j] = true;
                dropped.add("component " + (j + 1) + " collapsed (weight " + weightText(nj / n) + ") — dropped");
                continue;
            }
            for (int c = 0; c < d; c++) {
                // fused: μ_j' = c_j + D_j / N_j (the shift c_j is the mean at the sweep)
                double v = fusedGeneral ? general.shiftAt(j, c) + general.shifted(j, c) / nj : meanOut[k + j * d + c] / nj;
                moved = Math.max(moved, Math.abs(v - mu[j * d + c]));
                nextMu[j * d + c] = v;
            }
        }
        // pass 2: Σ_i w_ij (x_i − μ_j)(x_i − μ_j)ᵀ around the new means (the lower triangle; diag, spherical: the
        // diagonal, or for spherical the trace from the fused sweep)
        final boolean diagonal = type != Covariance.FULL;
        ChunkedSums.Kernel pass2 = (from, to, acc, off) -> {
            double[] diff = scratch.get();
            for (int i = from; i < to; i++) {
                int xo = i * d;
                for (int j = 0; j < k; j++) {
                    double wij = w[i * k + j];
                    if (wij == 0) {
                        continue;
                    }
                    for (int c = 0; c < d; c++) {
                        diff[c] = x[xo + c] - nextMu[j * d + c];
                    }
                    int ao = off + j * d * d;
                    if (diagonal) {
                        for (int r = 0; r < d; r++) {
                            acc[ao + r * d + r] += wij * diff[r] * diff[r];
                        }
                        continue;
                    }
                    for (int r = 0; r < d; r++) {
                        double wr = wij * diff[r];
                        for (int c = 0; c <= r; c++) {
                            acc[ao + r * d + c] += wr * diff[c];
                        }
                    }
                }
            }
        };
        boolean shiftOk = fusedGeneral;
        for (int j = 0; j < k && shiftOk; j++) {
            shiftOk = empty[j] || general.scatterAccurate(j);
        }
        if (fusedSums) {
            spherical.scatter(scatter);
            lastPath = PATH_FUSED;
        } else if (shiftOk) {
            // Σ_i w_ij (x_i − μ_j')(x_i − μ_j')ᵀ = M_j − D_j D_jᵀ / N_j (the shift identity, guarded)
            for (int j = 0; j < k; j++) {
                if (!empty[j]) {
                    general.scatter(j, covOut, j * d * d);
                }
            }
            lastPath = PATH_FUSED;
        } else {
            twoPassSums(true).sum(pass2, covOut);
            lastPath = fusedGeneral ? PATH_FUSED_MEANS : PATH_TWO_PASS;
        }
        double[] nextPi = new double[k];
        for (int j = 0; j < k; j++) {
            nextPi[j] = empty[j] ? 0 : meanOut[j] / n;
        }
        double[] below = new double[k]; // the smallest eigenvalue raised to ε, or NaN where the floor did not bind
        double[] nextCov = covariances(empty, below);
        t++;
        phase = Phase.BEFORE_E;
        for (int j = 0; j < k; j++) {
            if (!empty[j] && !atLeast(nextCov, j * d * d, d, singularLevel(nextCov, j * d * d))) {
                // the update is undefined: a covariance singular to rounding (floor 0) or, at the floor, rounding
                safeguard.stop(t, collapseReason(j, w), events);
                sweepValid = false; // the parameters stay; the factors are rebuilt from them
                caption.set("M-step: " + safeguard.reason() + " — EM stops here");
                return;
            }
        }
        double llOld = loglik;
        double[] oldPi = pi;
        double[] oldMu = mu;
        double[] oldCov = cov;
        pi = nextPi;
        mu = nextMu;
        cov = nextCov;
        sweepValid = false;
        sweep();
        boolean kept = safeguard.judge(llOld, loglik, roundingSlack(), () -> {
            pi = oldPi;
            mu = oldMu;
            cov = oldCov;
            sweepValid = false;
            sweep();
        }, t, events);
        if (!kept) {
            caption.set("M-step: " + safeguard.reason() + " — EM stops here");
            return;
        }
        events.addAll(dropped);
        List<Integer> bound = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            boolean binds = !Double.isNaN(below[j]);
            if (binds) {
                bound.add(j);
            }
            if (binds && !atFloor[j]) {
                events.add("covariance floor ε = " + weightText(floor) + " binds on component " + (j + 1)
                        + " (an eigenvalue " + eigenText(below[j]) + " of its scatter raised to ε)");
            } else if (!binds && atFloor[j] && !empty[j]) {
                events.add("covariance floor no longer binds on component " + (j + 1));
            }
            atFloor[j] = binds;
        }
        double largest = moved;
        caption.later(() -> "M-step: means moved by at most " + Numbers.compact(largest, 3)
                + (bound.isEmpty() ? "" : "; the covariance floor binds on component" + (bound.size() > 1 ? "s " : " ")
                + join(bound))
                + (dropped.isEmpty() ? "" : "; " + dropped.size() + " collapsed component"
                + (dropped.size() > 1 ? "s" : "") + " dropped"));
    }

    /**
     * A bound on the rounding of ℓ from ill-conditioned covariances, for the stop rule: {@code 8 u Σ_j N_j
     * κ_j}, with u the unit roundoff, N_j = π_j n and κ_j = tr Σ_j / min_r (L_j)_rr² (at least the condition
     * number's order). A covariance stored entry by entry carries an absolute error of about u‖Σ_j‖ in every
     * eigenvalue; at the floor, where ∂ℓ/∂λ ≈ −N_j/(2ε), this moves ℓ by about N_j u κ_j (iris, k = 3, a
     * component on 3 points: 2e-9, against 1e-13 |ℓ| = 2e-11). Uses the factors of the current sweep.
     */
    private double roundingSlack() {
        double slack = 0;
        for (int j = 0; j < k; j++) {
            if (pi[j] == 0) {
                continue;
            }
            int o = j * d * d;
            double tr = 0;
            double lo = Double.POSITIVE_INFINITY;
            for (int r = 0; r < d; r++) {
                tr += cov[o + r * d + r];
                double l = chol[o + r * d + r];
                lo = Math.min(lo, l * l);
            }
            slack += pi[j] * n * tr / lo;
        }
        return 8 * Math.ulp(1.0) / 2 * slack;
    }

    /**
     * The eigenvalue below which a covariance block is singular to rounding: {@code 4 d u tr Σ} (u the unit
     * roundoff), the size of the rounding in the entries of a scatter. Below it the sign and size of the
     * smallest eigenvalue are noise (iris, k = 3: a component on 3 points has eigenvalues ±2e-16 where the
     * exact ones are far below), so the update is taken as undefined.
     */
    private double singularLevel(double[] a, int o) {
        double tr = 0;
        for (int r = 0; r < d; r++) {
            tr += a[o + r * d + r];
        }
        return 4 * d * (Math.ulp(1.0) / 2) * Math.abs(tr);
    }

    /**
     * Why component {@code j}'s M-step is undefined: "component 2 collapsed onto 3 points (π = 0.02): its
     * covariance is singular; a covariance_floor above 0 lets EM go on under the floor".
     */
    private String collapseReason(int j, double[] w) {
        double nj = meanOut[j];
        int held = 0;
        for (int i = 0; i < n; i++) {
            if (w[i * k + j] > 0.5) {
                held++;
            }
        }
        String onto = held > 0 ? " collapsed onto " + held + " point" + (held > 1 ? "s" : "") : " collapsed";
        return "component " + (j + 1) + onto + " (π = " + weightText(nj / n) + "): its covariance is "
                + (floor > 0 ? "not positive definite even at the floor ε = " + weightText(floor) + " (rounding)"
                : "singular (to rounding); a covariance_floor above 0 lets EM go on under the floor");
    }

    /**
     * The M-step covariances from the scatter sums of pass 2 (docs/labs/gmm.md without a ridge): the
     * exact maximiser {@code S_j} (diag: its diagonal; spherical: {@code tr S_j / d}), with the
     * eigenvalues that fall below ε raised to ε (the maximiser over {@code Σ ⪰ εI}). {@code below[j]}
     * receives the smallest eigenvalue that was raised, or NaN. Components in {@code empty} keep theirs.
     */
    private double[] covariances(boolean[] empty, double[] below) {
        double[] next = cov.clone();
        Arrays.fill(below, Double.NaN);
        for (int j = 0; j < k; j++) {
            if (empty[j]) {
                continue;
            }
            double nj = meanOut[j];
            int o = j * d * d;
            switch (type) {
                case FULL -> {
                    for (int r = 0; r < d; r++) {
                        for (int c = 0; c <= r; c++) {
                            double v = covOut[o + r * d + c] / nj;
                            next[o + r * d + c] = v;
                            next[o + c * d + r] = v;
                        }
                    }
                    if (floor > 0) {
                        below[j] = clipEigenvalues(next, o, d, floor);
                    }
                }
                case DIAG -> {
                    Arrays.fill(next, o, o + d * d, 0);
                    for (int r = 0; r < d; r++) {
                        double v = covOut[o + r * d + r] / nj;
                        if (v < floor) {
                            below[j] = Double.isNaN(below[j]) ? v : Math.min(below[j], v);
                        }
                        next[o + r * d + r] = Math.max(v, floor);
                    }
                }
                case SPHERICAL -> {
                    double tr = 0;
                    for (int r = 0; r < d; r++) {
                        tr += covOut[o + r * d + r];
                    }
                    if (fusedSums) {
                        tr = scatter[j];
                    }
                    double v = tr / (nj * d);
                    if (v < floor) {
                        below[j] = v;
                    }
                    double s = Math.max(v, floor);
                    Arrays.fill(next, o, o + d * d, 0);
                    for (int r = 0; r < d; r++) {
                        next[o + r * d + r] = s;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return next;
    }

    /**
     * Replaces the symmetric d × d block at {@code o} by {@code V max(Λ, ε) Vᵀ}: unchanged (no
     * eigendecomposition) when {@code S − εI} has a Cholesky factor. Returns the smallest eigenvalue that
     * was raised, or NaN when none was.
     */
    static double clipEigenvalues(double[] a, int o, int d, double eps) {
        double[] shifted = Arrays.copyOfRange(a, o, o + d * d);
        for (int r = 0; r < d; r++) {
            shifted[r * d + r] -= eps;
        }
        if (Cholesky.decompose(shifted, 0, d, new double[d * d], 0)) {
            return Double.NaN;
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        System.arraycopy(a, o, m.data, 0, d * d);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(m)) {
            for (int r = 0; r < d; r++) {
                a[o + r * d + r] += eps; // cannot happen for a finite symmetric matrix; stay positive definite
            }
            return Double.NaN;
        }
        // S + Σ_{λ_i < ε} (ε − λ_i) v_i v_iᵀ: S's own entries stay exact and only the clipped directions are
        // added (rebuilding V max(Λ, ε) Vᵀ in full lost ~1e-16 ‖S‖ in every entry: with an outlier at 1e9,
        // enough to lower ℓ by 2e-9 — fuzz: gmm k=3 full, outlier data n=38, seed=793475)
        double[] out = Arrays.copyOfRange(a, o, o + d * d);
        double lowest = Double.NaN;
        for (int i = 0; i < d; i++) {
            double lam = eig.getEigenvalue(i).getReal();
            if (!(lam < eps)) {
                continue;
            }
            lowest = Double.isNaN(lowest) ? lam : Math.min(lowest, lam);
            DMatrixRMaj v = eig.getEigenVector(i);
            double norm2 = 0;
            for (int r = 0; r < d; r++) {
                norm2 += v.data[r] * v.data[r];
            }
            double lift = (eps - lam) / norm2;
            for (int r = 0; r < d; r++) {
                double vr = lift * v.data[r];
                for (int c = 0; c < d; c++) {
                    out[r * d + c] += vr * v.data[c];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < r; c++) {
                double v = 0.5 * (out[r * d + c] + out[c * d + r]);
                out[r * d + c] = v;
                out[c * d + r] = v;
            }
        }
        System.arraycopy(out, 0, a, o, d * d);
        return lowest;
    }

    /**
     * The floor rule on one symmetric d × d matrix {@code a} (in place): eigenvalues below ε raised to ε,
     * the others untouched. Returns true when it changed anything.
     */
    public static boolean raiseToFloor(double[] a, int d, double eps) {
        return !Double.isNaN(clipEigenvalues(a, 0, d, eps));
    }

    /** An eigenvalue for an event: "3.2e-9", "0", "-1.1e-17". */
    static String eigenText(double v) {
        return v < 0 ? "−" + weightText(-v) : weightText(v);
    }

    /** A weight for an event: "0", "2e-12", "3.5e-11". */
    static String weightText(double w) {
        if (w == 0) {
            return "0";
        }
        if (w >= 1e-3 && w < 1e4) { // 0.02, 0.347, 12.5
            String g = String.format(Locale.ROOT, "%.3g", w);
            return g.contains(".") ? g.replaceAll("0+$", "").replaceAll("\\.$", "") : g;
        }
        String m = String.format(Locale.ROOT, "%.1e", w); // "2.0e-12"
        return m.replace(".0e", "e").replace("e-0", "e-").replace("e+00", "").replace("e+0", "e");
    }

    private static String join(List<Integer> l) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(l.get(i) + 1);
        }
        return sb.toString();
    }

    /** One pass over the data at the current parameters: responsibilities and ℓ. */
    private void sweep() {
        if (sweepValid) {
            return;
        }
        for (int j = 0; j < k; j++) {
            int o = j * d * d;
            if (!Cholesky.decompose(cov, o, d, chol, o)) {
                throw new IllegalStateException("covariance of component " + (j + 1) + " is not positive definite at "
                        + "iteration " + t + " (raise the covariance floor)");
            }
            constant[j] = Stable.logOrMask(pi[j]) - d * HALF_LOG_2PI - 0.5 * Cholesky.logDet(chol, o, d);
        }
        written = shown == 0 ? 1 : 0;
        final double[] out = resp[written];
        fusedSums = spherical != null && spherical.accurateFor(pi, mu, cov);
        if (fusedSums) {
            loglik = spherical.sweep(pi, mu, cov, out);
            sweepValid = true;
            return;
        }
        fusedGeneral = general != null && general.accurateFor(pi, mu, cov, chol);
        if (fusedGeneral) {
            loglik = general.sweep(mu, chol, constant, out);
            sweepValid = true;
            return;
        }
        final boolean diagonal = type != Covariance.FULL; // L_j is diagonal: no off-diagonal terms to subtract
        sweepSums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double lse = 0;
            for (int i = from; i < to; i++) {
                int xo = i * d;
                for (int j = 0; j < k; j++) {
                    if (constant[j] == Double.NEGATIVE_INFINITY) {
                        a[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    int lo = j * d * d;
                    int mo = j * d;
                    double q = 0;
                    for (int r = 0; r < d; r++) {
                        double s = x[xo + r] - mu[mo + r];
                        for (int c = 0; c < r && !diagonal; c++) {
                            s -= chol[lo + r * d + c] * a[k + c];
                        }
                        double z = s / chol[lo + r * d + r];
                        a[k + r] = z;
                        q += z * z;
                    }
                    a[j] = constant[j] - 0.5 * q;
                }
                lse += Stable.softmaxInPlace(a, 0, k);
                System.arraycopy(a, 0, out, i * k, k);
            }
            acc[off] += lse;
        }, sweepOut);
        loglik = sweepOut[0];
        sweepValid = true;
    }

    /** The two-pass M-step's mean sums ({@code covariances} false) or covariance sums, made on first use. */
    private ChunkedSums twoPassSums(boolean covariances) {
        ChunkedSums s = covariances ? covSums : meanSums;
        if (s == null) {
            s = new ChunkedSums(n, covariances ? k * d * d : k + k * d);
            if (forcedParallel != null) {
                s.parallel(forcedParallel);
            }
            if (covariances) {
                covSums = s;
            } else {
                meanSums = s;
            }
        }
        return s;
    }

    /** How the last M-step got its sums: {@link #PATH_TWO_PASS}, {@link #PATH_FUSED_MEANS} or {@link #PATH_FUSED} (tests). */
    int lastPath() {
        return lastPath;
    }

    /** Forces serial (false) or allows parallel (true) sums; the results are identical either way (tests). */
    void parallel(boolean p) {
        forcedParallel = p;
        sweepSums.parallel(p);
        if (meanSums != null) {
            meanSums.parallel(p);
        }
        if (covSums != null) {
            covSums.parallel(p);
        }
        if (general != null) {
            general.parallel(p);
        }
    }

    /** ℓ(θ_t), the total log-likelihood. */
    public double logLikelihood() {
        sweep();
        return loglik;
    }

    /**
     * Live components (0-based) whose covariance sits at the floor: its smallest eigenvalue is ε (up to
     * rounding, {@link #AT_FLOOR_TOLERANCE}). Empty when ε = 0.
     */
    public List<Integer> floorBinding() {
        List<Integer> out = new ArrayList<>();
        if (floor == 0) {
            return out;
        }
        for (int j = 0; j < k; j++) {
            if (pi[j] > 0 && !atLeast(cov, j * d * d, d, floor * (1 + AT_FLOOR_TOLERANCE))) {
                out.add(j);
            }
        }
        return out;
    }

    /** True when the symmetric d × d block at {@code o} is at least {@code c I} (a Cholesky test, no eigenvalues). */
    static boolean atLeast(double[] a, int o, int d, double c) {
        double[] shifted = Arrays.copyOfRange(a, o, o + d * d);
        for (int r = 0; r < d; r++) {
            shifted[r * d + r] -= c;
        }
        return Cholesky.decompose(shifted, 0, d, new double[d * d], 0);
    }

    @Override
    public void row(double[] out) {
        double ll = logLikelihood();
        int p = freeParameters(k, d, type);
        out[0] = ll;
        out[1] = -2 * ll + p * Math.log(n);
        out[2] = -2 * ll + 2 * p;
        System.arraycopy(pi, 0, out, METRICS, k);
        System.arraycopy(mu, 0, out, METRICS + k, k * d);
        System.arraycopy(cov, 0, out, METRICS + k + k * d, k * d * d);
    }

    @Override
    public double[] state() {
        double[] s = new double[k + k * d + k * d * d];
        System.arraycopy(pi, 0, s, 0, k);
        System.arraycopy(mu, 0, s, k, k * d);
        System.arraycopy(cov, 0, s, k + k * d, k * d * d);
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        pi = Arrays.copyOfRange(state, 0, k);
        mu = Arrays.copyOfRange(state, k, k + k * d);
        cov = Arrays.copyOfRange(state, k + k * d, k + k * d + k * d * d);
        sweepValid = false;
        shown = -1;
        safeguard.restored(iteration);
        restored(iteration);
        Arrays.fill(atFloor, false);
        for (int j : floorBinding()) {
            atFloor[j] = true;
        }
    }

    /**
     * The responsibilities of the latest E-step (row-major n × k; do not modify), or null before the
     * first E-step after a start or restore. Between an M-step and the next E-step they are still the
     * old ones, as a half-step should show.
     */
    public double[] shownResponsibilities() {
        return shown < 0 ? null : resp[shown];
    }

    /** A copy of the responsibilities at the current parameters (computing them if needed). */
    public double[] responsibilities() {
        sweep();
        return resp[written].clone();
    }

    public double[] weights() {
        return pi.clone();
    }

    public double[] means() {
        return mu.clone();
    }

    /** A copy of the covariances (k row-major d × d blocks). */
    public double[] covariances() {
        return cov.clone();
    }

    public Covariance covarianceType() {
        return type;
    }

    /** The covariance floor ε. */
    public double floor() {
        return floor;
    }

    public int components() {
        return k;
    }

    public Dataset data() {
        return data;
    }
}
