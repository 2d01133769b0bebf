package org.emlab.core.em;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.emlab.core.numeric.SpecialFunctions;
import org.emlab.core.data.Rng;

/**
 * Expectations over {@code Z ~ N(0, I_s)}, s ≤ 3, of functions of the softmax
 * {@code w_j(z) = softmax_j(log π_j + ⟨z, m_j⟩)}: the population quantities of gmm-simplex
 * ({@link SimplexPopulation}; docs/labs/gmm-simplex.md, "Population update") far from the truth, where
 * the responsibilities switch across the tie hyperplanes {@code a_i = a_j} within a width of about
 * {@code 1/‖m_i − m_j‖} and a fixed Gauss–Hermite grid cannot resolve them.
 *
 * <h2>The rule</h2>
 * Nested one-dimensional integration in an orthonormal frame {@code e_1..e_s} (chosen among fixed
 * rotations so that every tie hyperplane crosses the innermost axis, and every tie line of three
 * components crosses the planes of the outer axis, at a large angle):
 * <ul>
 *   <li>every coordinate is cut to [−8, 8] (the Gaussian beyond carries 1.3e-15), and points whose weight is
 *       below 1e-19 are skipped;</li>
 *   <li>at each level the breakpoints are the coordinates where the remaining line, plane or space meets
 *       a tie locus of s − ℓ + 1 components (innermost: two components tie, a point on the line; middle,
 *       s = 3: three components tie; outer: all s + 1 tie, the apex), kept when the tied components are
 *       within {@link #SATURATED} of the largest {@code a_j} there;</li>
 *   <li>panel ends are graded geometrically away from each breakpoint, from {@code 2/σ} (σ the largest
 *       distance between the tied means, so that the nearest complex pole of the logistic switch, at
 *       distance {@code π/σ}, stays outside the panel's Bernstein ellipse) doubling up to 1.5, and every
 *       panel is at most 1.5 long; each panel gets the 10-point Gauss–Legendre rule (2e-16 on the Gaussian
 *       alone at this width);</li>
 *   <li>on the innermost line, stretches where one component leads all others by at least
 *       {@link #SATURATED} (so the others' responsibilities are below 4e-18) are integrated in closed form
 *       ({@code ∫φ = Φ(v) − Φ(u)}, {@code ∫tφ = φ(u) − φ(v)}); only the switching windows are numerical.</li>
 * </ul>
 * The cost grows like (log ‖m‖)^s: about 10⁴ points for s = 2 and 10⁶–10⁷ for s = 3 at ‖m‖ = 50.
 */
final class TieQuadrature {
    /** Gauss–Legendre nodes per panel. */
    static final int NODES = 10;
    /** Every coordinate is integrated over [−T, T] (the Gaussian beyond carries below 1.3e-15). */
    static final double T = 8;
    /** A lead of this much in {@code a_j} makes the responsibilities one-hot to 4e-18. */
    static final double SATURATED = 40;
    /** Longest panel. */
    static final double LONGEST = 1.5;
    /** The first graded panel is this divided by the local slope. */
    static final double FIRST = 2;
    /** Contributions with a weight below this are skipped (the totals are of order 1). */
    static final double NEGLIGIBLE = 1e-19;
    /** Fixed candidate frames per dimension. */
    static final int CANDIDATES = 48;

    private static final double[] X = new double[NODES];
    private static final double[] W = new double[NODES];
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    static {
        int n = NODES;
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = x;
                for (int j = 2; j <= n; j++) {
                    double p2 = ((2.0 * j - 1) * x * p1 - (j - 1.0) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-17) {
                    break;
                }
            }
            X[i] = x;
            W[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    private final int s;
    private final int k;
    private final double[] logPi;
    private final int[] live; // components with π_j > 0
    private final double[][] frames; // candidate frames, rows e_1..e_s, row-major s × s
    // per call
    private double[] frame;
    private double[] m; // means in frame coordinates, k × s
    private final int[][][] subsets; // subsets[l] = the subsets of size s − l + 1 of the live components

    TieQuadrature(int s, double[] pi) {
        if (s < 1 || s > 3) {
            throw new IllegalArgumentException("the tie rule integrates 1 to 3 dimensions (got " + s + ")");
        }
        this.s = s;
        this.k = pi.length;
        this.logPi = new double[k];
        int count = 0;
        for (int j = 0; j < k; j++) {
            logPi[j] = pi[j] > 0 ? Math.log(pi[j]) : Double.NEGATIVE_INFINITY;
            count += pi[j] > 0 ? 1 : 0;
        }
        this.live = new int[count];
        for (int j = 0, w = 0; j < k; j++) {
            if (pi[j] > 0) {
                live[w++] = j;
            }
        }
        this.subsets = new int[s][][];
        for (int l = 0; l < s; l++) {
            subsets[l] = combinations(live, s - l + 1);
        }
        this.frames = candidateFrames(s);
    }

    /** Every subset of {@code of} of size {@code size}, in lexicographic order. */
    static int[][] combinations(int[] of, int size) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int[] idx = new int[size];
        if (size > of.length) {
            return new int[0][];
        }
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        while (true) {
            int[] c = new int[size];
            for (int i = 0; i < size; i++) {
                c[i] = of[idx[i]];
            }
            out.add(c);
            int i = size - 1;
            while (i >= 0 && idx[i] == of.length - size + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            idx[i]++;
            for (int j = i + 1; j < size; j++) {
                idx[j] = idx[j - 1] + 1;
            }
        }
        return out.toArray(new int[0][]);
    }

    /** The identity and {@link #CANDIDATES} − 1 fixed random rotations (Gram–Schmidt of Gaussian columns). */
    private static double[][] candidateFrames(int s) {
        double[][] f = new double[CANDIDATES][];
        RandomGenerator rng = Rng.stream(0x7135, Rng.POPULATION);
        for (int c = 0; c < CANDIDATES; c++) {
            double[] q = new double[s * s];
            if (c == 0) {
                for (int a = 0; a < s; a++) {
                    q[a * s + a] = 1;
                }
            } else {
                for (int a = 0; a < s; a++) {
                    double norm;
                    do {
                        for (int b = 0; b < s; b++) {
                            q[a * s + b] = rng.nextGaussian();
                        }
                        for (int p = 0; p < a; p++) {
                            double dot = 0;
                            for (int b = 0; b < s; b++) {
                                dot += q[a * s + b] * q[p * s + b];
                            }
                            for (int b = 0; b < s; b++) {
                                q[a * s + b] -= dot * q[p * s + b];
                            }
                        }
                        norm = 0;
                        for (int b = 0; b < s; b++) {
                            norm += q[a * s + b] * q[a * s + b];
                        }
                    } while (norm < 1e-6);
                    norm = Math.sqrt(norm);
                    for (int b = 0; b < s; b++) {
                        q[a * s + b] /= norm;
                    }
                }
            }
            f[c] = q;
        }
        return f;
    }

    /**
     * Picks the frame for means {@code means} (k × s, original coordinates): the candidate whose worst
     * crossing angle is largest. Innermost axis against every tie hyperplane ({@code |⟨e_s, n_ij⟩|}, n_ij
     * the unit normal {@code m_i − m_j}); for s = 3 also the outer axis against every tie line of three
     * components ({@code |⟨e_1, d_ijl⟩|}, d the unit direction {@code (m_i − m_j) × (m_i − m_l)}).
     */
    private void chooseFrame(double[] means) {
        double best = -1;
        for (double[] f : frames) {
            double score = Double.POSITIVE_INFINITY;
            for (int[] pair : combinations(live, 2)) {
                double dot = 0;
                double norm = 0;
                for (int c = 0; c < s; c++) {
                    double diff = means[pair[0] * s + c] - means[pair[1] * s + c];
                    dot += f[(s - 1) * s + c] * diff;
                    norm += diff * diff;
                }
                if (norm > 1e-300) {
                    score = Math.min(score, Math.abs(dot) / Math.sqrt(norm));
                }
            }
            if (s == 3) {
                for (int[] t : combinations(live, 3)) {
                    double[] u = new double[3];
                    double[] v = new double[3];
                    for (int c = 0; c < 3; c++) {
                        u[c] = means[t[0] * 3 + c] - means[t[1] * 3 + c];
                        v[c] = means[t[0] * 3 + c] - means[t[2] * 3 + c];
                    }
                    double[] d = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
                    double norm = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                    if (norm > 1e-300) {
                        score = Math.min(score, Math.abs(f[0] * d[0] + f[1] * d[1] + f[2] * d[2]) / norm);
                    }
                }
            }
            if (score > best) {
                best = score;
                frame = f;
            }
        }
        m = new double[k * s];
        for (int j = 0; j < k; j++) {
            for (int l = 0; l < s; l++) {
                double sum = 0;
                for (int c = 0; c < s; c++) {
                    sum += frame[l * s + c] * means[j * s + c];
                }
                m[j * s + l] = sum;
            }
        }
    }

    // ---- the two integrands ---------------------------------------------------------------------

    /**
     * {@code out[j·s + c] = E[w_j(Z) Z_c]} for means {@code means} (k × s, original coordinates).
     */
    void mapSums(double[] means, double[] out) {
        chooseFrame(means);
        double[] acc = outer(false, k * s); // frame coordinates
        Arrays.fill(out, 0, k * s, 0);
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < s; c++) {
                double sum = 0;
                for (int l = 0; l < s; l++) {
                    sum += frame[l * s + c] * acc[j * s + l];
                }
                out[j * s + c] = sum;
            }
        }
    }

    /** {@code E[logsumexp_j(log π_j + ⟨Z, m_j⟩)]} for means {@code means} (k × s, original coordinates). */
    double expectedLogSumExp(double[] means) {
        chooseFrame(means);
        return outer(true, 1)[0];
    }

    /**
     * The outermost level, its panels' nodes shared out over threads; the per-node results are added in
     * node order, so the sum does not depend on the number of threads.
     */
    private double[] outer(boolean lse, int size) {
        if (s == 1) {
            double[] acc = new double[size];
            line(new double[1], 1, lse, acc);
            return acc;
        }
        double[] ends = panelEnds(breakpoints(0, new double[s]));
        int panels = ends.length - 1;
        double[][] parts = new double[panels * NODES][];
        java.util.function.BooleanSupplier cancelled = org.emlab.core.numeric.Cancellation.current();
        java.util.stream.IntStream.range(0, panels * NODES).parallel().forEach(q -> {
            if (cancelled.getAsBoolean()) {
                return; // the caller's checkpoint below throws
            }
            int p = q / NODES;
            int i = q % NODES;
            double half = 0.5 * (ends[p + 1] - ends[p]);
            double mid = 0.5 * (ends[p + 1] + ends[p]);
            double t = mid + half * X[i];
            double w = half * W[i] * INV_SQRT_2PI * Math.exp(-0.5 * t * t);
            double[] acc = new double[size];
            if (w >= NEGLIGIBLE) {
                double[] y = new double[s];
                y[0] = t;
                level(1, y, w, lse, acc);
            }
            parts[q] = acc;
        });
        org.emlab.core.numeric.Cancellation.checkpoint();
        double[] total = new double[size];
        for (double[] part : parts) {
            for (int c = 0; c < size; c++) {
                total[c] += part[c];
            }
        }
        return total;
    }

    /** Level {@code l} (0-based) with the outer coordinates {@code y[0..l)} fixed, of total weight {@code weight}. */
    private void level(int l, double[] y, double weight, boolean lse, double[] acc) {
        if (l == s - 1) {
            line(y, weight, lse, acc);
            return;
        }
        double[] ends = panelEnds(breakpoints(l, y));
        for (int p = 0; p + 1 < ends.length; p++) {
            double half = 0.5 * (ends[p + 1] - ends[p]);
            double mid = 0.5 * (ends[p + 1] + ends[p]);
            for (int i = 0; i < NODES; i++) {
                double t = mid + half * X[i];
                double w = weight * half * W[i] * INV_SQRT_2PI * Math.exp(-0.5 * t * t);
                if (w < NEGLIGIBLE) {
                    continue;
                }
                y[l] = t;
                level(l + 1, y, w, lse, acc);
            }
        }
    }

    /**
     * The breakpoints of level {@code l} < s − 1: for each subset of s − l + 1 live components, the
     * {@code y_l} where they all tie with {@code y[0..l)} fixed, with its slope, as pairs
     * {@code (b, σ)}; kept when the tied components lead or trail the top by at most {@link #SATURATED}.
     */
    private double[] breakpoints(int l, double[] y) {
        int n = s - l; // unknowns y_l..y_{s-1}, and equations
        double[] out = new double[2 * subsets[l].length];
        int w = 0;
        double[] a = new double[n * n];
        double[] rhs = new double[n];
        double[] full = y.clone();
        for (int[] sub : subsets[l]) {
            int i0 = sub[0];
            for (int p = 1; p <= n; p++) {
                int ip = sub[p];
                double r = logPi[i0] - logPi[ip];
                for (int c = 0; c < l; c++) {
                    r -= (m[ip * s + c] - m[i0 * s + c]) * y[c];
                }
                rhs[p - 1] = r;
                for (int c = l; c < s; c++) {
                    a[(p - 1) * n + (c - l)] = m[ip * s + c] - m[i0 * s + c];
                }
            }
            double[] sol = solve(a, rhs, n);
            if (sol == null) {
                continue;
            }
            for (int c = l; c < s; c++) {
                full[c] = sol[c - l];
            }
            double tie = logPi[i0];
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < s; c++) {
                tie += m[i0 * s + c] * full[c];
            }
            for (int j : live) {
                double aj = logPi[j];
                for (int c = 0; c < s; c++) {
                    aj += m[j * s + c] * full[c];
                }
                top = Math.max(top, aj);
            }
            if (top - tie > SATURATED || Math.abs(sol[0]) > T + LONGEST) {
                continue;
            }
            double slope = 0;
            for (int p = 0; p < sub.length; p++) {
                for (int q = p + 1; q < sub.length; q++) {
                    double d2 = 0;
                    for (int c = 0; c < s; c++) {
                        double diff = m[sub[p] * s + c] - m[sub[q] * s + c];
                        d2 += diff * diff;
                    }
                    slope = Math.max(slope, Math.sqrt(d2));
                }
            }
            out[w++] = sol[0];
            out[w++] = slope;
        }
        return Arrays.copyOf(out, w);
    }

    /** Solves the n × n system (n ≤ 3) by elimination with partial pivoting; null when it is singular. */
    private static double[] solve(double[] a0, double[] b0, int n) {
        double[] a = a0.clone();
        double[] b = b0.clone();
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (!(scale > 0)) {
            return null;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv * n + c]) < 1e-10 * scale) {
                return null;
            }
            if (piv != c) {
                for (int q = 0; q < n; q++) {
                    double tmp = a[c * n + q];
                    a[c * n + q] = a[piv * n + q];
                    a[piv * n + q] = tmp;
                }
                double tmp = b[c];
                b[c] = b[piv];
                b[piv] = tmp;
            }
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / a[c * n + c];
                for (int q = c; q < n; q++) {
                    a[r * n + q] -= f * a[c * n + q];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = b[r];
            for (int q = r + 1; q < n; q++) {
                sum -= a[r * n + q] * x[q];
            }
            x[r] = sum / a[r * n + r];
        }
        return x;
    }

    /**
     * Panel ends on [−T, T]: every breakpoint b (pairs {@code (b, σ)}) with {@code b ± (2/σ)·2^i} up to
     * {@link #LONGEST}, then gaps longer than {@link #LONGEST} cut evenly.
     */
    private static double[] panelEnds(double[] bps) {
        double[] pts = new double[2 + bps.length * 40];
        int w = 0;
        pts[w++] = -T;
        pts[w++] = T;
        for (int q = 0; q + 1 < bps.length; q += 2) {
            double b = bps[q];
            double h = FIRST / Math.max(bps[q + 1], 1e-300);
            if (b > -T && b < T) {
                pts[w++] = b;
            }
            for (double off = h; off < LONGEST; off *= 2) {
                if (w + 2 > pts.length) {
                    pts = Arrays.copyOf(pts, 2 * pts.length);
                }
                pts[w++] = b - off;
                pts[w++] = b + off;
            }
        }
        double[] sorted = Arrays.copyOf(pts, w);
        Arrays.sort(sorted);
        double[] out = new double[sorted.length * 2 + 2 * (int) (2 * T / LONGEST + 2)];
        int o = 0;
        double last = Double.NaN;
        for (double v : sorted) {
            if (v < -T || v > T) {
                continue;
            }
            if (o > 0 && v - last < 1e-12) {
                continue;
            }
            if (o > 0 && v - last > LONGEST) {
                int cuts = (int) Math.ceil((v - last) / LONGEST);
                for (int c = 1; c < cuts; c++) {
                    out[o++] = last + (v - last) * c / cuts;
                }
            }
            out[o++] = v;
            last = v;
        }
        return Arrays.copyOf(out, o);
    }

    // ---- the innermost line --------------------------------------------------------------------

    /**
     * The innermost line {@code y = (y_0..y_{s−2}, t)}, along which {@code a_j(t) = α_j + β_j t}:
     * <ol>
     *   <li>the hard part: on each stretch of the upper envelope, the leader's one-hot responsibility (and
     *       for the log-sum-exp the leader's {@code a_j}), in closed form;</li>
     *   <li>the smoothing: on the active intervals (where a second component is within {@link #SATURATED}
     *       of the leader) the difference soft − hard. An interval around one switch between two components
     *       that are the only active ones, with slope σ ≥ {@link #PAIR_SLOPE}, is done by the Gauss rules
     *       of the weights σ(−y) and log(1 + e^{−y}) ({@link PairRule}); any other with graded panels.</li>
     * </ol>
     */
    private void line(double[] y, double weight, boolean lse, double[] acc) {
        int last = s - 1;
        double[] alpha = new double[k];
        double[] beta = new double[k];
        for (int j = 0; j < k; j++) {
            double v = logPi[j];
            for (int c = 0; c < last; c++) {
                v += m[j * s + c] * y[c];
            }
            alpha[j] = v;
            beta[j] = m[j * s + last];
        }
        // the upper envelope over [−T, T]: stretches [ends[i], ends[i+1]] led by leaders[i]
        double[] ends = new double[k + 1];
        int[] leaders = new int[k];
        int count = 0;
        double t = -T;
        int top = leader(alpha, beta, t);
        ends[0] = t;
        while (true) {
            double next = T;
            int nextTop = -1;
            for (int l : live) {
                if (l == top || !(beta[l] > beta[top])) {
                    continue;
                }
                double cross = (alpha[top] - alpha[l]) / (beta[l] - beta[top]);
                if (cross > t && cross < next) {
                    next = cross;
                    nextTop = l;
                }
            }
            leaders[count] = top;
            ends[++count] = next;
            if (nextTop < 0) {
                break;
            }
            top = nextTop;
            t = next;
        }
        // 1. the hard part, and each stretch's active ends
        double[] active = new double[4 * count]; // pairs (from, to) of active pieces
        int na = 0;
        for (int i = 0; i < count; i++) {
            int j = leaders[i];
            double u = ends[i];
            double v = ends[i + 1];
            closedForm(j, u, v, alpha, beta, y, weight, lse, acc);
            double lo = u;
            double hi = v;
            for (int l : live) {
                if (l == j) {
                    continue;
                }
                double da = alpha[j] - alpha[l] - SATURATED;
                double db = beta[j] - beta[l];
                if (db > 0) {
                    lo = Math.max(lo, -da / db);
                } else if (db < 0) {
                    hi = Math.min(hi, -da / db);
                } else if (da < 0) {
                    lo = Double.POSITIVE_INFINITY;
                }
            }
            if (!(lo < hi)) {
                active[na++] = u;
                active[na++] = v;
            } else {
                if (lo > u) {
                    active[na++] = u;
                    active[na++] = lo;
                }
                if (hi < v) {
                    active[na++] = hi;
                    active[na++] = v;
                }
            }
        }
        // 2. merge touching pieces into active intervals, then the soft − hard difference on each
        int q = 0;
        while (q < na) {
            double from = active[q];
            double to = active[q + 1];
            q += 2;
            while (q < na && active[q] <= to + 1e-12) {
                to = Math.max(to, active[q + 1]);
                q += 2;
            }
            smoothing(from, to, ends, leaders, count, alpha, beta, y, weight, lse, acc);
        }
    }

    /** The component with the largest {@code a_j} at t (ties: the larger slope, which leads just after t). */
    private int leader(double[] alpha, double[] beta, double t) {
        int best = live[0];
        double bv = alpha[best] + beta[best] * t;
        for (int j : live) {
            double v = alpha[j] + beta[j] * t;
            if (v > bv || (v == bv && beta[j] > beta[best])) {
                best = j;
                bv = v;
            }
        }
        return best;
    }

    /** {@code ∫_u^v φ(t) (…) dt} with one component carrying all the weight. */
    private void closedForm(int top, double u, double v, double[] alpha, double[] beta, double[] y, double weight,
                            boolean lse, double[] acc) {
        double mass = gaussianMass(u, v);
        double first = INV_SQRT_2PI * (Math.exp(-0.5 * u * u) - Math.exp(-0.5 * v * v)); // ∫ t φ(t) dt
        if (lse) {
            acc[0] += weight * (alpha[top] * mass + beta[top] * first);
            return;
        }
        int o = top * s;
        for (int c = 0; c < s - 1; c++) {
            acc[o + c] += weight * mass * y[c];
        }
        acc[o + s - 1] += weight * first;
    }

    /** {@code Φ(v) − Φ(u)}, accurate in either tail. */
    static double gaussianMass(double u, double v) {
        if (u >= 0) {
            return 0.5 * (SpecialFunctions.erfc(u / Math.sqrt(2)) - SpecialFunctions.erfc(v / Math.sqrt(2)));
        }
        if (v <= 0) {
            return 0.5 * (SpecialFunctions.erfc(-v / Math.sqrt(2)) - SpecialFunctions.erfc(-u / Math.sqrt(2)));
        }
        return 1 - 0.5 * (SpecialFunctions.erfc(-u / Math.sqrt(2)) + SpecialFunctions.erfc(v / Math.sqrt(2)));
    }

    /** Slopes below this are smoothed numerically (the pair rules are accurate to 1e-11 from σ = 2 up). */
    static final double PAIR_SLOPE = 2;

    /**
     * Adds {@code ∫_from^to φ(t) (soft − hard)(t) dt} over one active interval: by the pair rule when it holds
     * exactly one switch of two otherwise unrivalled components, else numerically.
     */
    private void smoothing(double from, double to, double[] ends, int[] leaders, int count, double[] alpha,
                           double[] beta, double[] y, double weight, boolean lse, double[] acc) {
        int first = -1;
        int switches = 0;
        for (int i = 1; i < count; i++) {
            if (ends[i] > from - 1e-12 && ends[i] < to + 1e-12) {
                switches++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (switches == 1) {
            int j = leaders[first - 1];
            int l = leaders[first];
            double b = ends[first];
            double slope = beta[l] - beta[j];
            if (slope >= PAIR_SLOPE && unrivalled(j, l, from, b, to, alpha, beta)) {
                pair(j, l, b, slope, alpha, beta, y, weight, lse, acc);
                return;
            }
        }
        // graded panels, refined towards every switch inside
        double[] bps = new double[2 * Math.max(1, switches)];
        int n = 0;
        for (int i = 1; i < count; i++) {
            if (ends[i] > from - 1e-12 && ends[i] < to + 1e-12) {
                bps[n++] = ends[i];
                bps[n++] = Math.abs(beta[leaders[i]] - beta[leaders[i - 1]]);
            }
        }
        double[] grid = panelEnds(Arrays.copyOf(bps, n));
        double[] pts = new double[grid.length + 2];
        int w = 0;
        pts[w++] = from;
        for (double e : grid) {
            if (e > from + 1e-13 && e < to - 1e-13) {
                pts[w++] = e;
            }
        }
        pts[w++] = to;
        double[] a = new double[k];
        int last = s - 1;
        for (int p = 0; p + 1 < w; p++) {
            double half = 0.5 * (pts[p + 1] - pts[p]);
            double mid = 0.5 * (pts[p + 1] + pts[p]);
            int hard = leader(alpha, beta, mid); // the envelope leader on this panel (its ends hold every switch)
            for (int i = 0; i < NODES; i++) {
                double t = mid + half * X[i];
                double wt = weight * half * W[i] * INV_SQRT_2PI * Math.exp(-0.5 * t * t);
                if (wt < NEGLIGIBLE) {
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j : live) {
                    a[j] = alpha[j] + beta[j] * t;
                    max = Math.max(max, a[j]);
                }
                double hardValue = alpha[hard] + beta[hard] * t;
                double z = 0;
                for (int j : live) {
                    a[j] = Math.exp(a[j] - max);
                    z += a[j];
                }
                if (lse) {
                    acc[0] += wt * (max - hardValue + Math.log(z));
                    continue;
                }
                double inv = wt / z;
                for (int j : live) {
                    double r = a[j] * inv - (j == hard ? wt : 0);
                    int o = j * s;
                    for (int c = 0; c < last; c++) {
                        acc[o + c] += r * y[c];
                    }
                    acc[o + last] += r * t;
                }
            }
        }
    }

    /**
     * True when every component but j and l stays at least {@link #SATURATED} below {@code max(a_j, a_l)}
     * on [from, to] (a convex piecewise-linear gap: checked at the ends and at the switch b).
     */
    private boolean unrivalled(int j, int l, double from, double b, double to, double[] alpha, double[] beta) {
        double lo = Math.min(from, b - SATURATED / Math.max(beta[l] - beta[j], 1e-300));
        double hi = Math.max(to, b + SATURATED / Math.max(beta[l] - beta[j], 1e-300));
        for (int q : live) {
            if (q == j || q == l) {
                continue;
            }
            for (double t : new double[] {lo, b, hi}) {
                double top = Math.max(alpha[j] + beta[j] * t, alpha[l] + beta[l] * t);
                if (top - (alpha[q] + beta[q] * t) < SATURATED) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The smoothing of one clean switch at b from j (left) to l (right), slope σ = β_l − β_j, x = σ(t − b):
     * {@code w_l − H = −w_j + H = ρ(x)} with ρ odd, {@code ρ(x) = −σ(−x)} for x &gt; 0, so
     * {@code ∫ φ(t) g(t) ρ dt = (1/σ) ∫_0^∞ [f(b − y/σ) − f(b + y/σ)] σ(−y) dy} (f = φ g); and
     * {@code lse − max = log(1 + e^{−|x|})}, so its smoothing is
     * {@code (1/σ) ∫_0^∞ [φ(b − y/σ) + φ(b + y/σ)] log(1 + e^{−y}) dy}. Both by {@link PairRule}.
     */
    private void pair(int j, int l, double b, double slope, double[] alpha, double[] beta, double[] y, double weight,
                      boolean lse, double[] acc) {
        double scale = weight / slope;
        if (lse) {
            double sum = 0;
            for (int i = 0; i < PairRule.N; i++) {
                double d = PairRule.LOG1P_NODES[i] / slope;
                double lo = b - d;
                double hi = b + d;
                sum += PairRule.LOG1P_WEIGHTS[i] * (Math.exp(-0.5 * lo * lo) + Math.exp(-0.5 * hi * hi));
            }
            acc[0] += scale * INV_SQRT_2PI * sum;
            return;
        }
        double mass = 0;
        double moment = 0;
        for (int i = 0; i < PairRule.N; i++) {
            double d = PairRule.FERMI_NODES[i] / slope;
            double lo = b - d;
            double hi = b + d;
            double flo = Math.exp(-0.5 * lo * lo);
            double fhi = Math.exp(-0.5 * hi * hi);
            mass += PairRule.FERMI_WEIGHTS[i] * (flo - fhi);
            moment += PairRule.FERMI_WEIGHTS[i] * (lo * flo - hi * fhi);
        }
        mass *= scale * INV_SQRT_2PI;
        moment *= scale * INV_SQRT_2PI;
        int last = s - 1;
        for (int c = 0; c < last; c++) {
            acc[l * s + c] += mass * y[c];
            acc[j * s + c] -= mass * y[c];
        }
        acc[l * s + last] += moment;
        acc[j * s + last] -= moment;
    }

    /**
     * Gauss rules on [0, ∞) for the weights {@code σ(−y) = 1/(1 + e^y)} and {@code log(1 + e^{−y})}, N = 24
     * nodes each: the Jacobi matrix from the discretised Stieltjes procedure (composite 20-point
     * Gauss–Legendre on [0, 60], 300 panels), then its eigenvalues (nodes) and the squared first components
     * of its eigenvectors (weights). Against adaptive quadrature, ∫ φ(b ± y/σ)(1, t) w(y) dy is exact to
     * 7e-12 at σ = 2 and to 1e-16 from σ = 4 up.
     */
    static final class PairRule {
        static final int N = 24;
        static final double[] FERMI_NODES = new double[N];
        static final double[] FERMI_WEIGHTS = new double[N];
        static final double[] LOG1P_NODES = new double[N];
        static final double[] LOG1P_WEIGHTS = new double[N];

        static {
            build(y -> 1 / (1 + Math.exp(y)), FERMI_NODES, FERMI_WEIGHTS);
            build(y -> Math.log1p(Math.exp(-y)), LOG1P_NODES, LOG1P_WEIGHTS);
        }

        private PairRule() {
        }

        private static void build(java.util.function.DoubleUnaryOperator weight, double[] nodes, double[] weights) {
            int panels = 300;
            double length = 60;
            int m = panels * org.emlab.core.numeric.GaussLegendre.NODES_PER_PANEL;
            double[] x = new double[m];
            double[] w = new double[m];
            double h = length / panels;
            for (int p = 0, o = 0; p < panels; p++) {
                for (int i = 0; i < org.emlab.core.numeric.GaussLegendre.NODES_PER_PANEL; i++, o++) {
                    x[o] = (p + 0.5) * h + 0.5 * h * org.emlab.core.numeric.GaussLegendre.node(i);
                    w[o] = 0.5 * h * org.emlab.core.numeric.GaussLegendre.weight(i) * weight.applyAsDouble(x[o]);
                }
            }
            double[] alpha = new double[N];
            double[] beta = new double[N];
            double[] prev = new double[m];
            double[] cur = new double[m];
            Arrays.fill(cur, 1);
            double norm0 = 0;
            for (double v : w) {
                norm0 += v;
            }
            double prevNorm = 0;
            for (int n = 0; n < N; n++) {
                double norm = 0;
                double xm = 0;
                for (int i = 0; i < m; i++) {
                    double c2 = cur[i] * cur[i] * w[i];
                    norm += c2;
                    xm += x[i] * c2;
                }
                alpha[n] = xm / norm;
                beta[n] = n == 0 ? norm0 : norm / prevNorm;
                double[] next = new double[m];
                for (int i = 0; i < m; i++) {
                    next[i] = (x[i] - alpha[n]) * cur[i] - (n == 0 ? 0 : beta[n] * prev[i]);
                }
                prev = cur;
                cur = next;
                prevNorm = norm;
            }
            org.ejml.data.DMatrixRMaj jacobi = new org.ejml.data.DMatrixRMaj(N, N);
            for (int i = 0; i < N; i++) {
                jacobi.set(i, i, alpha[i]);
                if (i + 1 < N) {
                    double off = Math.sqrt(beta[i + 1]);
                    jacobi.set(i, i + 1, off);
                    jacobi.set(i + 1, i, off);
                }
            }
            org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> eig =
                    org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(N, true, true);
            if (!eig.decompose(jacobi)) {
                throw new IllegalStateException("pair rule: eigendecomposition failed");
            }
            Integer[] order = new Integer[N];
            for (int i = 0; i < N; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(p).getReal(), eig.getEigenvalue(q).getReal()));
            for (int i = 0; i < N; i++) {
                org.ejml.data.DMatrixRMaj v = eig.getEigenVector(order[i]);
                double n2 = 0;
                for (int r = 0; r < N; r++) {
                    n2 += v.get(r) * v.get(r);
                }
                nodes[i] = eig.getEigenvalue(order[i]).getReal();
                weights[i] = norm0 * v.get(0) * v.get(0) / n2;
            }
        }
    }
}
