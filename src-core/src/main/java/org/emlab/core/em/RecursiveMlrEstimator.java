package org.emlab.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Rng;
import org.emlab.core.numeric.Cancellation;
import org.emlab.core.numeric.MlrKit;
import org.emlab.core.numeric.SymmetricEigen;

/**
 * The two-step recursive algorithm for mixed linear regression under general data conditions
 * (arXiv 2503.18500; docs/labs/mlr-recursive.md#sample-em-update, reconstructed). Data arrive online:
 * {@code y_{n+1} = z_{n+1} <β*, φ_n> + w_{n+1}}, {@code P(z = +1) = p ≠ ½}, {@code w ~ N(0, σ²)},
 * regressors φ_n adapted to the past. With θ_1 = 0.01·(1,…,1), P_1 = I, q_1 = 1, r_1 = 1, for each n:
 * <pre>
 *   Step 1 (weighted recursive least squares for θ* = (2p−1)β*):
 *     a_n     = 1 / (n^δ + φ_nᵀ P_n φ_n)
 *     θ_{n+1} = θ_n + a_n P_n φ_n (y_{n+1} − φ_nᵀ θ_n)
 *     P_{n+1} = P_n − a_n (P_n φ_n)(P_n φ_n)ᵀ                 (then symmetrised)
 *   Step 2 (EM-scalar recursion for q* = 1/|2p−1|):
 *     u_n     = φ_nᵀ θ_n
 *     s_{n+1} = y_{n+1} tanh(q_n u_n y_{n+1} / σ²)            (E-step with a symmetric prior)
 *     r_{n+1} = r_n + u_n²
 *     q_{n+1} = Π_{[1, U_{n+1}]}( q_n + u_n (s_{n+1} − q_n u_n) / r_{n+1} )
 *     β_{n+1} = q_{n+1} θ_{n+1}                                (→ β† = sign(2p−1) β*)
 * </pre>
 * with {@code U_n = max(q_max, sqrt(log(n+e)))} (default) or the literal {@code sqrt(log(n+e))}.
 * Before each update the label of y_{n+1} is predicted with the Bayes rule
 * {@code ẑ = sign(2 y β_nᵀφ_n/σ² + log(p̂/(1−p̂)))}, {@code p̂ = (1 + 1/q_n)/2} clipped to
 * {@code [½, 1 − 1e-9]}, and scored against {@code sign(2p−1) z}; the oracle uses β* and p.
 *
 * <p>Regressors: {@code iid} φ_n ~ N(0, I_d); {@code ar} the paper's
 * {@code φ_{n+1} = 0.8 φ_n + n^{-1/10} e_{n+1}}, φ_1 ~ N(0, I_d), which is not persistently exciting
 * (λ_min(n) ~ n^{0.8}); {@code bounded} φ_n uniform on {@code [−√3, √3]^d} (unit variance).
 *
 * <p>One {@link #step()} consumes {@code batch} samples; {@link #iteration()} counts samples consumed.
 * The random numbers of sample n come from block {@code n / BLOCK} of the seed's data stream, so
 * a restored state continues exactly as the uninterrupted run.
 */
public final class RecursiveMlrEstimator implements StepEngine {
    /** Initial θ_1 = INITIAL_THETA·(1, …, 1). */
    public static final double INITIAL_THETA = 0.01;
    /** Largest p̂ of the Bayes clustering rule. */
    public static final double MAX_P_HAT = 1 - 1e-9;
    /** Samples per block of random numbers. */
    public static final int BLOCK = 1024;
    /** AR coefficient of the paper's regressors. */
    public static final double AR_COEFFICIENT = 0.8;
    /** Exponent of the paper's innovation scale n^{-1/10}. */
    public static final double AR_DECAY = 0.1;
    /** Stream ids of the data blocks start here (block b uses stream BLOCK_STREAM + b). */
    public static final long BLOCK_STREAM = 1L << 40;
    /** Recent samples kept for the scatter view. */
    public static final int RECENT = 400;
    /** Number of metric columns. */
    public static final int METRICS = 8;
    /** Every sample index up to this is in the display trace; beyond it the trace is log-spaced. */
    public static final int TRACE_DENSE = 200;
    /** Ratio between consecutive sample indices of the log-spaced display trace. */
    public static final double TRACE_RATIO = 1.005;

    /** How the regressors are generated. */
    public enum Regressors { IID, AR, BOUNDED }

    private final int d;
    private final double p;
    private final double sigma;
    private final double sigma2;
    private final double[] betaStar;
    private final double[] thetaStar;
    private final double[] betaDagger;
    private final double qStar;
    private final double delta;
    private final double qMax;
    private final boolean literalBound;
    private final Regressors regressors;
    private final long seed;
    private final int batch;
    private final double oraclePrior;

    /** θ_1 when given, else null (the default {@link #INITIAL_THETA}·(1, …, 1)). */
    private final double[] theta1;
    // the recursion (n is the index of the current regressor φ_n; samples consumed = n − 1)
    private long n;
    private final double[] theta;
    private final double[] pm; // P, row-major d × d
    private double q;
    private double r;
    private final double[] phi;
    private final double[] gram; // Σ_{k<n} φ_k φ_kᵀ
    private long correct;
    private long oracleCorrect;
    private long predictions;

    // workspaces
    private final double[] pphi;
    private final double[] buffer; // the block's random numbers: d + 2 per sample
    private long bufferBlock = -1;
    private final double[] recentPhi;
    private final double[] recentY;
    private final int[] recentHit;
    private int recentCount;
    private int recentNext;
    private String caption = "initialised";
    // display trace: rows at log-spaced sample counts (append-only; a run is deterministic, so rows
    // recomputed after a restore are identical to the ones already traced)
    private final List<double[]> traceRows = new ArrayList<>();
    private final List<Long> traceAt = new ArrayList<>();
    private long nextTrace;

    /**
     * @param d          dimension
     * @param p          P(z = +1), not ½
     * @param sigma      noise standard deviation σ (σ² known to the algorithm)
     * @param betaStar   the true β*
     * @param regressors how φ_n is generated
     * @param delta      gain exponent δ ∈ [0, ½)
     * @param qMax       q_max of the default projection bound
     * @param literal    true: U_n = sqrt(log(n+e)) (the summary's bound); false: max(q_max, sqrt(log(n+e)))
     * @param batch      samples consumed by one step
     * @param seed       seed of the data stream
     */
    public RecursiveMlrEstimator(int d, double p, double sigma, double[] betaStar, Regressors regressors, double delta,
                                 double qMax, boolean literal, int batch, long seed) {
        this(d, p, sigma, betaStar, regressors, delta, qMax, literal, batch, seed, null);
    }

    /**
     * The estimator started from θ_1 = {@code theta1} (q_1 = 1, so β_1 = θ_1) instead of
     * {@link #INITIAL_THETA}·(1, …, 1); null keeps that default.
     */
    public RecursiveMlrEstimator(int d, double p, double sigma, double[] betaStar, Regressors regressors, double delta,
                                 double qMax, boolean literal, int batch, long seed, double[] theta1) {
        this.theta1 = theta1 == null ? null : theta1.clone();
        this.d = d;
        this.p = p;
        this.sigma = sigma;
        this.sigma2 = sigma * sigma;
        this.betaStar = betaStar.clone();
        this.thetaStar = new double[d];
        this.betaDagger = new double[d];
        double sgn = Math.signum(2 * p - 1);
        for (int c = 0; c < d; c++) {
            thetaStar[c] = (2 * p - 1) * betaStar[c];
            betaDagger[c] = sgn * betaStar[c];
        }
        this.qStar = 1 / Math.abs(2 * p - 1);
        this.delta = delta;
        this.qMax = qMax;
        this.literalBound = literal;
        this.regressors = regressors;
        this.seed = seed;
        this.batch = batch;
        this.oraclePrior = Math.log(p / (1 - p));
        this.theta = new double[d];
        this.pm = new double[d * d];
        this.phi = new double[d];
        this.gram = new double[d * d];
        this.pphi = new double[d];
        this.buffer = new double[BLOCK * (d + 2)];
        this.recentPhi = new double[RECENT * d];
        this.recentY = new double[RECENT];
        this.recentHit = new int[RECENT];
        reset();
        traceRow();
    }

    private void reset() {
        n = 1;
        if (theta1 != null) {
            System.arraycopy(theta1, 0, theta, 0, d);
        } else {
            Arrays.fill(theta, INITIAL_THETA);
        }
        Arrays.fill(pm, 0);
        for (int c = 0; c < d; c++) {
            pm[c * d + c] = 1;
        }
        q = 1;
        r = 1;
        Arrays.fill(gram, 0);
        correct = 0;
        oracleCorrect = 0;
        predictions = 0;
        recentCount = 0;
        recentNext = 0;
        // φ_1: N(0, I) for iid and ar, uniform for bounded (sample 1's numbers)
        double[] g = randoms(1);
        int o = offset(1);
        for (int c = 0; c < d; c++) {
            phi[c] = regressors == Regressors.BOUNDED ? uniformCube(g[o + c]) : g[o + c];
        }
    }

    /** The trajectory columns of setting 003. */
    public static List<String> columns(int d) {
        List<String> c = new ArrayList<>(List.of("error", "accuracy", "oracle_accuracy", "q", "theta_error", "q_error",
                "lambda_min", "q_bound"));
        for (int a = 1; a <= d; a++) {
            c.add("theta_" + a);
        }
        for (int a = 1; a <= d; a++) {
            c.add("beta_" + a);
        }
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

    @Override
    public int iteration() {
        return (int) (n - 1);
    }

    /** The projection bound U_k. */
    public double bound(long k) {
        double lit = Math.sqrt(Math.log(k + Math.E));
        return literalBound ? lit : Math.max(qMax, lit);
    }

    // ---- random numbers ---------------------------------------------------------------------------

    /** The block buffer holding sample k's numbers (d gaussians or uniforms, one uniform, one gaussian). */
    private double[] randoms(long k) {
        long block = k / BLOCK;
        if (block != bufferBlock) {
            RandomGenerator rng = Rng.stream(seed, BLOCK_STREAM + block);
            int w = d + 2;
            for (int i = 0; i < BLOCK; i++) {
                int o = i * w;
                for (int c = 0; c < d; c++) {
                    buffer[o + c] = regressors == Regressors.BOUNDED ? rng.nextDouble() : rng.nextGaussian();
                }
                buffer[o + d] = rng.nextDouble();
                buffer[o + d + 1] = rng.nextGaussian();
            }
            bufferBlock = block;
        }
        return buffer;
    }

    private int offset(long k) {
        return (int) (k % BLOCK) * (d + 2);
    }

    private static double uniformCube(double u) {
        return Math.sqrt(3) * (2 * u - 1);
    }

    // ---- the recursion ----------------------------------------------------------------------------

    /** A long batch checks for cancellation every this many samples ({@link Cancellation#checkpoint()}). */
    static final int CHECKPOINT_EVERY = 64;

    @Override
    public void step() {
        for (int b = 0; b < batch; b++) {
            if (b % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) {
                Cancellation.checkpoint(); // the run loop then restores the last recorded state
            }
            advance();
        }
        caption = null; // formatted on demand: formatting per sample would cost more than the update
    }

    /** Generates (z_{n+1}, w_{n+1}, y_{n+1}) for the current φ_n, updates, then moves to φ_{n+1}. */
    private void advance() {
        double y = response();
        int z = lastLabel;
        double dot = lastDot;
        // score the labels before updating
        double pHat = Math.min(MAX_P_HAT, Math.max(0.5, 0.5 * (1 + 1 / q)));
        double bphi = 0;
        for (int c = 0; c < d; c++) {
            bphi += q * theta[c] * phi[c];
        }
        int zHat = 2 * y * bphi / sigma2 + Math.log(pHat / (1 - pHat)) >= 0 ? 1 : -1;
        int target = p > 0.5 ? z : -z;
        int zOracle = 2 * y * dot / sigma2 + oraclePrior >= 0 ? 1 : -1;
        predictions++;
        if (zHat == target) {
            correct++;
        }
        if (zOracle == z) {
            oracleCorrect++;
        }
        int slot = recentNext;
        System.arraycopy(phi, 0, recentPhi, slot * d, d);
        recentY[slot] = y;
        recentHit[slot] = (zHat == target ? 1 : 0) + (zHat > 0 ? 0 : 2);
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
        consume(phi, y);
        if (n - 1 >= nextTrace) {
            traceRow();
        }
        nextRegressor(); // n has been incremented by consume
    }

    private int lastLabel;
    private double lastDot;

    /**
     * The response {@code y_{n+1} = z_{n+1}<β*, φ_n> + σ w_{n+1}} for the current φ_n, from sample n's
     * random numbers; leaves {@code z_{n+1}} in {@link #lastLabel} and {@code <β*, φ_n>} in {@link #lastDot}.
     */
    private double response() {
        double[] g = randoms(n);
        int o = offset(n);
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += betaStar[c] * phi[c];
        }
        int z = g[o + d] < p ? 1 : -1;
        lastLabel = z;
        lastDot = dot;
        return z * dot + sigma * g[o + d + 1];
    }

    /** Moves φ to the regressor of the current index n (call once n has advanced), from sample n's numbers. */
    private void nextRegressor() {
        double[] gn = randoms(n);
        int on = offset(n);
        switch (regressors) {
            case AR: {
                double scale = Math.pow(n - 1, -AR_DECAY);
                for (int c = 0; c < d; c++) {
                    phi[c] = AR_COEFFICIENT * phi[c] + scale * gn[on + c];
                }
                break;
            }
            case BOUNDED:
                for (int c = 0; c < d; c++) {
                    phi[c] = uniformCube(gn[on + c]);
                }
                break;
            case IID:
            default:
                for (int c = 0; c < d; c++) {
                    phi[c] = gn[on + c];
                }
        }
    }

    /**
     * The first {@code count} samples of this run's stream, in the order the recursion consumes them:
     * row k (k = 1..count) holds the regressor φ_k, the response y_{k+1} and the true label z_{k+1}
     * (±1). Drawn by a fresh copy of the generator from the same seed with the same code as
     * {@link #step()}, so they are exactly the samples a run of {@code count} samples used, whatever
     * the state of this estimator (docs/labs/mlr-recursive.md, "Trajectory columns" and the data file).
     */
    public Dataset streamedSamples(long count) {
        if (count < 0 || count > Integer.MAX_VALUE / Math.max(1, d)) {
            throw new IllegalArgumentException("cannot export " + count + " samples");
        }
        RecursiveMlrEstimator g = new RecursiveMlrEstimator(d, p, sigma, betaStar, regressors, delta, qMax, literalBound,
                batch, seed);
        int m = (int) count;
        double[] x = new double[m * d];
        double[] y = new double[m];
        int[] label = new int[m];
        for (int k = 0; k < m; k++) {
            System.arraycopy(g.phi, 0, x, k * d, d);
            y[k] = g.response();
            label[k] = g.lastLabel;
            g.n++;
            g.nextRegressor();
        }
        return new Dataset(m, d, x, y, null, label, null, "y");
    }

    /**
     * One recursion step of docs/labs/mlr-recursive.md#sample-em-update with regressor {@code ph} = φ_n and response {@code y} = y_{n+1};
     * afterwards n has advanced by one. (Public so that the recursion can be checked on given data.)
     */
    public void consume(double[] ph, double y) {
        // Step 1: weighted RLS
        double quad = 0;
        double pred = 0;
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += pm[i * d + j] * ph[j];
            }
            pphi[i] = s;
            quad += ph[i] * s;
            pred += ph[i] * theta[i];
        }
        double a = 1 / ((delta == 0 ? 1 : Math.pow(n, delta)) + quad);
        double u = pred; // u_n = φ_nᵀ θ_n, before the update
        double resid = y - pred;
        for (int i = 0; i < d; i++) {
            theta[i] += a * pphi[i] * resid;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                pm[i * d + j] -= a * pphi[i] * pphi[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (pm[i * d + j] + pm[j * d + i]);
                pm[i * d + j] = s;
                pm[j * d + i] = s;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gram[i * d + j] += ph[i] * ph[j];
            }
        }
        // Step 2: EM-scalar recursion
        double s = y * Math.tanh(q * u * y / sigma2);
        r += u * u;
        double qn = q + u * (s - q * u) / r;
        q = Math.min(bound(n + 1), Math.max(1.0, qn));
        n++;
    }

    // ---- display trace ------------------------------------------------------------------------------

    /**
     * Forgets the display trace from the current sample count on and traces the current state: after a
     * {@link #restore} of a state that was changed (the user moved the estimate), the rows traced before
     * for later sample counts no longer belong to this run.
     */
    public void retrace() {
        long consumed = n - 1;
        while (!traceAt.isEmpty() && traceAt.get(traceAt.size() - 1) >= consumed) {
            traceAt.remove(traceAt.size() - 1);
            traceRows.remove(traceRows.size() - 1);
        }
        traceRow();
    }

    private void traceRow() {
        long consumed = n - 1;
        if (traceAt.isEmpty() || consumed > traceAt.get(traceAt.size() - 1)) {
            double[] row = new double[METRICS + 2 * d];
            row(row);
            traceRows.add(row);
            traceAt.add(consumed);
        }
        nextTrace = consumed < TRACE_DENSE ? consumed + 1 : (long) Math.ceil(consumed * TRACE_RATIO);
    }

    /**
     * Column {@code col} of the display trace (all samples up to {@link #TRACE_DENSE}, then log-spaced by
     * {@link #TRACE_RATIO}) at sample counts {@code ≤ maxIteration}, as fresh arrays {x = n = samples + 1, y}.
     * Long runs thin the recorded history; this trace keeps every decade evenly covered on log axes.
     */
    public double[][] traceSeries(int col, long maxIteration) {
        int k = 0;
        while (k < traceAt.size() && traceAt.get(k) <= maxIteration) {
            k++;
        }
        double[] x = new double[k];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = traceAt.get(i) + 1.0;
            y[i] = traceRows.get(i)[col];
        }
        return new double[][] {x, y};
    }

    // ---- metrics ----------------------------------------------------------------------------------

    /** ‖β_n − β†‖. */
    public double error() {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double v = q * theta[c] - betaDagger[c];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private double thetaError() {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double v = theta[c] - thetaStar[c];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** λ_min(Σ_{k<n} φ_k φ_kᵀ). */
    public double lambdaMin() {
        return SymmetricEigen.minEigenvalue(gram, 0, d);
    }

    @Override
    public void row(double[] out) {
        out[0] = error();
        out[1] = predictions == 0 ? 1 : (double) correct / predictions;
        out[2] = predictions == 0 ? 1 : (double) oracleCorrect / predictions;
        out[3] = q;
        out[4] = thetaError();
        out[5] = Math.abs(q - qStar);
        out[6] = lambdaMin();
        out[7] = bound(n);
        System.arraycopy(theta, 0, out, METRICS, d);
        for (int c = 0; c < d; c++) {
            out[METRICS + d + c] = q * theta[c];
        }
    }

    @Override
    public double[] state() {
        // n, q, r, correct, oracleCorrect, predictions, θ, P, φ, gram
        double[] s = new double[6 + 3 * d + 2 * d * d];
        s[0] = n;
        s[1] = q;
        s[2] = r;
        s[3] = correct;
        s[4] = oracleCorrect;
        s[5] = predictions;
        int o = 6;
        System.arraycopy(theta, 0, s, o, d);
        o += d;
        System.arraycopy(pm, 0, s, o, d * d);
        o += d * d;
        System.arraycopy(phi, 0, s, o, d);
        o += d;
        System.arraycopy(gram, 0, s, o, d * d);
        return s;
    }

    /** False: the display trace and the recent samples are kept across steps, and a restore forgets them. */
    @Override
    public boolean restoresDisplay() {
        return false;
    }

    @Override
    public void restore(double[] s, int iteration) {
        n = (long) s[0];
        q = s[1];
        r = s[2];
        correct = (long) s[3];
        oracleCorrect = (long) s[4];
        predictions = (long) s[5];
        int o = 6;
        System.arraycopy(s, o, theta, 0, d);
        o += d;
        System.arraycopy(s, o, pm, 0, d * d);
        o += d * d;
        System.arraycopy(s, o, phi, 0, d);
        o += d;
        System.arraycopy(s, o, gram, 0, d * d);
        recentCount = 0;
        recentNext = 0;
        long consumed = n - 1;
        nextTrace = consumed < TRACE_DENSE ? consumed + 1 : (long) Math.ceil(consumed * TRACE_RATIO);
        caption = "at n = " + n;
    }

    @Override
    public String caption() {
        if (caption == null) {
            caption = String.format(Locale.ROOT, "n = %d: q = %.4f, ‖β − β†‖ = %.3g", n, q, error());
        }
        return caption;
    }

    // ---- accessors ----------------------------------------------------------------------------------

    public double[] theta() {
        return theta.clone();
    }

    public double q() {
        return q;
    }

    /** A copy of P_n. */
    public double[] p() {
        return pm.clone();
    }

    public double qStar() {
        return qStar;
    }

    public double[] thetaStar() {
        return thetaStar.clone();
    }

    /** β† = sign(2p − 1) β*, the vector the algorithm recovers. */
    public double[] betaDagger() {
        return betaDagger.clone();
    }

    /** The index n of the current regressor (samples consumed + 1). */
    public long index() {
        return n;
    }

    public int batch() {
        return batch;
    }

    /**
     * The most recent samples (oldest first), as fresh arrays {φ (row-major k × d), y, code}, where
     * {@code code = right + 2·(ẑ = −1)}: bit 0 is set when the algorithm's label was right, bit 1 when it
     * predicted the line −β_n; empty after a restore until new samples arrive.
     */
    public double[][] recentSamples() {
        int k = recentCount;
        double[] ph = new double[k * d];
        double[] yy = new double[k];
        double[] hit = new double[k];
        int start = (recentNext - k + RECENT) % RECENT;
        for (int i = 0; i < k; i++) {
            int slot = (start + i) % RECENT;
            System.arraycopy(recentPhi, slot * d, ph, i * d, d);
            yy[i] = recentY[slot];
            hit[i] = recentHit[slot];
        }
        return new double[][] {ph, yy, hit};
    }

    /**
     * The mean-field EM-scalar map of docs/labs/mlr-recursive.md#population-update at θ = θ*, with {@code u = θ*ᵀφ ~ N(0, s_u²)}:
     * {@code q⁺ = E[u y tanh(q u y/σ²)] / E[u²] = F_V(q s_u, q* s_u, 1, 0) / s_u} (MLR kit, d = 1).
     */
    public static double meanFieldQ(double q, double qStar, double su, double sigma) {
        double[] out = new double[1];
        MlrKit.fV(new double[] {q * su}, new double[] {qStar * su}, sigma, 1, 0, out);
        return out[0] / su;
    }
}
