package org.emlab.core.em;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.data.Dataset;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.GramCholesky;
import org.emlab.core.numeric.Stable;
import org.emlab.core.text.Numbers;

/**
 * Exact EM for two-component symmetric mixed linear regression with mixing weights,
 * {@code p(y|x) = π1 φ_σ(y − <x,θ>) + π2 φ_σ(y + <x,θ>)}, σ known (arXiv 2508.10154, Luo &amp;
 * Hashemi; docs/labs/mlr-overspec.md#sample-em-update):
 * <pre>
 *   u_i      = y_i &lt;x_i, θ_t&gt; / σ²,     ν_t = atanh(π1_t − π2_t)
 *   t_i      = tanh(u_i + ν_t)                         (E-step: E[label_i | data])
 *   θ_{t+1}  = (XᵀX)⁻¹ Σ_i t_i y_i x_i                   (M-step: weighted least squares)
 *   π1_{t+1} = (1 + mean_i t_i)/2                       (only when the weights are updated)
 *   ℓ(θ,π1)  = (1/N) Σ_i [ −½ log(2πσ²) − (y_i² + &lt;x_i,θ&gt;²)/(2σ²) + log(2 sqrt(π1π2)) + log cosh(u_i + ν) ]
 * </pre>
 * (the last two terms are {@code logaddexp(log π1 + u_i, log π2 − u_i)}). {@code XᵀX} is factored once
 * per run. One fused pass over the data (in deterministic chunks, parallel for large N) computes
 * {@code <x_i, θ>}, the posteriors, {@code ℓ(θ_t)} and the M-step sums together; it runs lazily when
 * a row or an E-step needs it, so a full iteration costs one pass. The pass reads a copy of x made once per
 * run, in tiles of {@link SymmetricMlrKernel#BLOCK} rows laid out column by column, with vectorised loops: one
 * vectorised expm1 per sample and one {@code Math.log} per 16 of the kernel's lanes when a chunk of rows ends
 * ({@link SymmetricMlrKernel}).
 *
 * <p>Trajectory columns: {@code error}, {@code loglik}, {@code kl} (population KL of the current fit),
 * {@code b} (‖θ‖/σ), {@code tau} (π1 − π2), {@code beta_c}, {@code pi_1}. Every row also logs
 * ({@link #errorLog()}) the estimated error of {@code kl} (entry 1: its finer rule and rounding,
 * {@link SymmetricMlrPopulation#klError}; docs/labs/mlr-overspec.md, "Metrics"); entry 0, the error of
 * {@code error}, is 0 here (the sample error is exact).
 *
 * <p><b>Scale.</b> The model is invariant under {@code (y, θ, σ) → (y/σ, θ/σ, 1)}: the engine works in
 * units of σ throughout ({@code y' = y/σ}, {@code θ' = θ/σ}, so every posterior, sum and step is
 * σ-free) and converts only what it reports ({@code β = σθ'}, {@code error = σ·error'},
 * {@code ℓ = ℓ' − log σ}). So any σ in the lab's range, from 1e-300 (where σ² underflows to 0) to
 * 100, gives finite and correct results; at σ = 1 the arithmetic is exactly the unscaled one. The lab
 * generates its sample in units of σ too ({@link #inUnitsOfSigma}), so even a subnormal σ loses no
 * precision inside the engine.
 */
public final class SymmetricMlrEm extends HalfStepEngine {
    /** Posteriors are kept for display only up to this many samples. */
    public static final int MAX_STORED_POSTERIORS = 2_000_000;
    /** Number of metric columns. */
    public static final int METRICS = 5;
    /**
     * Weight floor: an updated π1 is kept in {@code [WEIGHT_FLOOR, 1 − WEIGHT_FLOOR]}. Without it,
     * {@code (1 + mean t_i)/2} rounds to exactly 1 once every posterior rounds to ±1 (σ = 1e-6,
     * snr = 1e6, π1₀ = 1 − 1e-9), and then {@code ν = atanh(1) = ∞} and {@code log(2 sqrt(π1 π2)) = −∞}.
     * The clamp keeps EM monotone: the π-part of the EM objective is concave in π1 with its maximum at
     * the unclamped value, and the previous π1 lies inside the interval, so the clamped value still
     * increases it (a generalised EM step). It never binds above weights of 1e-12.
     */
    public static final double WEIGHT_FLOOR = 1e-12;
    /**
     * Above this ‖θ‖·rms‖x‖/σ the log-likelihood's residuals are formed by a compensated dot product
     * ({@code SymmetricMlrKernel.residual}), so the rounding of &lt;x, θ&gt; (≈ 1e-16 of it) cannot move ℓ by
     * more than its monotonicity tolerance; below it the plain fused sweep is used (the same sums).
     */
    public static final double PRECISE_SNR = 1e3;

    /**
     * x in tiles of {@link SymmetricMlrKernel#BLOCK} rows, each column of a tile an array of its own, copied once
     * per run from the sample's row-major x: the layout the vectorised pass reads ({@link SymmetricMlrKernel#tiles};
     * 8nd bytes, the last tile padded, besides the sample's own).
     */
    private final double[][] tiles;
    /** y in units of σ. */
    private final double[] unitY;
    private final int n;
    private final int d;
    private final double sigma;
    private final boolean updateWeights;
    private final SymmetricMlrPopulation population;
    /** The same truth in units of σ (the KL and the error are computed there). */
    private final SymmetricMlrPopulation unitPopulation;
    private final GramCholesky gram;
    private final double meanX2; // mean ‖x_i‖²
    private final ChunkedSums sums;
    private final double[] sumsOut;
    private final double[][] post; // two n-buffers of t_i (or null): the one shown, the one the next sweep writes
    private int shown = -1;
    private int written = -1;

    /** θ in units of σ. */
    private double[] theta;
    private double pi1;
    private boolean sweepValid;
    private double loglik;

    /**
     * @param data          x (n × d) and y
     * @param sigma         the known noise level
     * @param theta0        initial θ
     * @param pi0           initial π1 in (0, 1)
     * @param updateWeights true: EM also updates π1; false: π1 stays at pi0
     * @param population    population quantities of the truth (for the KL column)
     */
    public SymmetricMlrEm(Dataset data, double sigma, double[] theta0, double pi0, boolean updateWeights,
                          SymmetricMlrPopulation population) {
        this(data.x(), divide(data.y(), sigma), data.n(), data.d(), sigma, divide(theta0, sigma).clone(), pi0, updateWeights,
                population);
    }

    /**
     * The engine on a sample already in units of σ ({@code y/σ}), from {@code θ₀/σ}: what the lab uses,
     * so that the sample never exists at a tiny scale. Reported values are in the original units.
     */
    public static SymmetricMlrEm inUnitsOfSigma(Dataset unitData, double sigma, double[] unitTheta0, double pi0,
                                               boolean updateWeights, SymmetricMlrPopulation population) {
        return new SymmetricMlrEm(unitData.x(), unitData.y(), unitData.n(), unitData.d(), sigma, unitTheta0.clone(), pi0,
                updateWeights, population);
    }

    private SymmetricMlrEm(double[] x, double[] unitY, int n, int d, double sigma, double[] unitTheta0, double pi0,
                           boolean updateWeights, SymmetricMlrPopulation population) {
        this.tiles = SymmetricMlrKernel.tiles(x, n, d);
        this.unitY = unitY;
        this.n = n;
        this.d = d;
        this.sigma = sigma;
        this.updateWeights = updateWeights;
        this.population = population;
        this.unitPopulation = population.inUnitsOfSigma();
        this.gram = new GramCholesky(GramCholesky.gram(x, n, d), d);
        double sx = 0;
        for (double v : x) {
            sx += v * v;
        }
        this.meanX2 = sx / n;
        this.sums = new ChunkedSums(n, d + 2);
        this.sumsOut = new double[d + 2];
        this.post = n <= MAX_STORED_POSTERIORS ? new double[][] {new double[n], new double[n]} : null;
        this.theta = unitTheta0;
        this.pi1 = pi0;
    }

    /** {@code v/σ} (v itself when σ = 1, so that nothing changes then). */
    static double[] divide(double[] v, double sigma) {
        if (sigma == 1.0) {
            return v;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / sigma;
        }
        return out;
    }

    /** {@code σv} (a copy). */
    static double[] times(double[] v, double sigma) {
        double[] out = v.clone();
        if (sigma != 1.0) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= sigma;
            }
        }
        return out;
    }

    /**
     * Heap of the tiled copy of an n × d sample ({@link SymmetricMlrKernel#tiles}): an array of
     * {@link SymmetricMlrKernel#BLOCK} doubles (and its header) per tile and column, the last tile padded, and a
     * reference to each. For memory estimates.
     */
    public static long tileBytes(long n, long d) {
        long block = SymmetricMlrKernel.BLOCK;
        long count = (n + block - 1) / block;
        return count * d * (8L * block + 16) + 8L * count * d;
    }

    /** The trajectory columns of setting 000. */
    public static List<String> columns(int d) {
        List<String> c = new ArrayList<>(List.of("error", "loglik", "kl", "b", "tau"));
        for (int a = 1; a <= d; a++) {
            c.add("beta_" + a);
        }
        c.add("pi_1");
        return c;
    }

    @Override
    public List<String> columns() {
        return columns(d);
    }

    @Override
    public int metricCount() {
        return METRICS;
    }

    /** Exact EM (a generalised EM step when the weight floor binds): ℓ never decreases. */
    @Override
    public String monotoneColumn() {
        return "loglik";
    }

    /** E-step: the label posteriors {@code t_i = tanh(u_i + ν)} at (θ_t, π_t) (and ℓ and the M-step sums). */
    public void eStep() {
        sweep();
        shown = written;
        phase = Phase.AFTER_E;
        double meanTanh = sumsOut[d] / n;
        caption.later(() -> "E-step: label posteriors updated (mean tanh = "
                + String.format(Locale.ROOT, "%.4f", meanTanh).replace('-', '−') + ")");
    }

    /** M-step: {@code θ = (XᵀX)⁻¹ Σ t_i y_i x_i} and, when updated, {@code π1 = (1 + mean t_i)/2}. */
    public void mStep() {
        if (phase != Phase.AFTER_E) {
            throw new IllegalStateException("M-step needs an E-step first");
        }
        double[] next = new double[d];
        gram.solve(sumsOut, next);
        double moved = 0;
        for (int c = 0; c < d; c++) {
            double dc = next[c] - theta[c];
            moved += dc * dc;
        }
        theta = next;
        if (updateWeights) {
            pi1 = clampWeight(0.5 * (1 + sumsOut[d] / n));
        }
        t++;
        phase = Phase.BEFORE_E;
        sweepValid = false;
        double step = sigma * Math.sqrt(moved);
        double weight = pi1;
        caption.later(() -> "M-step: β moved by " + Numbers.compact(step, 3)
                + String.format(Locale.ROOT, ", π₁ = %.4f", weight));
    }

    private void sweep() {
        if (sweepValid) {
            return;
        }
        final double[][] tiles = this.tiles;
        final double[] y = unitY;
        final double[] th = theta;
        final double nu = Stable.atanh(2 * pi1 - 1);
        final double inv = 1; // in units of σ
        final int dd = d;
        written = shown == 0 ? 1 : 0;
        final double[] out = post == null ? null : post[written];
        double n2 = 0;
        for (double v : th) {
            n2 += v * v;
        }
        // ‖θ‖ rms‖x‖ / σ above PRECISE_SNR: the rounding of <x, θ> would show in ℓ; use compensated residuals
        final boolean precise = n2 * meanX2 * inv > PRECISE_SNR * PRECISE_SNR;
        sums.sum((from, to, acc, off) -> SymmetricMlrKernel.accumulate(tiles, y, dd, th, nu, inv, out, from, to, acc, off,
                precise), sumsOut);
        // ℓ = ℓ' − log σ: the density of y is that of y/σ divided by σ (no σ², which underflows at σ = 1e-300)
        loglik = (-0.5 * Math.log(2 * Math.PI) - Math.log(sigma)) + Math.log(2 * Math.sqrt(pi1 * (1 - pi1)))
                + sumsOut[d + 1] / n;
        sweepValid = true;
    }

    private final ErrorLog errorLog = new ErrorLog(2);

    /** The estimated errors of the rows' {@code error} (entry 0, always 0 here) and {@code kl} (entry 1), by iteration. */
    public ErrorLog errorLog() {
        return errorLog;
    }

    /** The sample log-likelihood ℓ(θ_t, π1_t) per sample. */
    public double logLikelihood() {
        sweep();
        return loglik;
    }

    @Override
    public void row(double[] out) {
        double ll = phase == Phase.AFTER_E ? loglik : logLikelihood();
        double kl = unitPopulation.kl(theta, pi1);
        writeUnitRow(out, unitPopulation, sigma, theta, pi1, ll, kl);
        errorLog.put(t, 0.0, unitPopulation.klError(theta, pi1, kl));
    }

    /**
     * Writes a row from θ in units of σ ({@code unitTheta}) and the truth in those units: error and β
     * are multiplied by σ, {@code b} is ‖θ'‖ itself (no underflow of ‖θ‖² at tiny σ).
     */
    static void writeUnitRow(double[] out, SymmetricMlrPopulation unitPop, double sigma, double[] unitTheta, double pi1,
                             double ll, double kl) {
        int d = unitTheta.length;
        double n2 = 0;
        for (double v : unitTheta) {
            n2 += v * v;
        }
        out[0] = sigma * unitPop.error(unitTheta);
        out[1] = ll;
        out[2] = Math.max(0.0, kl); // rounding can make a tiny KL negative
        out[3] = Math.sqrt(n2);
        out[4] = 2 * pi1 - 1;
        for (int c = 0; c < d; c++) {
            out[METRICS + c] = sigma * unitTheta[c];
        }
        out[METRICS + d] = pi1;
    }

    /** {@code π1} clamped to {@code [WEIGHT_FLOOR, 1 − WEIGHT_FLOOR]}. */
    static double clampWeight(double pi1) {
        return Math.max(WEIGHT_FLOOR, Math.min(1 - WEIGHT_FLOOR, pi1));
    }

    /** Writes a row from θ in the original units (the population engine): computed in units of σ. */
    static void writeRow(double[] out, SymmetricMlrPopulation pop, double sigma, double[] theta, double pi1, double ll,
                         double kl) {
        writeUnitRow(out, pop.inUnitsOfSigma(), sigma, divide(theta, sigma), pi1, ll, kl);
        if (sigma != 1.0) {
            System.arraycopy(theta, 0, out, METRICS, theta.length); // exactly the given θ
        }
    }

    /** θ in units of σ and π1 (opaque to the caller: {@link #restore} takes it back exactly). */
    @Override
    public double[] state() {
        double[] s = new double[d + 1];
        System.arraycopy(theta, 0, s, 0, d);
        s[d] = pi1;
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        theta = java.util.Arrays.copyOf(state, d);
        pi1 = state[d];
        sweepValid = false;
        shown = -1;
        restored(iteration);
    }

    /** The tiled copy of x that every pass reads (the bench's read floor reads it). */
    @Override
    public double[][] streamedData() {
        return tiles;
    }

    /** A copy of θ_t. */
    public double[] theta() {
        return times(theta, sigma);
    }

    /** π1_t. */
    public double pi1() {
        return pi1;
    }

    /**
     * The posteriors {@code t_i = E[label_i]} of the latest E-step (do not modify), or null when none ran
     * since the start or the last restore, or when N is too large to keep them.
     */
    public double[] shownPosteriors() {
        return post == null || shown < 0 ? null : post[shown];
    }

    /** A copy of the posteriors {@code t_i} at the current (θ, π) (running a pass if needed), or null. */
    public double[] posteriors() {
        sweep();
        return post == null ? null : post[written].clone();
    }

    /** The M-step sums of the latest pass: {@code Σ t_i y_i x_i} (d), {@code Σ t_i}, {@code Σ [log cosh − ½(y² + <x,θ>²)/σ²]}. */
    double[] lastSums() {
        double[] s = lastUnitSums();
        for (int c = 0; c < d; c++) {
            s[c] *= sigma;
        }
        return s;
    }

    /** The same sums as the pass forms them, in units of σ ({@code Σ t_i (y_i/σ) x_i}; the last two are σ-free). */
    double[] lastUnitSums() {
        sweep();
        return sumsOut.clone();
    }
}
