package org.emlab.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.Cholesky;
import org.emlab.core.numeric.Stable;
import org.emlab.core.text.Numbers;

/**
 * Exact EM for a mixture of k linear regressions, {@code p(y | x) = Σ_j π_j N(y; ⟨x̃, β_j⟩, σ_j²)}
 * with {@code x̃ = (1, x)} when an intercept is fitted (De Veaux 1989; docs/labs/mlr.md, "Sample EM
 * update"):
 * <pre>
 *   E-step:  a_ij = log π_j − ½ log(2π σ_j²) − (y_i − ⟨x̃_i, β_j⟩)² / (2σ_j²),   w_ij = softmax_j(a_ij),
 *            ℓ = Σ_i logsumexp_j a_ij
 *   M-step:  π_j = N_j / N,
 *            β_j = (X̃ᵀ W_j X̃)⁻¹ X̃ᵀ W_j y          (weighted least squares, by Cholesky),
 *            σ_j² = max(Σ_i w_ij (y_i − ⟨x̃_i, β_j⟩)² / N_j, ε),
 *            or, with a common σ:  σ² = max(Σ_ij w_ij (y_i − ⟨x̃_i, β_j⟩)² / N, ε)
 * </pre>
 * Here {@code W_j = diag(w_·j)} and {@code ε ≥ 0} is the variance floor (the lab's {@code variance_floor}).
 * The floor is a constraint, not a ridge: the M-step is the exact M-step of EM constrained to
 * {@code σ_j² ≥ ε}, equal to the textbook step wherever the floor does not bind, so a fit it does not hold
 * up is a fixed point of the unconstrained EM equations. When a component's weighted normal matrix is
 * numerically singular (it holds fewer than p effective points) its β_j is kept and this is reported (a
 * generalised EM step). When the floor binds, the caption says so and an event marks where it starts
 * and stops binding.
 *
 * <p><b>Collapse.</b> A component keeps its weight {@code N_j / N}, however small, while its update is
 * defined. Only when all its responsibilities underflow ({@code N_j < Double.MIN_NORMAL}) is it dropped:
 * {@code π_j = 0}, β_j and σ_j kept for display, {@code a_ij = −∞} from then on, and an event
 * ("component 2 collapsed (weight 0) — dropped"). When a variance update is 0 (the floor at 0 and a line
 * through its points exactly) the update is undefined: the parameters are kept and the run stops with
 * the reason ({@link #finishedReason()}, an event and the caption).
 *
 * <p><b>Rounding.</b> Every M-step evaluates ℓ at its result (that sweep is the next E-step: no extra
 * cost). Should ℓ fall by more than {@link #ACCEPT_TOLERANCE}{@code (1 + |ℓ|)} (impossible in exact
 * arithmetic; seen with an outlier at 1e9, k = 16, n = 239, where the weighted normal matrices have
 * condition numbers near 1e14 and the Cholesky solution is not the maximiser), the parameters are put
 * back and the run stops ({@link FloorSafeguard}). So ℓ ({@link #monotoneColumn()}) never decreases.
 *
 * <p><b>One pass per iteration</b> (issue 19; docs/labs/mlr.md, "Sample EM update"). The sweep that
 * computes the responsibilities and ℓ ({@link MixtureRegressionKernel}, fixed chunks: the same bits on
 * any number of threads) also accumulates, around the current β⁰_j with residuals
 * {@code r⁰_ij = y_i − ⟨x̃_i, β⁰_j⟩}, the sums {@code G_j = X̃ᵀW_jX̃}, {@code u_j = X̃ᵀW_j r⁰_j},
 * {@code S⁰_j = Σ_i w_ij r⁰_ij²} and {@code N_j}, kept with the responsibilities they belong to. The M-step
 * solves {@code G_j δ_j = u_j} by Cholesky ({@code β_j = β⁰_j + δ_j}, the weighted least-squares solution)
 * and takes the residual sum at the new β_j as {@code S⁰_j − 2δ_jᵀu_j + δ_jᵀG_jδ_j} (exact for any δ).
 * <b>Guard</b>: if, for a component still in the fit, that value is not positive or its terms' bound
 * {@code (√S⁰_j + Σ_r |δ_jr| √G_j,rr)²} exceeds {@link #SHIFTED_FORM_REACH} times it, all residual sums
 * come from a second pass at the new coefficients (the old way). So a line through its points exactly
 * (residual sum 0) is still found by the pass, and the events, captions and {@link #finished()} are as
 * described above.
 *
 * <p>Columns: {@code loglik} (total ℓ), {@code pi_j}, {@code beta_j_c} (c = 0 is the intercept when
 * there is one; otherwise c runs from 1), {@code sigma_j}.
 */
public final class MixtureRegressionEm extends HalfStepEngine {
    /** Number of metric columns. */
    public static final int METRICS = 1;
    /** A textbook M-step is kept unless it lowers ℓ by more than this times {@code 1 + |ℓ|} (rounding). */
    public static final double ACCEPT_TOLERANCE = GaussianMixtureEm.ACCEPT_TOLERANCE;

    private static final double HALF_LOG_2PI = Stable.HALF_LOG_2PI;
    /**
     * The shifted residual sum is used when its rounding bound {@code (sqrt S⁰ + Σ_r |δ_r| sqrt G_rr)²}
     * is at most this many times the sum itself (a relative error of about this times a few ulps);
     * otherwise the second pass.
     */
    static final double SHIFTED_FORM_REACH = 64;

    private final double[] design; // n × p, row-major: (1, x) or x
    private final double[] y;
    private final int n;
    private final int p;
    private final int k;
    private final boolean intercept;
    private final boolean commonSigma;
    private final double floor;
    private final MixtureRegressionKernel kernel;
    private final ChunkedSums sweepSums;
    private final ChunkedSums residualSums;
    /** Per responsibility buffer: ℓ and the M-step sums of the sweep that wrote it (see {@link MixtureRegressionKernel}). */
    private final double[][] sweepOut;
    private final double[] residualOut;
    private final double[][] resp;
    private final double[] constant;
    private final double[] inverseVariance;
    /** M-steps whose residual sums took the second pass (the shifted form was not accurate enough). */
    private long secondPasses;
    private int shown = -1;
    private int written = -1;

    private double[] pi;
    private double[] beta;
    private double[] sigma;
    /** Stops the run when an update is undefined or rounding lowers ℓ, and remembers why. */
    private final FloorSafeguard safeguard = new FloorSafeguard("rounding: ill-conditioned least squares");
    /** Components whose variance the floor held up in the last M-step (for the events). */
    private final boolean[] atFloor;
    private boolean sweepValid;
    private double loglik;

    /**
     * @param x           covariates, row-major n × d (without the intercept column)
     * @param y           responses
     * @param d           number of covariates
     * @param intercept   fit an intercept (β_j0)
     * @param commonSigma one σ shared by all components
     * @param floor       variance floor ε ≥ 0 (0: no floor; a zero variance then stops the run)
     * @param pi0         initial weights
     * @param beta0       initial coefficients, row-major k × p (p = d + 1 with an intercept)
     * @param sigma0      initial noise standard deviations &gt; 0 (all equal when {@code commonSigma}); those
     *                    below sqrt(ε) are raised to it, with an event
     */
    public MixtureRegressionEm(double[] x, double[] y, int d, boolean intercept, boolean commonSigma, double floor,
                               double[] pi0, double[] beta0, double[] sigma0) {
        this.n = y.length;
        this.p = d + (intercept ? 1 : 0);
        this.k = pi0.length;
        this.intercept = intercept;
        this.commonSigma = commonSigma;
        this.floor = floor;
        if (x.length != n * d || beta0.length != k * p || sigma0.length != k) {
            throw new IllegalArgumentException("need " + n * d + " covariates, " + k * p + " coefficients and " + k
                    + " sigmas");
        }
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the variance floor must be finite and >= 0 (got " + floor + ")");
        }
        this.design = new double[n * p];
        for (int i = 0; i < n; i++) {
            int o = i * p;
            if (intercept) {
                design[o++] = 1.0;
            }
            System.arraycopy(x, i * d, design, o, d);
        }
        this.y = y.clone();
        this.pi = pi0.clone();
        this.beta = beta0.clone();
        this.sigma = sigma0.clone();
        this.atFloor = new boolean[k];
        for (int j = 0; j < k; j++) {
            if (!(sigma[j] > 0)) {
                throw new IllegalArgumentException("the initial σ of component " + (j + 1) + " must be > 0");
            }
            if (sigma[j] * sigma[j] < floor) {
                events.add("initial σ of component " + (j + 1) + " (" + GaussianMixtureEm.weightText(sigma[j])
                        + ") raised to the floor sqrt(ε) = " + GaussianMixtureEm.weightText(Math.sqrt(floor)));
                sigma[j] = Math.sqrt(floor);
            }
        }
        this.kernel = new MixtureRegressionKernel(design, this.y, p, k);
        this.sweepSums = new ChunkedSums(n, 1 + k * kernel.width());
        this.sweepOut = new double[2][1 + k * kernel.width()];
        this.residualSums = new ChunkedSums(n, k);
        this.residualOut = new double[k];
        this.resp = new double[][] {new double[n * k], new double[n * k]};
        this.constant = new double[k];
        this.inverseVariance = new double[k];
    }

    /** The trajectory columns. */
    public static List<String> columns(int k, int d, boolean intercept) {
        List<String> c = new ArrayList<>(List.of("loglik"));
        for (int j = 1; j <= k; j++) {
            c.add("pi_" + j);
        }
        for (int j = 1; j <= k; j++) {
            for (int a = intercept ? 0 : 1; a <= d; a++) {
                c.add("beta_" + j + "_" + a);
            }
        }
        for (int j = 1; j <= k; j++) {
            c.add("sigma_" + j);
        }
        return c;
    }

    @Override
    public List<String> columns() {
        return columns(k, p - (intercept ? 1 : 0), intercept);
    }

    @Override
    public int metricCount() {
        return METRICS;
    }

    /** True once EM had to stop (an undefined update, or rounding that lowered ℓ); the parameters were kept. */
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

    /** M-step: weights, coefficients by weighted least squares, then the noise levels. */
    public void mStep() {
        if (phase != Phase.AFTER_E) {
            throw new IllegalStateException("the M-step needs an E-step first");
        }
        final double[] w = resp[shown];
        // X̃ᵀ W_j X̃, X̃ᵀ W_j r⁰_j, Σ w r⁰² and N_j came with these responsibilities (the fused sweep)
        final double[] sums = sweepOut[shown];
        final int width = kernel.width();
        final int tri = p * (p + 1) / 2;
        double[] nextPi = new double[k];
        final double[] nextBeta = beta.clone();
        double[] a = new double[p * p];
        double[] l = new double[p * p];
        double[] b = new double[p];
        double[] gd = new double[p];
        boolean[] kept = new boolean[k];
        boolean[] empty = new boolean[k];
        List<Integer> singular = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        double moved = 0;
        boolean accurate = true;
        for (int j = 0; j < k; j++) {
            int o = 1 + j * width;
            double nj = sums[o + tri + p + 1];
            double s0 = sums[o + tri + p];
            residualOut[j] = s0; // at the kept β_j unless updated below
            nextPi[j] = nj / n;
            if (pi[j] == 0 || !(nj >= Double.MIN_NORMAL)) {
                // masked since an earlier drop, or every responsibility underflowed (the update is undefined)
                if (pi[j] > 0) {
                    dropped.add("component " + (j + 1) + " collapsed (weight " + GaussianMixtureEm.weightText(nj / n)
                            + ") — dropped");
                }
                nextPi[j] = 0;
                kept[j] = true;
                empty[j] = true;
                continue;
            }
            for (int r = 0; r < p; r++) {
                for (int c = r; c < p; c++) {
                    double g = sums[o + MixtureRegressionKernel.packed(p, r, c)];
                    a[r * p + c] = g;
                    a[c * p + r] = g;
                }
                b[r] = sums[o + tri + r];
            }
            if (!Cholesky.decompose(a, 0, p, l, 0)) {
                kept[j] = true;
                singular.add(j);
                accurate &= s0 > 0;
                continue;
            }
            // G δ = X̃ᵀW(y − X̃β⁰): β' = β⁰ + δ is the weighted least-squares solution
            Cholesky.solve(l, 0, p, b, 0);
            // Σ w (r⁰ − x̃ᵀδ)² = Σ w r⁰² − 2 δᵀ X̃ᵀW r⁰ + δᵀ G δ, and its rounding bound (sqrt S⁰ + Σ |δ_r| sqrt G_rr)²
            double cross = 0;
            double quad = 0;
            double reach = 0;
            for (int r = 0; r < p; r++) {
                double row = 0;
                for (int c = 0; c < p; c++) {
                    row += a[r * p + c] * b[c];
                }
                gd[r] = row;
                cross += b[r] * sums[o + tri + r];
                quad += b[r] * row;
                reach += Math.abs(b[r]) * Math.sqrt(a[r * p + r]);
                moved = Math.max(moved, Math.abs(b[r]));
                nextBeta[j * p + r] = beta[j * p + r] + b[r];
            }
            double s1 = s0 - 2 * cross + quad;
            double bound = (Math.sqrt(s0) + reach) * (Math.sqrt(s0) + reach);
            accurate &= s1 > 0 && bound <= SHIFTED_FORM_REACH * s1;
            residualOut[j] = s1;
        }
        if (!accurate) {
            // weighted squared residuals at the new coefficients, by a second pass
            secondPasses++;
            residualSums.sum((from, to, acc, off) -> {
                for (int i = from; i < to; i++) {
                    int xo = i * p;
                    for (int j = 0; j < k; j++) {
                        double wij = w[i * k + j];
                        if (wij == 0) {
                            continue;
                        }
                        double r = y[i];
                        for (int c = 0; c < p; c++) {
                            r -= design[xo + c] * nextBeta[j * p + c];
                        }
                        acc[off + j] += wij * r * r;
                    }
                }
            }, residualOut);
        }
        double[] below = new double[k];
        double[] nextSigma = noiseLevels(kept, empty, sums, below);
        t++;
        phase = Phase.BEFORE_E;
        for (int j = 0; j < k; j++) {
            if (!empty[j] && !(nextSigma[j] > 0)) {
                safeguard.stop(t, collapseReason(j, w, sums), events);
                caption.set("M-step: " + safeguard.reason() + " — EM stops here");
                return;
            }
        }
        double llOld = loglik;
        double[] oldPi = pi;
        double[] oldBeta = beta;
        double[] oldSigma = sigma;
        pi = nextPi;
        beta = nextBeta;
        sigma = nextSigma;
        sweepValid = false;
        sweep();
        boolean accepted = safeguard.judge(llOld, loglik, 0, () -> {
            pi = oldPi;
            beta = oldBeta;
            sigma = oldSigma;
            sweepValid = false;
            sweep();
        }, t, events);
        StringBuilder sb = new StringBuilder(); // what follows "moved by at most …" in the caption
        if (!accepted) {
            caption.set("M-step: " + safeguard.reason() + " — EM stops here");
            return;
        }
        events.addAll(dropped);
        if (!singular.isEmpty()) {
            sb.append("; component");
            sb.append(singular.size() > 1 ? "s " : " ");
            for (int i = 0; i < singular.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(singular.get(i) + 1);
            }
            sb.append(" kept (too few points for ").append(p).append(" coefficients)");
        }
        List<Integer> bound = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            boolean binds = !Double.isNaN(below[j]);
            if (binds) {
                bound.add(j + 1);
            }
            if (binds && !atFloor[j]) {
                events.add("variance floor ε = " + GaussianMixtureEm.weightText(floor) + " binds on component " + (j + 1)
                        + " (its residual variance " + GaussianMixtureEm.eigenText(below[j]) + " raised to ε)");
            } else if (!binds && atFloor[j] && !empty[j]) {
                events.add("variance floor no longer binds on component " + (j + 1));
            }
            atFloor[j] = binds;
        }
        if (!bound.isEmpty()) {
            sb.append("; the variance floor binds on component").append(bound.size() > 1 ? "s " : " ");
            for (int i = 0; i < bound.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(bound.get(i));
            }
        }
        if (!dropped.isEmpty()) {
            sb.append("; ").append(dropped.size()).append(" collapsed component").append(dropped.size() > 1 ? "s" : "")
                    .append(" dropped");
        }
        String tail = sb.toString();
        double largest = moved;
        caption.later(() -> "M-step: coefficients moved by at most " + Numbers.compact(largest, 3) + tail);
    }

    /** Why component {@code j}'s variance update is undefined (see the class comment). */
    private String collapseReason(int j, double[] w, double[] sums) {
        double nj = sums[nj(j)];
        int held = 0;
        for (int i = 0; i < n; i++) {
            if (w[i * k + j] > 0.5) {
                held++;
            }
        }
        String onto = held > 0 ? " collapsed onto " + held + " point" + (held > 1 ? "s" : "") : " collapsed";
        return "component " + (j + 1) + onto + " (π = " + GaussianMixtureEm.weightText(nj / n) + "): its "
                + (commonSigma ? "common " : "") + "residual variance is 0 (the line fits its points exactly); a "
                + "variance_floor above 0 lets EM go on under the floor";
    }

    /**
     * The M-step noise levels from the weighted residual sums: {@code sqrt(max(s², ε))} (the exact M-step
     * constrained to σ² ≥ ε); components in {@code kept} keep theirs (unless σ is common), dropped ones
     * too. {@code below[j]} receives s² where the floor raised it, else NaN.
     */
    private double[] noiseLevels(boolean[] kept, boolean[] empty, double[] sums, double[] below) {
        double[] next = sigma.clone();
        Arrays.fill(below, Double.NaN);
        if (commonSigma) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += residualOut[j];
            }
            double v = total / n;
            for (int j = 0; j < k; j++) {
                if (v < floor && !empty[j]) {
                    below[j] = v;
                }
            }
            Arrays.fill(next, Math.sqrt(Math.max(v, floor)));
        } else {
            for (int j = 0; j < k; j++) {
                if (!kept[j]) {
                    double v = residualOut[j] / sums[nj(j)];
                    if (v < floor) {
                        below[j] = v;
                    }
                    next[j] = Math.sqrt(Math.max(v, floor));
                }
            }
        }
        return next;
    }

    /** One pass over the data at the current parameters: responsibilities and ℓ. */
    private void sweep() {
        if (sweepValid) {
            return;
        }
        for (int j = 0; j < k; j++) {
            double s2 = sigma[j] * sigma[j];
            inverseVariance[j] = 1 / s2;
            constant[j] = Stable.logOrMask(pi[j]) - HALF_LOG_2PI - 0.5 * Math.log(s2);
        }
        written = shown == 0 ? 1 : 0;
        final double[] out = resp[written];
        final double[] b = beta;
        sweepSums.sum((from, to, acc, off) -> kernel.accumulate(b, constant, inverseVariance, out, from, to, acc, off),
                sweepOut[written]);
        loglik = sweepOut[written][0];
        sweepValid = true;
    }

    /** Index of N_j in the sums of a sweep. */
    private int nj(int j) {
        return 1 + j * kernel.width() + p * (p + 1) / 2 + p + 1;
    }

    /** Forces serial (false) or allows parallel (true) passes; the results are bit for bit the same (fixed chunks). */
    MixtureRegressionEm parallel(boolean parallel) {
        sweepSums.parallel(parallel);
        residualSums.parallel(parallel);
        return this;
    }

    /** M-steps so far whose residual sums needed the second pass (the shifted form's guard failed). */
    long secondPasses() {
        return secondPasses;
    }

    /** ℓ(θ_t), the total log-likelihood. */
    public double logLikelihood() {
        sweep();
        return loglik;
    }

    @Override
    public void row(double[] out) {
        out[0] = logLikelihood();
        System.arraycopy(pi, 0, out, METRICS, k);
        System.arraycopy(beta, 0, out, METRICS + k, k * p);
        System.arraycopy(sigma, 0, out, METRICS + k + k * p, k);
    }

    @Override
    public double[] state() {
        double[] s = new double[k + k * p + k];
        System.arraycopy(pi, 0, s, 0, k);
        System.arraycopy(beta, 0, s, k, k * p);
        System.arraycopy(sigma, 0, s, k + k * p, k);
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        pi = Arrays.copyOfRange(state, 0, k);
        beta = Arrays.copyOfRange(state, k, k + k * p);
        sigma = Arrays.copyOfRange(state, k + k * p, k + k * p + k);
        sweepValid = false;
        shown = -1;
        safeguard.restored(iteration);
        restored(iteration);
        for (int j = 0; j < k; j++) {
            atFloor[j] = floor > 0 && pi[j] > 0 && sigma[j] * sigma[j] <= floor * (1 + GaussianMixtureEm.AT_FLOOR_TOLERANCE);
        }
    }

    /** Responsibilities of the latest E-step (n × k, do not modify), or null before the first one. */
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

    /** A copy of the coefficients (row-major k × p). */
    public double[] coefficients() {
        return beta.clone();
    }

    public double[] sigmas() {
        return sigma.clone();
    }

    /** Coefficients per component, p = d + 1 with an intercept. */
    public int coefficientCount() {
        return p;
    }

    public boolean intercept() {
        return intercept;
    }

    public int components() {
        return k;
    }

    /** The variance floor ε. */
    public double floor() {
        return floor;
    }
}
