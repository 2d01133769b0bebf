package org.emlab.core.em;

import java.util.concurrent.ConcurrentHashMap;
import org.emlab.core.numeric.GaussLegendre;
import org.emlab.core.numeric.MlrKit;
import org.emlab.core.numeric.Stable;
import org.emlab.core.numeric.SweepMath;

/**
 * Population (infinite-sample) quantities of two-component symmetric mixed linear regression with
 * weights, fitted to {@code y = s<x,θ*> + σε}, {@code P(s = +1) = p*} (arXiv 2508.10154, Luo &amp;
 * Hashemi; docs/labs/mlr-overspec.md#population-update). The fitted model is
 * {@code p(y|x) = π1 φ_σ(y − <x,θ>) + π2 φ_σ(y + <x,θ>)}, with {@code ν = atanh(τ)}, {@code τ = π1 − π2}.
 *
 * <p><b>Overspecified truth θ* = 0</b>: the exact 1-D reduction, with {@code b = ‖θ‖/σ} and
 * {@code Z = e·g} a product of independent standard normals,
 * <pre>
 *   b⁺ = E[tanh(bZ + ν) Z] = ∫_0^∞ cos(ων) · bω (1 + b²ω²)^{-3/2} / sinh(πω/2) dω
 *   τ⁺ = E[tanh(bZ + ν)]   = ∫_0^∞ sin(ων) ·    (1 + b²ω²)^{-1/2} / sinh(πω/2) dω
 *   θ⁺ = σ b⁺ θ/‖θ‖       (θ = 0 is a fixed point)
 *   KL(b, τ) = ∫_0^∞ [ (u/2)(1 − cos ων) + cos(ων) r(u) ] / (ω sinh(πω/2)) dω,  u = b²ω²,
 *              r(u) = u/2 − 1 + (1+u)^{-1/2} = u²(q+2)/(2q(q+1)²),  q = sqrt(1+u)
 * </pre>
 * integrated by composite Gauss–Legendre on [0, 60] with panel width {@code 0.25/max(1, b)}.
 *
 * <p><b>Scale.</b> Every quantity depends on θ, θ* and y only through θ/σ, θ* / σ and y/σ (the KL and
 * the weights are scale-free, θ⁺ and the error scale with σ, ℓ shifts by −log σ). When σ ≠ 1 the
 * public methods work on {@link #inUnitsOfSigma() the same truth in units of σ} and convert back, so a
 * σ of 1e-300 (whose square underflows) gives the same finite answers as σ = 1.
 *
 * <p><b>General truth</b>: the MLR kit with n = 1,
 * {@code θ⁺ = p* F_V(θ, θ*, 1, ν) + (1−p*) F_V(θ, −θ*, 1, ν)} and likewise τ⁺ with {@code F_t};
 * the KL is {@code E log p* − E log p_θ} with
 * {@code E log p_θ = −½log(2πσ²) − E[y²]/(2σ²) − ‖θ‖²/(2σ²) + log(2 sqrt(π1π2)) + E[log cosh(T+ν)]}.
 */
public final class SymmetricMlrPopulation {
    /** Upper end of the reduced integrals. */
    public static final double OMEGA_MAX = 60.0;
    /** Panel width of the reduced integrals at b ≤ 1 (it shrinks like 1/b above). */
    public static final double BASE_PANEL = 0.25;

    private static final double HALF_PI = 0.5 * Math.PI;
    /** Nodes and weights·/sinh(πω/2) of the base grid (b ≤ 1), shared by every call. */
    private static final double[] BASE_NODES;
    private static final double[] BASE_WEIGHTS;
    /** Finer grids by panel count, built once (a run asks for the same few at every iteration). */
    private static final ConcurrentHashMap<Integer, double[][]> GRIDS = new ConcurrentHashMap<>();
    /** Grids kept at most; beyond this a grid is built for the call and dropped. */
    private static final int MAX_CACHED_GRIDS = 256;

    static {
        int panels = reducedPanels(0);
        int m = panels * GaussLegendre.NODES_PER_PANEL;
        BASE_NODES = new double[m];
        BASE_WEIGHTS = new double[m];
        fillGrid(panels, BASE_NODES, BASE_WEIGHTS);
    }

    private final int d;
    private final double sigma;
    private final double[] thetaStar;
    private final double[] minusThetaStar;
    private final double pStar;
    private final boolean overspecified;
    private final double truthLogLik;
    /** The same truth in units of σ (σ = 1, θ* / σ); this object itself when σ = 1. */
    private final SymmetricMlrPopulation unit;

    /**
     * @param d         dimension
     * @param sigma     noise standard deviation (known to the fit)
     * @param thetaStar the truth (all zeros: the overspecified case)
     * @param pStar     P(s = +1) of the truth (irrelevant when θ* = 0)
     */
    public SymmetricMlrPopulation(int d, double sigma, double[] thetaStar, double pStar) {
        this(d, sigma, thetaStar, pStar, sigma == 1.0 ? null : new SymmetricMlrPopulation(d, 1.0,
                SymmetricMlrEm.divide(thetaStar, sigma), pStar));
    }

    /**
     * The truth {@code unit} (in units of σ: its σ is 1) seen at noise level σ: θ* = σ·θ*_unit. What the
     * lab uses, so that the truth never exists only at a tiny scale.
     */
    public static SymmetricMlrPopulation inUnitsOfSigma(SymmetricMlrPopulation unit, double sigma) {
        if (unit.sigma != 1.0) {
            throw new IllegalArgumentException("the truth in units of σ has σ = 1");
        }
        return sigma == 1.0 ? unit : new SymmetricMlrPopulation(unit.d, sigma, SymmetricMlrEm.times(unit.thetaStar, sigma),
                unit.pStar, unit);
    }

    private SymmetricMlrPopulation(int d, double sigma, double[] thetaStar, double pStar, SymmetricMlrPopulation unit) {
        this.unit = unit == null ? this : unit;
        this.d = d;
        this.sigma = sigma;
        this.thetaStar = thetaStar.clone();
        this.minusThetaStar = new double[d];
        double s2 = 0;
        for (int c = 0; c < d; c++) {
            minusThetaStar[c] = -thetaStar[c];
            s2 += thetaStar[c] * thetaStar[c];
        }
        this.pStar = pStar;
        this.overspecified = unit == null ? s2 == 0 : unit.overspecified;
        if (unit != null) {
            this.truthLogLik = unit.truthLogLik - Math.log(sigma);
        } else {
            this.truthLogLik = overspecified ? -0.5 * Math.log(2 * Math.PI * sigma * sigma) - 0.5
                    : expectedLogLikRaw(thetaStar, Stable.atanh(2 * pStar - 1), pStar);
        }
    }

    /** The same truth in units of σ (σ = 1, θ* / σ); this object when σ = 1. */
    public SymmetricMlrPopulation inUnitsOfSigma() {
        return unit;
    }

    /** True when θ* = 0 (the truth has one component). */
    public boolean overspecified() {
        return overspecified;
    }

    public double sigma() {
        return sigma;
    }

    public int d() {
        return d;
    }

    /** A copy of θ*. */
    public double[] thetaStar() {
        return thetaStar.clone();
    }

    public double pStar() {
        return pStar;
    }

    // ---- the exact 1-D reduction (θ* = 0) ------------------------------------------------------

    /** Panel count of the reduced integrals at {@code b}. */
    static int reducedPanels(double b) {
        return reducedPanels(b, 1);
    }

    /** Panel count of the reduced integrals at {@code b} on the rule (1) or the finer rule (2, panels half as wide). */
    static int reducedPanels(double b, int refine) {
        return GaussLegendre.panelsFor(OMEGA_MAX, BASE_PANEL / (Math.max(1.0, b) * refine));
    }

    /** Nodes ω_k and weights {@code w_k / sinh(πω_k/2)} (times the panel half-width) of the grid with {@code panels} panels. */
    private static void fillGrid(int panels, double[] nodes, double[] weights) {
        double h = OMEGA_MAX / panels;
        double half = 0.5 * h;
        int k = 0;
        for (int p = 0; p < panels; p++) {
            double mid = (p + 0.5) * h;
            for (int i = 0; i < GaussLegendre.NODES_PER_PANEL; i++) {
                double w = mid + half * GaussLegendre.node(i);
                nodes[k] = w;
                weights[k] = half * GaussLegendre.weight(i) / Math.sinh(HALF_PI * w);
                k++;
            }
        }
    }

    /** The grid for {@code b}: the shared base grid when b ≤ 1, a finer one (panel width 0.25/b) above. */
    private static double[][] grid(double b, int refine) {
        int panels = reducedPanels(b, refine);
        if (panels == BASE_NODES.length / GaussLegendre.NODES_PER_PANEL) {
            return new double[][] {BASE_NODES, BASE_WEIGHTS};
        }
        double[][] cached = GRIDS.get(panels);
        if (cached != null) {
            return cached;
        }
        int m = panels * GaussLegendre.NODES_PER_PANEL;
        double[] nodes = new double[m];
        double[] weights = new double[m];
        fillGrid(panels, nodes, weights);
        double[][] g = {nodes, weights};
        if (GRIDS.size() < MAX_CACHED_GRIDS) {
            GRIDS.putIfAbsent(panels, g); // the arrays are never written after this
        }
        return g;
    }

    /** Writes {@code out[0] = b⁺ = E[tanh(bZ+ν)Z]} and {@code out[1] = τ⁺ = E[tanh(bZ+ν)]} (θ* = 0, σ = 1 units). */
    public static void reducedMap(double b, double nu, double[] out) {
        reducedMap(b, nu, out, 1);
    }

    /** {@link #reducedMap(double, double, double[])} on the rule or the finer rule ({@code refine = 2}). */
    public static void reducedMap(double b, double nu, double[] out, int refine) {
        double[][] g = grid(b, refine);
        double[] nodes = g[0];
        double[] weights = g[1];
        double sb = 0;
        double st = 0;
        double b2 = b * b;
        if (nu == 0) {
            for (int k = 0; k < nodes.length; k++) {
                double w = nodes[k];
                double u1 = 1 + b2 * w * w;
                sb += weights[k] * b * w / (u1 * Math.sqrt(u1));
            }
        } else if (OMEGA_MAX * Math.abs(nu) <= SweepMath.SINCOS_LIMIT) {
            // the same terms and sums, sine and cosine over the block (SweepMath.sinCosBlock: within an ulp of 1 of
            // Math.sin and Math.cos, about 3 ns a pair instead of 15), the terms in loops C2 compiles to SIMD code
            int m = nodes.length;
            double[][] t = trigScratch(m);
            double[] x = t[0];
            double[] sn = t[1];
            double[] cs = t[2];
            double[] tb = t[3];
            double[] ts = t[4]; // the reduction's scratch first, then the τ terms
            for (int k = 0; k < m; k++) {
                x[k] = nodes[k] * nu;
            }
            SweepMath.sinCosBlock(x, m, sn, cs, ts);
            for (int k = 0; k < m; k++) {
                double w = nodes[k];
                double u1 = 1 + b2 * w * w;
                double r = 1 / Math.sqrt(u1);
                tb[k] = weights[k] * cs[k] * b * w * r / u1;
                ts[k] = weights[k] * sn[k] * r;
            }
            for (int k = 0; k < m; k++) {
                sb += tb[k];
                st += ts[k];
            }
        } else {
            for (int k = 0; k < nodes.length; k++) {
                double w = nodes[k];
                double u1 = 1 + b2 * w * w;
                double r = 1 / Math.sqrt(u1);
                sb += weights[k] * Math.cos(w * nu) * b * w * r / u1;
                st += weights[k] * Math.sin(w * nu) * r;
            }
        }
        out[0] = sb;
        out[1] = st;
    }

    /** Per thread: the sine-and-cosine sums' scratch (arguments, sines, cosines, terms, the reduction's k), grown to the grid. */
    private static final ThreadLocal<double[][]> TRIG = ThreadLocal.withInitial(() -> new double[5][0]);

    private static double[][] trigScratch(int m) {
        double[][] t = TRIG.get();
        if (t[0].length < m) {
            t = new double[5][m];
            TRIG.set(t);
        }
        return t;
    }

    /** {@code r(u) = u/2 − 1 + (1+u)^{-1/2}} without cancellation: {@code u²(q+2)/(2q(q+1)²)}, {@code q = sqrt(1+u)}. */
    static double r(double u) {
        double q = Math.sqrt(1 + u);
        double q1 = q + 1;
        return u * u * (q + 2) / (2 * q * q1 * q1);
    }

    /** Exact, cancellation-free KL(truth ‖ fit) per observation for θ* = 0 (b = ‖θ‖/σ, τ = π1 − π2). */
    public static double klOverspecified(double b, double tau) {
        return klOverspecified(b, tau, 1);
    }

    /** {@link #klOverspecified(double, double)} on the rule or the finer rule ({@code refine = 2}). */
    public static double klOverspecified(double b, double tau, int refine) {
        double nu = Stable.atanh(tau);
        double[][] g = grid(b, refine);
        double[] nodes = g[0];
        double[] weights = g[1];
        double sum = 0;
        double b2 = b * b;
        if (nu != 0 && 0.5 * OMEGA_MAX * Math.abs(nu) <= SweepMath.SINCOS_LIMIT) {
            // the same terms and sum, the sines over the block (SweepMath.sinCosBlock: within an ulp of 1 of
            // Math.sin; this sum with Math.sin took 41 µs on the default 3840 nodes, 6 µs so)
            int m = nodes.length;
            double[][] t = trigScratch(m);
            double[] x = t[0];
            double[] sn = t[1];
            double[] terms = t[3];
            for (int k = 0; k < m; k++) {
                x[k] = 0.5 * nodes[k] * nu;
            }
            SweepMath.sinCosBlock(x, m, sn, t[2], t[4]);
            for (int k = 0; k < m; k++) {
                double w = nodes[k];
                double u = b2 * w * w;
                double sh2 = sn[k] * sn[k];
                terms[k] = weights[k] * (u * sh2 + (1 - 2 * sh2) * r(u)) / w;
            }
            for (int k = 0; k < m; k++) {
                sum += terms[k];
            }
            return sum;
        }
        for (int k = 0; k < nodes.length; k++) {
            double w = nodes[k];
            double u = b2 * w * w;
            double f;
            if (nu == 0) {
                f = r(u);
            } else {
                // cos(wν) = 1 − 2 sin²(wν/2): one sine per node instead of a sine and a cosine (the same size of
                // error, an ulp or two of 1; the KL of a row costs three of these sums, issue 19)
                double sh = Math.sin(0.5 * w * nu);
                double sh2 = sh * sh;
                f = u * sh2 + (1 - 2 * sh2) * r(u);
            }
            sum += weights[k] * f / w;
        }
        return sum;
    }

    // ---- the map ---------------------------------------------------------------------------------

    /**
     * One population EM step: writes θ⁺ into {@code out} and returns τ⁺ (before any weight policy:
     * the caller keeps τ when the weights are fixed).
     */
    public double map(double[] theta, double tau, double[] out) {
        return map(theta, tau, out, 1);
    }

    /** {@link #map(double[], double, double[])} on the rule or the finer rule ({@code refine = 2}) of the error estimate. */
    public double map(double[] theta, double tau, double[] out, int refine) {
        if (unit != this) {
            double tp = unit.map(SymmetricMlrEm.divide(theta, sigma), tau, out, refine);
            for (int c = 0; c < d; c++) {
                out[c] *= sigma;
            }
            return tp;
        }
        double nu = Stable.atanh(tau);
        if (overspecified) {
            double n2 = 0;
            for (double v : theta) {
                n2 += v * v;
            }
            if (n2 == 0) {
                java.util.Arrays.fill(out, 0.0);
                return tau;
            }
            double norm = Math.sqrt(n2);
            double[] red = new double[2];
            reducedMap(norm / sigma, nu, red, refine);
            double scale = sigma * red[0] / norm;
            for (int c = 0; c < d; c++) {
                out[c] = scale * theta[c];
            }
            return red[1];
        }
        double[] a = new double[d];
        double[] bv = new double[d];
        double tp = MlrKit.fVReal(theta, thetaStar, sigma, 1, nu, a, refine);
        double tm = MlrKit.fVReal(theta, minusThetaStar, sigma, 1, nu, bv, refine);
        for (int c = 0; c < d; c++) {
            out[c] = pStar * a[c] + (1 - pStar) * bv[c];
        }
        return pStar * tp + (1 - pStar) * tm;
    }

    // ---- metrics ----------------------------------------------------------------------------------

    /** The parameter error: {@code ‖θ‖} when θ* = 0, else {@code min(‖θ − θ*‖, ‖θ + θ*‖)}. */
    public double error(double[] theta) {
        if (unit != this) {
            return sigma * unit.error(SymmetricMlrEm.divide(theta, sigma));
        }
        return error(theta, thetaStar);
    }

    /** {@code min(‖θ − θ*‖, ‖θ + θ*‖)} (equal to ‖θ‖ when θ* = 0). */
    public static double error(double[] theta, double[] thetaStar) {
        double m = 0;
        double p = 0;
        for (int c = 0; c < theta.length; c++) {
            double dm = theta[c] - thetaStar[c];
            double dp = theta[c] + thetaStar[c];
            m += dm * dm;
            p += dp * dp;
        }
        return Math.sqrt(Math.min(m, p));
    }

    /** KL(truth ‖ fit) per observation. */
    public double kl(double[] theta, double pi1) {
        return kl(theta, pi1, 1);
    }

    /** {@link #kl(double[], double)} on the rule or the finer rule ({@code refine = 2}) of the error estimate. */
    public double kl(double[] theta, double pi1, int refine) {
        if (unit != this) {
            return unit.kl(SymmetricMlrEm.divide(theta, sigma), pi1, refine);
        }
        if (overspecified) {
            double n2 = 0;
            for (double v : theta) {
                n2 += v * v;
            }
            return klOverspecified(Math.sqrt(n2) / sigma, 2 * pi1 - 1, refine);
        }
        double truth = refine == 1 ? truthLogLik : expectedLogLikRaw(thetaStar, Stable.atanh(2 * pStar - 1), pStar, refine);
        return truth - expectedLogLikRaw(theta, Stable.atanh(2 * pi1 - 1), pi1, refine);
    }

    /**
     * The estimated error of {@link #kl(double[], double)}: the difference to the finer rule, plus the
     * rounding of the difference of two expected log-likelihoods when θ* ≠ 0 (their terms are of size
     * (‖θ*‖² + ‖θ‖² + σ²)/σ²; the reduced θ* = 0 integral has no such cancellation).
     */
    public double klError(double[] theta, double pi1) {
        return klError(theta, pi1, kl(theta, pi1, 1));
    }

    /**
     * {@link #klError(double[], double)} when {@code kl} is {@link #kl(double[], double)} at the same θ and π1,
     * already computed (a row needs both; the rule's sum is then not taken twice).
     */
    public double klError(double[] theta, double pi1, double kl) {
        double q = Math.abs(kl(theta, pi1, 2) - kl);
        if (overspecified) {
            return q + 1e-15 * Math.abs(kl);
        }
        double s2 = sigma * sigma;
        double ts = 0;
        double th = 0;
        for (int c = 0; c < d; c++) {
            ts += thetaStar[c] * thetaStar[c];
            th += theta[c] * theta[c];
        }
        return q + ROUNDING * (1 + (ts + th + s2) / s2);
    }

    /** Relative rounding of a sum of a few double terms, used in the error estimates (a few ulps of 1). */
    public static final double ROUNDING = 1e-15;

    /** The expected log-likelihood per observation of the fit, {@code E log p* − KL}. */
    public double expectedLogLik(double[] theta, double pi1) {
        return truthLogLik - kl(theta, pi1);
    }

    /** The truth's own expected log-likelihood per observation (the entropy with a minus sign). */
    public double truthLogLik() {
        return truthLogLik;
    }

    private double expectedLogLikRaw(double[] theta, double nu, double pi1) {
        return expectedLogLikRaw(theta, nu, pi1, 1);
    }

    private double expectedLogLikRaw(double[] theta, double nu, double pi1, int refine) {
        double s2 = sigma * sigma;
        double ts = 0;
        double th = 0;
        for (int c = 0; c < d; c++) {
            ts += thetaStar[c] * thetaStar[c];
            th += theta[c] * theta[c];
        }
        double ey2 = ts + s2;
        double lc = pStar * MlrKit.fLc(theta, thetaStar, sigma, 1, nu, refine)
                + (1 - pStar) * MlrKit.fLc(theta, minusThetaStar, sigma, 1, nu, refine);
        return -0.5 * Math.log(2 * Math.PI * s2) - ey2 / (2 * s2) - th / (2 * s2)
                + Math.log(2 * Math.sqrt(pi1 * (1 - pi1))) + lc;
    }
}
