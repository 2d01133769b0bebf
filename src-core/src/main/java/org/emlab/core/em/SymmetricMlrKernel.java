package org.emlab.core.em;

import org.emlab.core.numeric.SweepMath;

/**
 * The fused sample sweep of symmetric two-component MLR EM ({@link SymmetricMlrEm}, docs/labs/mlr-overspec.md#sample-em-update):
 * for rows {@code [from, to)} of {@code x} (n × d, held <b>column-major</b>: {@code x_ic = xc[c·stride + i]}) and
 * {@code y}, at (θ, ν = atanh(π1 − π2)),
 * <pre>
 *   u_i = &lt;x_i, θ&gt;,   b_i = y_i u_i / σ²,   a_i = b_i + ν,   t_i = tanh(a_i)
 *   acc[0..d) += Σ t_i y_i x_i,   acc[d] += Σ t_i,   acc[d+1] += Σ (log cosh a_i − (y_i² + u_i²) / (2σ²))
 * </pre>
 * and {@code t_i} into {@code post} (when not null).
 *
 * <p><b>Accuracy of ℓ.</b> With {@code log cosh a = |a| + log(1 + e^{−2|a|}) − log 2}, the last summand is
 * {@code −(|y_i| − |u_i|)²/(2σ²) + (|a_i| − |b_i|) + log(1 + e^{−2|a_i|}) − log 2}, where {@code |a_i| − |b_i| = ±ν}
 * exactly when a_i and b_i have the same sign ({@link #gap}). Written as a difference of {@code (y² + u²)/(2σ²)}
 * and {@code |a|}, both about 1e5 at σ = 100 and snr = 300, ℓ lost 1e-11 to rounding and seemed to fall between
 * EM steps (fuzz configuration d=5 n=475 sigma=100 snr=292.5 p_star≈1 b0=50 seed=306682); the residuals can be
 * compensated too ({@code precise}). tanh and log cosh come from one {@code m_i = exp(−2|a_i|) − 1} per row
 * ({@link SweepMath#expm1Block(double[], int, double[], double[], double[], double[])}, a few ulps relative, also
 * near a = 0): {@code tanh|a_i| = −m_i/(2 + m_i)}, {@code log(1 + e^{−2|a_i|}) = log(2 + m_i)}.
 *
 * <p><b>Vectorised form (issue 19, second wave).</b> JDK 17's C2 vectorises elementwise loops but not
 * floating-point reductions, and only loops whose {@code double[]} accesses all have the same index (a loop
 * reading {@code xc[o + k]} and writing {@code u[k]} stays scalar). So x is held as tiles of {@link #BLOCK}
 * rows, each column of a tile an array of its own ({@link #tiles}, made once per run by the engine, allocated one
 * after the other, so X is still read in order, once); the rows go one tile at a time, y's part copied to a
 * scratch array, and every loop runs over {@code k < len} on arrays indexed from 0 (until 6 December the tiles
 * were one array whose columns were copied to scratch arrays for every block: a second write and read of X
 * in cache): the dot products as
 * {@code u[k] += x_c[k]·θ_c}, coordinate after coordinate (each u_i is bit for bit the plain left-to-right sum),
 * the exp's arguments, m, tanh and the sign of t by {@code min}/{@code max}, and every sum into <em>lanes</em>
 * ({@code L_c[k] += t_k y_k x_c[k]}, likewise Σ t, the ℓ terms and the products {@code Π (2 + m)}). Lane k holds the
 * rows {@code from + k + j·BLOCK}; the lanes are added in a fixed order when the call ends, and the products
 * are turned into logs by one {@code Math.log} per {@link #LOG_GROUP} lanes at least every
 * {@link #FLUSH_BLOCKS} blocks. The result depends only on {@code from} and {@code to}, which
 * {@link org.emlab.core.numeric.ChunkedSums} fixes whatever the thread count: 1 and 2 threads agree bit for bit.
 */
final class SymmetricMlrKernel {
    /**
     * Rows per block: the length of every elementwise loop and the number of lanes. 1024 rather than 256 (until
     * 6 December at night): each loop compiled to SIMD code has a scalar start and end and its set-up, and a tile's
     * columns are read from memory as longer streams. Copies of this kernel differing in the block alone, alternated
     * in one JVM on two threads at n = 10⁶ (60 rounds a run): d = 10, 256 rows 7.9–8.1 ms, 512 rows 6.8–7.0 (faster
     * than 256 in 56–59 of 60), 1024 rows 6.6–6.9 (faster than 512 in 56 and 57 of 60), 2048 slower than 512; d = 5,
     * 256 rows 5.7 ms, 1024 rows 4.4–4.9.
     */
    static final int BLOCK = 1024;
    /** Lanes multiplied together before one log is taken. */
    static final int LOG_GROUP = 16;
    /**
     * The lane products {@code Π (2 + m)} (one factor in [1, 2] per block) are taken to logs after at most
     * this many blocks: a group's product is then at most {@code 2^(LOG_GROUP·FLUSH_BLOCKS) = 2^512}.
     */
    static final int FLUSH_BLOCKS = 32;
    /** {@code 2^1023}: {@code v·P·P} is ±∞ or 0 for every double v, so {@link #sign} is exact. */
    private static final double P = 0x1p1023;
    /** t = copySign(th, a) as max(−th, min(th, a·SIGN_SCALE)): exact because th = tanh|a| ≤ |a|(1 + 1e-15). */
    private static final double SIGN_SCALE = 1024;

    /** Per-thread scratch (grows with d). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Block-sized arrays, all indexed from 0 (C2 in JDK 17 vectorises a loop only when its double[] indices agree). */
    private static final class Scratch {
        final double[] yb = new double[BLOCK]; // the block's y
        final double[] u = new double[BLOCK]; // <x_i, θ>
        final double[] q = new double[BLOCK]; // b_i = y_i u_i / σ²
        final double[] e = new double[BLOCK]; // −2|a_i|, then m_i = exp(−2|a_i|) − 1
        final double[] k1 = new double[BLOCK]; // the exp's scratch
        final double[] k2 = new double[BLOCK];
        final double[] k3 = new double[BLOCK];
        final double[] k4 = new double[BLOCK];
        final double[] t = new double[BLOCK]; // t_i
        final double[] w = new double[BLOCK]; // t_i y_i
        final double[] r = new double[BLOCK]; // the ℓ residuals |y_i| − |u_i|
        final double[] laneT = new double[BLOCK];
        final double[] laneL = new double[BLOCK];
        final double[] laneP = new double[BLOCK];
        double[][] laneM = new double[0][]; // the M-step lanes, one array per coordinate

        void ensure(int d) {
            if (laneM.length < d) {
                laneM = new double[d][BLOCK];
            }
        }
    }

    private SymmetricMlrKernel() {
    }

    /**
     * Row-major {@code x} (n × d) in the kernel's layout: tiles of {@link #BLOCK} rows one after the other, each
     * tile's columns arrays of {@link #BLOCK} doubles of their own, {@code x_ic = xt[(i / BLOCK)·d + c][i % BLOCK]}
     * (the last tile padded with zeros). Allocated in that order, so a pass reads them in order, one tile at a time.
     */
    static double[][] tiles(double[] x, int n, int d) {
        int count = (n + BLOCK - 1) / BLOCK;
        double[][] xt = new double[count * d][];
        for (int g = 0; g < count; g++) {
            for (int c = 0; c < d; c++) {
                double[] col = new double[BLOCK];
                int rows = Math.min(BLOCK, n - g * BLOCK);
                for (int k = 0; k < rows; k++) {
                    col[k] = x[(g * BLOCK + k) * d + c];
                }
                xt[g * d + c] = col;
            }
        }
        return xt;
    }

    /**
     * Accumulates rows {@code [from, to)} into {@code acc[off .. off + d + 2)}.
     *
     * @param tiles   x as {@link #tiles} lays it out; {@code from} must be a multiple of {@link #BLOCK}
     * @param inv     {@code 1/σ²}
     * @param nu      {@code atanh(π1 − π2)}
     * @param precise each residual {@code |y_i| − |u_i| = sign(y_i)(y_i − s_i u_i)} ({@code s_i = sign(b_i)}) is
     *                formed by a compensated dot product ({@link #residuals}) instead of from the rounded
     *                {@code u_i}: at SNR 1e6 the rounding of u_i alone (about 1e-16 ‖θ‖‖x_i‖) moved ℓ by 1e-11,
     *                more than the monotonicity tolerance (fuzz: d=1 n=45 sigma=1 snr=1e6 pi0=2.5e-9
     *                seed=551050, ℓ "fell" by 1.6e-11 on a step that moved θ by 3e-13 relative). The engine
     *                uses it when ‖θ‖·rms‖x‖/σ exceeds {@link SymmetricMlrEm#PRECISE_SNR}. The M-step sums and
     *                posteriors are the same in both modes.
     */
    static void accumulate(double[][] tiles, double[] y, int d, double[] theta, double nu, double inv,
                           double[] post, int from, int to, double[] acc, int off, boolean precise) {
        if (from % BLOCK != 0) {
            throw new IllegalArgumentException("rows must start at a tile (a multiple of " + BLOCK + "), not " + from);
        }
        final Scratch s = SCRATCH.get();
        s.ensure(d);
        final double[][] laneM = s.laneM;
        final double[] yb = s.yb;
        final double[] u = s.u;
        final double[] q = s.q;
        final double[] e = s.e;
        final double[] t = s.t;
        final double[] w = s.w;
        final double[] r = s.r;
        final double[] laneT = s.laneT;
        final double[] laneL = s.laneL;
        final double[] laneP = s.laneP;
        // lanes at or beyond to − from hold no row: they are neither cleared nor added (a short call, n below a block)
        final int width = Math.min(BLOCK, to - from);
        java.util.Arrays.fill(laneT, 0, width, 0);
        java.util.Arrays.fill(laneL, 0, width, 0);
        java.util.Arrays.fill(laneP, 1);
        for (int c = 0; c < d; c++) {
            java.util.Arrays.fill(laneM[c], 0, width, 0);
        }
        double logs = 0;
        int blocks = 0;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            final int len = Math.min(to - b0, BLOCK);
            // the tile's columns are arrays indexed from 0 (X is read from memory by the first loop over them); y's part copied
            final double[][] xb = tiles;
            final int xo = b0 / BLOCK * d;
            System.arraycopy(y, b0, yb, 0, len);
            dots(xb, xo, d, theta, len, u);
            arguments(yb, u, inv, nu, len, q, e);
            SweepMath.expm1Block(e, len, s.k1, s.k2, s.k3, s.k4);
            posteriors(e, q, yb, nu, len, t, w, laneT, laneP);
            if (post != null) {
                System.arraycopy(t, 0, post, b0, len);
            }
            if (precise) {
                residuals(xb, xo, d, theta, yb, q, len, r, s.k1, s.k2);
            } else {
                plainResiduals(yb, u, len, r);
            }
            likelihoodLanes(q, r, nu, inv, len, s.k3, laneL);
            mStepLanes(xb, xo, d, w, len, laneM);
            if (++blocks == FLUSH_BLOCKS) {
                logs += logOfProducts(laneP);
                blocks = 0;
            }
        }
        if (blocks > 0) {
            logs += logOfProducts(laneP);
        }
        for (int c = 0; c < d; c++) {
            acc[off + c] += SweepMath.sum(laneM[c], 0, width);
        }
        acc[off + d] += SweepMath.sum(laneT, 0, width);
        acc[off + d + 1] += SweepMath.sum(laneL, 0, width) + logs - (to - from) * SweepMath.LOG_2;
    }

    // Each loop below is small and in a method of its own: C2 (JDK 17) vectorises a loop only if it can unroll
    // it, which it does not for long bodies, and a small hot method is compiled at once, while the driver
    // above may wait for its own compilation for seconds on a busy machine.

    /**
     * {@code q_k = b_k = y_k u_k / σ²} and the exp's argument {@code −2|b_k + ν|}, raised to
     * {@link SweepMath#EXP_FLUSH} below it (e^−2|a| becomes 0 there; below about −40, m_k = e^−2|a| − 1 rounds to
     * −1 either way).
     */
    private static void arguments(double[] yb, double[] u, double inv, double nu, int len, double[] q, double[] e) {
        for (int k = 0; k < len; k++) {
            double b = yb[k] * u[k] * inv;
            q[k] = b;
            e[k] = Math.max(-2 * Math.abs(b + nu), SweepMath.EXP_FLUSH);
        }
    }

    /**
     * From {@code m_k = e^{−2|a_k|} − 1}: {@code t_k = copySign(tanh|a_k|, a_k)} with {@code tanh|a| = −m/(2 + m)},
     * the sign by min and max ({@code Math.copySign} is not vectorised), {@code w_k = t_k y_k}, and the lanes of
     * Σ t and of {@code Π (2 + m_k) = Π (1 + e^{−2|a_k|})} (factors in [1, 2]).
     */
    private static void posteriors(double[] e, double[] q, double[] yb, double nu, int len, double[] t, double[] w,
                                   double[] laneT, double[] laneP) {
        for (int k = 0; k < len; k++) {
            double m = e[k];
            t[k] = -m / (2 + m);
        }
        for (int k = 0; k < len; k++) {
            double th = t[k];
            t[k] = Math.max(-th, Math.min(th, (q[k] + nu) * SIGN_SCALE));
        }
        for (int k = 0; k < len; k++) {
            double ti = t[k];
            w[k] = ti * yb[k];
            laneT[k] += ti;
            laneP[k] *= 2 + e[k];
        }
    }

    /** {@code r_k = |y_k| − |u_k|}. */
    private static void plainResiduals(double[] yb, double[] u, int len, double[] r) {
        for (int k = 0; k < len; k++) {
            r[k] = Math.abs(yb[k]) - Math.abs(u[k]);
        }
    }

    /** {@code laneL_k += gap(b_k, ν) − r_k²/(2σ²)} ({@code g}: scratch). */
    private static void likelihoodLanes(double[] q, double[] r, double nu, double inv, int len, double[] g,
                                        double[] laneL) {
        if (nu == 0) {
            for (int k = 0; k < len; k++) {
                laneL[k] -= 0.5 * (r[k] * r[k]) * inv;
            }
            return;
        }
        for (int k = 0; k < len; k++) {
            g[k] = gap(q[k], nu);
        }
        for (int k = 0; k < len; k++) {
            laneL[k] += g[k] - 0.5 * (r[k] * r[k]) * inv;
        }
    }

    /**
     * {@code u[k] = Σ_c xb[xo + c][k] θ_c} for {@code k < len} (the block's columns), added left to right from {@code c = 0} (four columns per
     * pass over u, then one): bit for bit the plain loop {@code dot = 0; for c: dot += x_ic θ_c} (up to the sign of a zero).
     */
    static void dots(double[][] xb, int xo, int d, double[] theta, int len, double[] u) {
        final double t0 = theta[0];
        final double[] x0 = xb[xo];
        for (int k = 0; k < len; k++) {
            u[k] = x0[k] * t0;
        }
        int c = 1;
        for (; c + 3 < d; c += 4) {
            final double ta = theta[c];
            final double tb = theta[c + 1];
            final double tc = theta[c + 2];
            final double td = theta[c + 3];
            final double[] xa = xb[xo + c];
            final double[] xz = xb[xo + c + 1];
            final double[] xc = xb[xo + c + 2];
            final double[] xd = xb[xo + c + 3];
            for (int k = 0; k < len; k++) {
                u[k] = (((u[k] + xa[k] * ta) + xz[k] * tb) + xc[k] * tc) + xd[k] * td;
            }
        }
        for (; c < d; c++) {
            final double ta = theta[c];
            final double[] xa = xb[xo + c];
            for (int k = 0; k < len; k++) {
                u[k] += xa[k] * ta;
            }
        }
    }

    /** {@code laneM[c][k] += w[k] xb[xo + c][k]}, four coordinates per pass, then one. */
    private static void mStepLanes(double[][] xb, int xo, int d, double[] w, int len, double[][] laneM) {
        int c = 0;
        for (; c + 3 < d; c += 4) {
            final double[] la = laneM[c];
            final double[] lb = laneM[c + 1];
            final double[] lc = laneM[c + 2];
            final double[] ld = laneM[c + 3];
            final double[] xa = xb[xo + c];
            final double[] xz = xb[xo + c + 1];
            final double[] xc = xb[xo + c + 2];
            final double[] xd = xb[xo + c + 3];
            for (int k = 0; k < len; k++) {
                double wk = w[k];
                la[k] += wk * xa[k];
                lb[k] += wk * xz[k];
                lc[k] += wk * xc[k];
                ld[k] += wk * xd[k];
            }
        }
        for (; c < d; c++) {
            final double[] la = laneM[c];
            final double[] xa = xb[xo + c];
            for (int k = 0; k < len; k++) {
                la[k] += w[k] * xa[k];
            }
        }
    }

    /** {@code Σ_k log laneP[k]} by one log per {@link #LOG_GROUP} lanes; resets the lanes to 1. */
    private static double logOfProducts(double[] laneP) {
        double sum = 0;
        for (int g = 0; g < BLOCK; g += LOG_GROUP) {
            double p = 1;
            for (int j = 0; j < LOG_GROUP; j++) {
                p *= laneP[g + j];
                laneP[g + j] = 1;
            }
            sum += Math.log(p);
        }
        return sum;
    }

    /**
     * {@code sign(v)} with +0 and −0 counted as +1 (as {@code v ≥ 0} has it), without a branch or
     * {@code Math.copySign} (neither vectorised by C2 in JDK 17): {@code v·2^1023·2^1023} is ±0 or at least
     * {@code 2^972} in size (±∞ for |v| ≥ 2^-1022), so {@code max(−1, min(1, that + 1))} is exactly ±1.
     */
    static double sign(double v) {
        return Math.max(-1.0, Math.min(1.0, v * P * P + 1.0));
    }

    /**
     * {@code |a| − |b|} for {@code a = b + ν} (docs/labs/mlr-overspec.md, "Sample EM update"), as the loop of
     * {@link #accumulate} forms it: {@code max(sν, −2|b| − sν)} with {@code s = sign(b)} (+1 at ±0). For b ≥ 0,
     * {@code |b + ν| − b = max(ν, −2b − ν)}; for b &lt; 0 the mirror image. When a and b have the same sign the
     * first candidate wins and the value is exactly ±ν (no cancellation of |a| against |b|, which may be about
     * 1e5 each); otherwise {@code |ν| > |b|} and the second is one or two roundings of numbers below 2|ν|.
     * Branch-free and vectorised (the signs of b are random across rows, and a branch per row mispredicted).
     */
    static double gap(double b, double nu) {
        double sn = sign(b) * nu;
        return Math.max(sn, -2 * Math.abs(b) - sn);
    }

    /**
     * {@code r[k] = y_k − s_k <x_k, θ>} for the block's rows {@code k < len} with {@code s_k = sign(b_k)} (+1 at
     * 0), by the compensated dot product Dot2 of Ogita, Rump &amp; Oishi (2005): error-free products (fma) and
     * sums, so each result is as accurate as if computed in twice the working precision. Its square is
     * {@code (|y_k| − |<x_k,θ>|)²}. Elementwise over the block, one coordinate at a time: per row the same
     * operations in the same order as a loop over c.
     *
     * @param xb  the block's columns at {@code xo .. xo + d}
     * @param b   {@code y_k u_k / σ²} (only its sign is used)
     * @param r   receives the residuals; {@code err} and {@code neg} are scratch (all of at least {@code len})
     */
    static void residuals(double[][] xb, int xo, int d, double[] theta, double[] yb, double[] b, int len, double[] r,
                          double[] err, double[] neg) {
        for (int k = 0; k < len; k++) {
            neg[k] = -sign(b[k]);
            r[k] = yb[k];
            err[k] = 0;
        }
        for (int c = 0; c < d; c++) {
            final double tc = theta[c];
            final double[] xr = xb[xo + c];
            for (int k = 0; k < len; k++) {
                double xs = neg[k] * xr[k];
                double p = xs * tc;
                double pe = Math.fma(xs, tc, -p);
                double sk = r[k];
                double sum = sk + p;
                double z = sum - sk;
                err[k] += ((sk - (sum - z)) + (p - z)) + pe;
                r[k] = sum;
            }
        }
        for (int k = 0; k < len; k++) {
            r[k] += err[k];
        }
    }
}
