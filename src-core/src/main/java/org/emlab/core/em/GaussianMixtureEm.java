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

/**
 * Exact EM for a Gaussian mixture with k components, {@code p(x) = Σ_j π_j N(x; μ_j, Σ_j)}, with full,
 * diagonal or spherical covariances (textbook EM: Dempster, Laird &amp; Rubin 1977; MODELS.md §6.1):
 * <pre>
 *   E-step (log space, with the Cholesky factor L_j of Σ_j):
 *     a_ij = log π_j − ½ d log 2π − ½ log det Σ_j − ½ ‖L_j⁻¹ (x_i − μ_j)‖²,   log det Σ_j = 2 Σ_r log (L_j)_rr
 *     w_ij = exp(a_ij − logsumexp_j a_ij),     ℓ = Σ_i logsumexp_j a_ij
 *   M-step, with N_j = Σ_i w_ij:
 *     π_j = N_j / N,   μ_j = (1/N_j) Σ_i w_ij x_i,
 *     S_j = (1/N_j) Σ_i w_ij (x_i − μ_j)(x_i − μ_j)ᵀ,
 *     Σ_j = S_j + ε I (full),   diag(S_j) + ε I (diag),   (tr S_j / d + ε) I (spherical)
 * </pre>
 * {@code ε} is the covariance floor (the lab uses {@code 1e-6 ×} the mean per-coordinate variance
 * of the data); it keeps every Σ_j positive definite when a component collapses onto few points.
 *
 * <h2>Collapse strategy: drop</h2>
 * A component whose weight {@code N_j / N} falls below {@link #COLLAPSE_WEIGHT} (in particular one
 * whose responsibilities all underflow, {@code N_j = 0}) is <em>dropped</em>: {@code π_j = 0}, the
 * other weights are renormalised ({@code π_l = N_l / Σ_{kept} N_m}), and its mean and covariance are
 * kept for display; {@code a_ij = −∞} masks it from then on. A timeline event says so
 * ("component 3 collapsed (weight 2e-12) — dropped"). Dropping rather than re-seeding keeps the run
 * an EM run whose log-likelihood never decreases (a re-seeded component would jump).
 *
 * <h2>Monotone log-likelihood and the floor</h2>
 * {@code S_j + εI} is the exact M-step of the <em>smoothed</em> objective (each component density times
 * {@code exp(−ε tr Σ_j⁻¹ / 2)}), not of ℓ itself, so the textbook M-step with the floor can lower ℓ by
 * up to {@code (ε/2) Σ_j N_j (tr Σ_j⁻¹(old) − tr Σ_j⁻¹(new))} when a component at the floor widens
 * again (and a drop can lower ℓ when the dropped component still explained a point). Every M-step
 * therefore evaluates ℓ at its result (this sweep is the next E-step, so it costs nothing extra); if ℓ
 * fell by more than {@link #ACCEPT_TOLERANCE}{@code (1 + |ℓ|)}, the step is replaced by the exact
 * M-step of EM constrained to {@code Σ_j ⪰ εI}: the same π (no drop) and μ, and {@code S_j} with its
 * eigenvalues clipped from below at ε (diag: {@code max(S_j,rr, ε)}; spherical:
 * {@code max(tr S_j / d, ε)}). Every iterate satisfies {@code Σ ⪰ εI}, so that constrained step is a
 * generalised EM step and never lowers ℓ. An event names the step ("the covariance floor would have
 * lowered ℓ: constrained M-step"). If even that step lowers the computed ℓ (possible only through
 * rounding, when covariances are so ill-conditioned that ℓ is not resolved to 1e-13), the parameters
 * are kept, an event says so and {@link #finished()} becomes true. Thus {@code loglik} is the
 * {@link #monotoneColumn()}; when the floor does not matter (every fit in MODELS.md's reference
 * checks), the step is exactly MODELS.md §6.1's.
 *
 * <p>The fused spherical sweep is used only while it resolves ℓ and the scatters to about 1e-12
 * ({@code SphericalGmmSweep.accurateFor}); a component collapsed far below the data's spread (variance
 * at the floor on duplicated points) switches to the two-pass textbook sums (fuzz: k=8 spherical on
 * duplicated points, seed=887322: the expansion's rounding lowered ℓ by 2e-7).
 *
 * <p>With spherical covariances one fused sweep ({@link SphericalGmmSweep}: log-densities from
 * {@code ‖x‖²}, {@code x·μ_j} and {@code ‖μ_j‖²}) computes the responsibilities, ℓ and every M-step
 * sum, so an iteration reads the data once. Otherwise one sweep (the E-step) computes the
 * responsibilities and ℓ(θ_t) together, and the M-step makes two passes; the sweep at the new
 * parameters runs lazily when their row is read, and is then the next E-step. Two responsibility
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
    /** The floor "binds" (is reported) when a covariance's smallest eigenvalue is below this many ε. */
    public static final double FLOOR_BINDS_FACTOR = 100;
    /**
     * A component whose weight {@code N_j / N} falls below this is dropped (collapse strategy). It is
     * below {@code Extremes.MIN_WEIGHT} = 1e-9, so a valid initial weight is only dropped once EM has
     * shrunk it further; for n up to 1e7 it is less than a thousandth of one point.
     */
    public static final double COLLAPSE_WEIGHT = 1e-10;
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
    private final ChunkedSums meanSums;
    private final ChunkedSums covSums;
    private final double[] sweepOut = new double[1];
    private final double[] meanOut;
    private final double[] covOut;
    private final double[][] resp;
    private final double[] chol;
    private final double[] constant;
    private final ThreadLocal<double[]> scratch;
    private final SphericalGmmSweep spherical; // the fused one-pass sweep, for spherical covariances (else null)
    private final double[] scatter;
    private int shown = -1;
    private int written = -1;

    private double[] pi;
    private double[] mu;
    private double[] cov;
    /** Keeps ℓ monotone against the covariance floor (and stops an ill-conditioned run). */
    private final FloorSafeguard safeguard = new FloorSafeguard(
            new FloorSafeguard.Words("Σ ⪰ εI", "covariance floor", "rounding: ill-conditioned covariances"));
    private boolean sweepValid;
    private boolean fusedSums; // the last sweep was the fused spherical one (its sums feed the M-step)
    private double loglik;

    /**
     * @param data  the sample (n × d)
     * @param type  covariance structure (the initial covariances must already have it)
     * @param floor covariance floor ε &gt; 0
     * @param pi0   initial weights (sum 1)
     * @param mu0   initial means, row-major k × d
     * @param cov0  initial covariances, k row-major d × d blocks (symmetric positive definite)
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
        if (!(floor > 0)) {
            throw new IllegalArgumentException("the covariance floor must be > 0 (got " + floor + ")");
        }
        this.pi = pi0.clone();
        this.mu = mu0.clone();
        this.cov = cov0.clone();
        this.sweepSums = new ChunkedSums(n, 1);
        this.meanSums = new ChunkedSums(n, k + k * d);
        this.meanOut = new double[k + k * d];
        this.covSums = new ChunkedSums(n, k * d * d);
        this.covOut = new double[k * d * d];
        this.resp = new double[][] {new double[n * k], new double[n * k]};
        this.chol = new double[k * d * d];
        this.constant = new double[k];
        this.scratch = ThreadLocal.withInitial(() -> new double[k + d]);
        this.spherical = type == Covariance.SPHERICAL ? new SphericalGmmSweep(x, n, d, k) : null;
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
     * Free parameters (MODELS.md §6.1): {@code (k−1) + kd}, plus {@code k d(d+1)/2} (full), {@code kd}
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
     * True once neither the textbook nor the constrained M-step could raise ℓ beyond its rounding (only
     * with ill-conditioned covariances, e.g. an outlier 1e9 times the data scale): the parameters were kept.
     */
    @Override
    public boolean finished() {
        return safeguard.stalled();
    }

    /** Exact EM (safeguarded against the floor, see the class comment): ℓ never decreases. */
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
        caption = String.format(Locale.ROOT, "E-step: responsibilities updated (ℓ = %.6g)", loglik);
    }

    /** M-step: weights, means and covariances from the responsibilities of the E-step. */
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
        } else {
            meanSums.sum(pass1, meanOut);
        }
        final double[] nextMu = mu.clone();
        boolean[] empty = new boolean[k];
        boolean[] collapsed = new boolean[k];
        double kept = 0;
        double moved = 0;
        for (int j = 0; j < k; j++) {
            double nj = meanOut[j];
            collapsed[j] = pi[j] > 0 && !(nj / n >= COLLAPSE_WEIGHT);
            if (!collapsed[j] && pi[j] > 0) {
                kept += nj;
            }
            if (!(nj >= Double.MIN_NORMAL)) {
                empty[j] = true;
                continue;
            }
            for (int c = 0; c < d; c++) {
                double v = meanOut[k + j * d + c] / nj;
                if (!collapsed[j]) {
                    moved = Math.max(moved, Math.abs(v - mu[j * d + c]));
                }
                nextMu[j * d + c] = v;
            }
        }
        // pass 2: Σ_i w_ij (x_i − μ_j)(x_i − μ_j)ᵀ around the new means (the lower triangle);
        // spherical: only its trace, from the fused sweep
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
                    for (int r = 0; r < d; r++) {
                        double wr = wij * diff[r];
                        for (int c = 0; c <= r; c++) {
                            acc[ao + r * d + c] += wr * diff[c];
                        }
                    }
                }
            }
        };
        if (fusedSums) {
            spherical.scatter(scatter);
        } else {
            covSums.sum(pass2, covOut);
        }
        // the textbook M-step (S_j + εI) with collapsed components dropped ...
        double[] textbookPi = new double[k];
        double[] fallbackPi = new double[k];
        for (int j = 0; j < k; j++) {
            fallbackPi[j] = empty[j] ? 0 : meanOut[j] / n;
            textbookPi[j] = collapsed[j] || pi[j] == 0 || kept <= 0 ? 0 : meanOut[j] / kept;
        }
        double[] textbookCov = covariances(empty, false);
        double llOld = loglik;
        double[] oldPi = pi;
        double[] oldMu = mu;
        double[] oldCov = cov;
        List<String> dropped = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (collapsed[j]) {
                dropped.add("component " + (j + 1) + " collapsed (weight " + weightText(meanOut[j] / n) + ") — dropped");
            }
        }
        // ... unless it lowers ℓ: then the exact M-step constrained to Σ ⪰ εI (a generalised EM step)
        double[] fallbackCov = covariances(empty, true);
        pi = textbookPi;
        mu = nextMu;
        cov = textbookCov;
        t++;
        phase = Phase.BEFORE_E;
        sweepValid = false;
        sweep();
        FloorSafeguard.Outcome outcome = safeguard.judge(llOld, loglik, () -> {
            pi = fallbackPi;
            cov = fallbackCov;
            sweepValid = false;
            sweep();
            return loglik;
        }, () -> {
            pi = oldPi;
            mu = oldMu;
            cov = oldCov;
            sweepValid = false;
            sweep();
        }, t, dropped, events);
        boolean safeguarded = outcome == FloorSafeguard.Outcome.CONSTRAINED;
        List<Integer> bound = floorBinding();
        if (outcome == FloorSafeguard.Outcome.STALLED) {
            caption = "M-step: no step raised ℓ beyond its rounding (ill-conditioned covariances): parameters kept, "
                    + "EM stops here";
            return;
        }
        caption = String.format(Locale.ROOT, "M-step: means moved by at most %.3g", moved)
                + (bound.isEmpty() ? "" : "; the covariance floor binds on component" + (bound.size() > 1 ? "s " : " ")
                + join(bound))
                + (safeguarded ? "; constrained step (Σ ⪰ εI) kept ℓ from falling" : "")
                + (!safeguarded && !dropped.isEmpty() ? "; " + dropped.size() + " collapsed component"
                + (dropped.size() > 1 ? "s" : "") + " dropped" : "");
    }

    /**
     * The M-step covariances from the scatter sums of pass 2: {@code S_j + εI} (MODELS.md §6.1), or,
     * with {@code constrained}, the maximiser over {@code Σ ⪰ εI} ({@code S_j} with eigenvalues clipped
     * at ε). Components in {@code empty} keep their covariance.
     */
    private double[] covariances(boolean[] empty, boolean constrained) {
        double[] next = cov.clone();
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
                            double v = covOut[o + r * d + c] / nj + (r == c && !constrained ? floor : 0);
                            next[o + r * d + c] = v;
                            next[o + c * d + r] = v;
                        }
                    }
                    if (constrained) {
                        clipEigenvalues(next, o, d, floor);
                    }
                }
                case DIAG -> {
                    Arrays.fill(next, o, o + d * d, 0);
                    for (int r = 0; r < d; r++) {
                        double v = covOut[o + r * d + r] / nj;
                        next[o + r * d + r] = constrained ? Math.max(v, floor) : v + floor;
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
                    double s = constrained ? Math.max(v, floor) : v + floor;
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
     * eigendecomposition) when {@code S − εI} has a Cholesky factor.
     */
    static void clipEigenvalues(double[] a, int o, int d, double eps) {
        double[] shifted = Arrays.copyOfRange(a, o, o + d * d);
        for (int r = 0; r < d; r++) {
            shifted[r * d + r] -= eps;
        }
        if (Cholesky.decompose(shifted, 0, d, new double[d * d], 0)) {
            return;
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        System.arraycopy(a, o, m.data, 0, d * d);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(m)) {
            for (int r = 0; r < d; r++) {
                a[o + r * d + r] += eps; // cannot happen for a finite symmetric matrix; stay positive definite
            }
            return;
        }
        // S + Σ_{λ_i < ε} (ε − λ_i) v_i v_iᵀ: S's own entries stay exact and only the clipped directions are
        // added (rebuilding V max(Λ, ε) Vᵀ in full lost ~1e-16 ‖S‖ in every entry: with an outlier at 1e9,
        // enough to lower ℓ by 2e-9 — fuzz: gmm k=3 full, outlier data n=38, seed=793475)
        double[] out = Arrays.copyOfRange(a, o, o + d * d);
        for (int i = 0; i < d; i++) {
            double lam = eig.getEigenvalue(i).getReal();
            if (!(lam < eps)) {
                continue;
            }
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
    }

    /** A weight for an event: "0", "2e-12", "3.5e-11". */
    static String weightText(double w) {
        if (w == 0) {
            return "0";
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
                        for (int c = 0; c < r; c++) {
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

    /** ℓ(θ_t), the total log-likelihood. */
    public double logLikelihood() {
        sweep();
        return loglik;
    }

    /** Components whose covariance's smallest eigenvalue is below {@link #FLOOR_BINDS_FACTOR} ε (0-based). */
    public List<Integer> floorBinding() {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (pi[j] > 0 && !atLeast(cov, j * d * d, d, FLOOR_BINDS_FACTOR * floor)) {
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
