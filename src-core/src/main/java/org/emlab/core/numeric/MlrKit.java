package org.emlab.core.numeric;

/**
 * The "MLR kit" of docs/labs/README.md#the-mlr-kit: population expectations of symmetric mixed linear regression
 * from closed-form characteristic functions and the Fourier–tanh identities (§0.3).
 *
 * <p>Model inside the kit: {@code x ~ N(0, I_d)}, {@code y = <x, θ†> + σ e}, {@code e ~ N(0,1)};
 * one summand is {@code t = y <x,θ> / σ²} and {@code T = Σ_{i≤n} t_i} over i.i.d. copies. With
 * {@code A² = ‖θ†‖² + σ²}, {@code C² = ‖θ‖²}, {@code g = <θ†,θ>}, {@code λ± = g ± A·C},
 * {@code D = A²C² − g² ≥ 0} and {@code κ = ω/σ²}:
 * <pre>
 *   log φ(ω)            = −½ [ Log(1 − iκλ+) + Log(1 − iκλ−) ]         (principal Log)
 *   det(ω)              = 1 + κ² D − 2iκg
 *   E[y_1 x_1 e^{iωT}]  = φ(ω)^n · [ (1 − iκg) θ† + iκA² θ ] / det(ω)
 * </pre>
 * (the 2×2 complex solve of §0.4 in closed form: with {@code (s0, s1)} its solution,
 * {@code 1 − κ s0 = (1 − iκg)/det} and {@code −κ s1 = iκA²/det}). Hence every vector output is
 * {@code a·θ† + b·θ}, and the kit returns the two real coefficients {@code (a, b)}: the cost does
 * not depend on d. The outputs are
 * <pre>
 *   F_V  = E[tanh(T+ν) y_1 x_1] = ∫_0^Ω Im(e^{iων} E[y_1x_1 e^{iωT}]) / sinh(πω/2) dω
 *   F_t  = E[tanh(T+ν)]         = ∫_0^Ω Im(e^{iων} φ^n) / sinh(πω/2) dω
 *   F_lc = E[log cosh(T+ν)]     = ∫_0^60 (1 − Re(e^{iων} φ^n)) / (ω sinh(πω/2)) dω
 * </pre>
 * integrated by composite 16-point Gauss–Legendre with cutoff {@code Ω = min(60, max(1, ω_cut))},
 * {@code ω_cut = σ² sqrt(10^{80/n} − 1)/max|λ±|}. docs/labs/README.md#the-mlr-kit uses a uniform panel width
 * {@code min(0.25, 1/F)}, {@code F = n(|g| + AC)/σ² + |ν|}; here the panels are graded instead
 * ({@link #panelAt}): 1/(2F) wide near 0, where the characteristic function varies fastest, and
 * growing with ω where it is smooth on the scale of ω. The results agree with the uniform rule to
 * rounding, at a cost that no longer grows with F (that is, with the SNR).
 *
 * <p>The <b>tail form</b> (ν = 0, large n) integrates along the shifted contour
 * {@code ω = x + ic}: {@code E[(1 − tanh T) y_1 x_1] = −∫_0^X Im[G(x+ic)/sinh(π(x+ic)/2)] dx},
 * which resolves {@code θ† − F_V} with full relative accuracy when it is exponentially small
 * (clustered EM near θ*, docs/labs/mlr-clustered.md#population-update). Its range follows the integrand's envelope on the contour
 * ({@link #tailRange}).
 *
 * <p>Every integral also has a finer rule ({@code refine = 2}: panels half as wide, the cutoffs 1e-30
 * and e^{−80} instead of 1e-20 and e^{−60}); the population engines report the difference between the
 * two as the error estimate of a step.
 *
 * <p>All arithmetic is on primitive doubles: no object is allocated per quadrature node.
 * The settings 000 (arXiv 2508.10154), 001 (arXiv 2308.11518) and 003 (arXiv 2503.18500) use it.
 */
public final class MlrKit {
    /** Upper end of every real-axis integral: the envelope 1/sinh(πω/2) is below 1e-40 there. */
    public static final double OMEGA_MAX = 60.0;
    /** Largest panel width of the composite rule. */
    public static final double MAX_PANEL = 0.25;
    /** The 80 of {@code 10^{80/n}} in ω_cut: beyond ω_cut the envelope |φ|^n is below 1e-20. */
    public static final double CUTOFF_DECADES = 80.0;
    /** Smallest contour shift c of the tail form. */
    public static final double MIN_SHIFT = 1e-3;
    /** Largest contour shift c of the tail form (the first pole of 1/sinh(πω/2) is at 2i). */
    public static final double MAX_SHIFT = 1.5;
    /** Below this shift the tail form is not used by {@link #fV} (the pole at 0 is then too close). */
    public static final double TAIL_MIN_SHIFT = 0.05;
    /**
     * The tail integral runs until the integrand's modulus on the contour has fallen this many e-folds
     * below its largest value (e^{−60} ≈ 1e-26), at most to {@link #OMEGA_MAX}: see {@link #tailRange}.
     * (The earlier range {@code 2·max(1, 40/(sqrt(n)L) + 40/max(1, nL))}, L = max|λ±|/σ², assumed the
     * envelope falls like the real-axis |φ|^n; on the shifted contour the big factor
     * |1 + cλ+/σ² − iλ+x/σ²| is already ≈ cλ+/σ² at x = 0, so it falls much later: at snr 4, n = 8 that
     * range was X = 2 and cut off 1.7e-5 of the result.)
     */
    public static final double TAIL_ENVELOPE_DECADES = 60.0 / Math.log(10.0);
    /** From this n on, {@link #fV} uses the tail form when ν = 0 (docs/labs/mlr-clustered.md#population-update: "n ≳ 8"). */
    public static final int TAIL_MIN_N = 8;

    private static final int NODES = GaussLegendre.NODES_PER_PANEL;
    private static final double[] X = new double[NODES];
    private static final double[] W = new double[NODES];
    private static final double HALF_PI = 0.5 * Math.PI;
    private static final double LN10 = Math.log(10.0);

    static {
        for (int i = 0; i < NODES; i++) {
            X[i] = GaussLegendre.node(i);
            W[i] = GaussLegendre.weight(i);
        }
    }

    private MlrKit() {
    }

    // ---- scalar core --------------------------------------------------------------------------

    /** Panel width {@code h = min(0.25, 1/F)}, {@code F = n(|g| + AC)/σ² + |ν|}. */
    public static double panelWidth(double a2, double c2, double g, double sigma2, double n, double nu) {
        double f = n * (Math.abs(g) + Math.sqrt(a2 * c2)) / sigma2 + Math.abs(nu);
        return f > 0 ? Math.min(MAX_PANEL, 1.0 / f) : MAX_PANEL;
    }

    /** Largest panel of the graded rule where the integrand only decays like e^{−πω/2}. */
    public static final double MAX_GRADED_PANEL = 1.0;
    /** Panel width as a fraction of the local variation scale 1/R(ω). */
    public static final double GRADING = 0.5;

    /**
     * Local variation rate of the integrands at ω (before the 1/sinh factor):
     * {@code R(ω) = |ν| + (n/2) Σ± (|λ±|/σ²) / sqrt(1 + (ωλ±/σ²)²)} — the phase speed of
     * {@code e^{iων} φ(ω)^n} plus the log-derivative scale of its modulus. It is about F near 0 and
     * falls like 1/ω once {@code ω ≫ σ²/|λ|}.
     */
    static double rate(double omega, double lp, double lm, double sigma2, double n, double nu) {
        double xp = omega * lp / sigma2;
        double xm = omega * lm / sigma2;
        return Math.abs(nu) + 0.5 * n * (Math.abs(lp) / Math.sqrt(1 + xp * xp) + Math.abs(lm) / Math.sqrt(1 + xm * xm)) / sigma2;
    }

    /**
     * The width of the panel starting at ω: {@code 0.5/R(ω)}, at most {@link #MAX_GRADED_PANEL} and at
     * most {@code 1/|ν|} (the oscillation of e^{iων} never slows down). Graded panels keep every panel
     * a few times its half-length away from the integrand's complex singularities at
     * {@code ω = ±iσ²/λ±} and {@code ω = 2i}, so 16-point Gauss–Legendre converges to far below 1e-16,
     * with tens of panels where a uniform width 1/F needed thousands (and F grows with the SNR).
     */
    static double panelAt(double omega, double lp, double lm, double sigma2, double n, double nu) {
        return panelAt(omega, lp, lm, sigma2, n, nu, 1);
    }

    /** {@link #panelAt} with every width divided by {@code refine} (1: the rule; 2: the finer rule of the error estimate). */
    static double panelAt(double omega, double lp, double lm, double sigma2, double n, double nu, int refine) {
        double r = rate(omega, lp, lm, sigma2, n, nu);
        double cap = Math.min(MAX_GRADED_PANEL, Math.abs(nu) > 1 ? 1.0 / Math.abs(nu) : MAX_GRADED_PANEL) / refine;
        double w = r > 0 ? GRADING / (r * refine) : cap;
        return Math.max(1e-14, Math.min(cap, w));
    }

    /** Cutoff {@code Ω = min(60, max(1, ω_cut))}; 60 when {@code max|λ±| = 0} or {@code 10^{80/n}} overflows. */
    public static double cutoff(double a2, double c2, double g, double sigma2, double n) {
        return cutoff(a2, c2, g, sigma2, n, 1);
    }

    /** {@link #cutoff} for the rule ({@code refine = 1}) or the finer rule (1.5 times the decades, envelope 1e-30). */
    static double cutoff(double a2, double c2, double g, double sigma2, double n, int refine) {
        double ac = Math.sqrt(a2 * c2);
        double lmax = Math.max(Math.abs(g + ac), Math.abs(g - ac));
        if (!(lmax > 0)) {
            return OMEGA_MAX;
        }
        double e = (refine > 1 ? 1.5 : 1.0) * CUTOFF_DECADES / n * LN10;
        if (e > 700) {
            return OMEGA_MAX;
        }
        double cut = sigma2 * Math.sqrt(Math.expm1(e)) / lmax;
        return Math.min(OMEGA_MAX, Math.max(1.0, cut));
    }

    /**
     * Real-axis integrals for scalars {@code A² = a2}, {@code C² = c2}, {@code g}: writes
     * {@code out[0] = a}, {@code out[1] = b} with {@code F_V = a θ† + b θ}, and {@code out[2] = F_t}.
     */
    public static void realAxis(double a2, double c2, double g, double sigma2, double n, double nu, double[] out) {
        realAxis(a2, c2, g, sigma2, n, nu, out, 1);
    }

    /**
     * {@link #realAxis(double, double, double, double, double, double, double[])} on the rule
     * ({@code refine = 1}) or on the finer rule of the error estimate ({@code refine = 2}: panels half
     * as wide, the cutoff at 1e-30 of the envelope instead of 1e-20).
     */
    public static void realAxis(double a2, double c2, double g, double sigma2, double n, double nu, double[] out,
                                int refine) {
        double omega = cutoff(a2, c2, g, sigma2, n, refine);
        double ac = Math.sqrt(a2 * c2);
        double lp = g + ac;
        double lm = g - ac;
        double dd = Math.max(0.0, a2 * c2 - g * g);
        double sa = 0;
        double sb = 0;
        double st = 0;
        for (double lo = 0; lo < omega;) {
            double hi = Math.min(omega, lo + panelAt(lo, lp, lm, sigma2, n, nu, refine));
            double half = 0.5 * (hi - lo);
            double mid = lo + half;
            lo = hi;
            double pa = 0;
            double pb = 0;
            double pt = 0;
            for (int i = 0; i < NODES; i++) {
                double w = mid + half * X[i];
                double k = w / sigma2;
                double ap = k * lp;
                double am = k * lm;
                double lre = -0.25 * (Math.log1p(ap * ap) + Math.log1p(am * am));
                double lim = 0.5 * (Math.atan(ap) + Math.atan(am));
                double mod = Math.exp(n * lre);
                double ph = n * lim + w * nu;
                double er = mod * Math.cos(ph);
                double ei = mod * Math.sin(ph);
                // 1/det with det = (1 + κ²D) − 2iκg
                double dr = 1 + k * k * dd;
                double di = -2 * k * g;
                double dn = dr * dr + di * di;
                double ir = dr / dn;
                double ii = -di / dn;
                // coefficient of θ†: E·(1 − iκg)/det ; of θ: E·(iκA²)/det
                double ar = er + ei * k * g; // E·(1 − iκg): re = er + ei κg, im = ei − er κg
                double ai = ei - er * k * g;
                double ca = ar * ii + ai * ir; // Im((ar + i ai)(ir + i ii))
                double br = -ei * k * a2; // E·(iκA²): re = −ei κA², im = er κA²
                double bi = er * k * a2;
                double cb = br * ii + bi * ir;
                double s = W[i] / Math.sinh(HALF_PI * w);
                pa += s * ca;
                pb += s * cb;
                pt += s * ei;
            }
            sa += half * pa;
            sb += half * pb;
            st += half * pt;
        }
        out[0] = sa;
        out[1] = sb;
        out[2] = st;
    }

    /** {@code F_lc = E[log cosh(T+ν)]} for scalars {@code A², C², g}. */
    public static double logCoshMean(double a2, double c2, double g, double sigma2, double n, double nu) {
        return logCoshMean(a2, c2, g, sigma2, n, nu, 1);
    }

    /** {@link #logCoshMean(double, double, double, double, double, double)} on the rule or the finer rule ({@code refine = 2}). */
    public static double logCoshMean(double a2, double c2, double g, double sigma2, double n, double nu, int refine) {
        double omega = cutoff(a2, c2, g, sigma2, n, refine);
        double ac = Math.sqrt(a2 * c2);
        double lp = g + ac;
        double lm = g - ac;
        double sum = 0;
        for (double lo = 0; lo < omega;) {
            double hi = Math.min(omega, lo + panelAt(lo, lp, lm, sigma2, n, nu, refine));
            double half = 0.5 * (hi - lo);
            double mid = lo + half;
            lo = hi;
            double ps = 0;
            for (int i = 0; i < NODES; i++) {
                double w = mid + half * X[i];
                double k = w / sigma2;
                double ap = k * lp;
                double am = k * lm;
                double lre = -0.25 * (Math.log1p(ap * ap) + Math.log1p(am * am));
                double lim = 0.5 * (Math.atan(ap) + Math.atan(am));
                double ph = n * lim + w * nu;
                double nl = n * lre;
                // 1 − e^{nl} cos ph = −expm1(nl) + e^{nl}(1 − cos ph), both without cancellation
                double sh = Math.sin(0.5 * ph);
                double one = -Math.expm1(nl) + Math.exp(nl) * 2 * sh * sh;
                ps += W[i] * one / (w * Math.sinh(HALF_PI * w));
            }
            sum += half * ps;
        }
        if (omega < OMEGA_MAX) {
            // beyond Ω the characteristic function is below 1e-20: only the "1" term remains
            int rest = GaussLegendre.panelsFor(OMEGA_MAX - omega, MAX_GRADED_PANEL / refine);
            double hr = (OMEGA_MAX - omega) / rest;
            double hh = 0.5 * hr;
            for (int p = 0; p < rest; p++) {
                double mid = omega + (p + 0.5) * hr;
                double ps = 0;
                for (int i = 0; i < NODES; i++) {
                    double w = mid + hh * X[i];
                    ps += W[i] / (w * Math.sinh(HALF_PI * w));
                }
                sum += hh * ps;
            }
        }
        return sum;
    }

    /** The contour shift c of the tail form: the saddle point, clamped to its valid range. */
    public static double tailShift(double a2, double c2, double g, double sigma2) {
        double ac = Math.sqrt(a2 * c2);
        double lp = g + ac;
        double lm = g - ac;
        double hi = MAX_SHIFT;
        if (lm != 0) {
            hi = Math.min(MAX_SHIFT, 0.5 * sigma2 / Math.abs(lm));
        }
        double c = -sigma2 * (lp + lm) / (2 * lp * lm);
        if (!Double.isFinite(c)) {
            c = hi;
        }
        return Math.max(MIN_SHIFT, Math.min(hi, c));
    }

    /**
     * Tail form (ν = 0): writes the coefficients of {@code E[(1 − tanh T) y_1 x_1] = out[0] θ† + out[1] θ},
     * integrating along {@code ω = x + ic} with the saddle-point c, and, when {@code out} has a third
     * entry, that vector's component along θ†/|θ†| from its own integral (no cancellation between the two
     * coefficients, which are nearly opposite when θ is near θ†).
     */
    public static void tail(double a2, double c2, double g, double sigma2, double n, double[] out) {
        tail(a2, c2, g, sigma2, n, tailShift(a2, c2, g, sigma2), out);
    }

    /** {@link #tail(double, double, double, double, double, double[])} with a given shift {@code 0 < c < min(2, σ²/|λ−|)}. */
    public static void tail(double a2, double c2, double g, double sigma2, double n, double c, double[] out) {
        tail(a2, c2, g, sigma2, n, c, out, 1);
    }

    /** {@link #tail(double, double, double, double, double, double[])} on the rule or the finer rule ({@code refine = 2}). */
    public static void tail(double a2, double c2, double g, double sigma2, double n, double[] out, int refine) {
        tail(a2, c2, g, sigma2, n, tailShift(a2, c2, g, sigma2), out, refine);
    }

    /**
     * The range X of the tail integral: the first x (on a grid of step 1/4) where the modulus of the
     * integrand, {@code |φ(x+ic)|^n |num| / (|det| |sinh(π(x+ic)/2)|)} with
     * {@code |num| = |1 − iκg| + |κ|A²}, is below e^{−60} (refine 1) or e^{−80} (refine 2) of its
     * largest value so far, plus one step; at most {@link #OMEGA_MAX}.
     */
    static double tailRange(double a2, double g, double lp, double lm, double sigma2, double n, double c, int refine) {
        double ki = c / sigma2;
        double drop = refine > 1 ? 80.0 : TAIL_ENVELOPE_DECADES * Math.log(10.0);
        double best = Double.NEGATIVE_INFINITY;
        double step = 0.25;
        for (double x = 0; x < OMEGA_MAX; x += step) {
            double kr = x / sigma2;
            double pr = 1 + lp * ki;
            double pim = lp * kr;
            double mr = 1 + lm * ki;
            double mim = lm * kr;
            double lmod = 0.5 * (Math.log(pr * pr + pim * pim) + Math.log(mr * mr + mim * mim));
            // ln|φ|^n = −(n/2)·½(ln|·|² + ln|·|²); |det| = product of the two moduli; |sinh(u + iv)|² = sinh²u + sin²v
            double u = 0.5 * Math.PI * x;
            double v = 0.5 * Math.PI * c;
            double sh = Math.sinh(u);
            double sn = Math.sin(v);
            double lsinh = 0.5 * Math.log(sh * sh + sn * sn);
            double num = Math.hypot(1 + ki * g, kr * g) + Math.hypot(ki, kr) * a2;
            double env = -0.5 * n * lmod - lmod - lsinh + Math.log(num);
            best = Math.max(best, env);
            if (x > 0 && env < best - drop) {
                return Math.min(OMEGA_MAX, x + step);
            }
        }
        return OMEGA_MAX;
    }

    /** {@link #tail(double, double, double, double, double, double, double[])} on the rule or the finer rule. */
    public static void tail(double a2, double c2, double g, double sigma2, double n, double c, double[] out, int refine) {
        double ac = Math.sqrt(a2 * c2);
        double lp = g + ac;
        double lm = g - ac;
        double dd = Math.max(0.0, a2 * c2 - g * g);
        double xMax = tailRange(a2, g, lp, lm, sigma2, n, c, refine);
        double ki = c / sigma2;
        double sa = 0;
        double sb = 0;
        double sp = 0;
        // the component along θ† of the integrand's numerator, (1 − iκg)|θ†| + iκA²g/|θ†| = |θ†| + iκgσ²/|θ†|:
        // integrated on its own, it gives the tail's component along θ† without the cancellation of c0 and c1
        double tn = Math.sqrt(Math.max(0.0, a2 - sigma2));
        double gs = tn > 0 ? g * sigma2 / tn : 0;
        double chs = Math.cos(HALF_PI * c);
        double shs = Math.sin(HALF_PI * c);
        // the pole of 1/sinh(π(x+ic)/2) at x + ic = 2i is only 2 − c away from this contour
        double sinhCap = 0.5 * (2.0 - c) / refine;
        for (double lo = 0; lo < xMax;) {
            double hi = Math.min(xMax, lo + Math.min(sinhCap, panelAt(lo, lp, lm, sigma2, n, 0.0, refine)));
            double half = 0.5 * (hi - lo);
            double mid = lo + half;
            lo = hi;
            double pa = 0;
            double pb = 0;
            double pp = 0;
            for (int i = 0; i < NODES; i++) {
                double x = mid + half * X[i];
                double kr = x / sigma2;
                // Log(1 − iκλ) = Log((1 + λ ki) − i λ kr)
                double pr = 1 + lp * ki;
                double pim = -lp * kr;
                double mr = 1 + lm * ki;
                double mim = -lm * kr;
                double lre = -0.25 * (Math.log(pr * pr + pim * pim) + Math.log(mr * mr + mim * mim));
                double lim = -0.5 * (Math.atan2(pim, pr) + Math.atan2(mim, mr));
                double mod = Math.exp(n * lre);
                double ph = n * lim;
                double er = mod * Math.cos(ph);
                double ei = mod * Math.sin(ph);
                // κ² = (kr² − ki², 2 kr ki); det = 1 + κ²D − 2iκg, with iκg = (−ki g, kr g)
                double k2r = kr * kr - ki * ki;
                double k2i = 2 * kr * ki;
                double dr = 1 + dd * k2r + 2 * g * ki;
                double di = dd * k2i - 2 * g * kr;
                // 1/sinh(π(x+ic)/2) folded into 1/(det·sinh): sinh(u+iv) = sinh u cos v + i cosh u sin v
                double u = HALF_PI * x;
                double snr = Math.sinh(u) * chs;
                double sni = Math.cosh(u) * shs;
                double qr = dr * snr - di * sni;
                double qi = dr * sni + di * snr;
                double qn = qr * qr + qi * qi;
                double ir = qr / qn;
                double ii = -qi / qn;
                // numerators: (1 − iκg) = (1 + ki g, −kr g); iκA² = (−ki A², kr A²)
                double nar = 1 + ki * g;
                double nai = -kr * g;
                double ar = er * nar - ei * nai;
                double ai = er * nai + ei * nar;
                double nbr = -ki * a2;
                double nbi = kr * a2;
                double br = er * nbr - ei * nbi;
                double bi = er * nbi + ei * nbr;
                pa += W[i] * (ar * ii + ai * ir);
                pb += W[i] * (br * ii + bi * ir);
                // parallel numerator |θ†| + iκgσ²/|θ†| with iκ = (−ki, kr)
                double npr = tn - ki * gs;
                double npi = kr * gs;
                double qpr = er * npr - ei * npi;
                double qpi = er * npi + ei * npr;
                pp += W[i] * (qpr * ii + qpi * ir);
            }
            sa += half * pa;
            sb += half * pb;
            sp += half * pp;
        }
        out[0] = -sa;
        out[1] = -sb;
        if (out.length > 2) {
            out[2] = -sp;
        }
    }

    // ---- vector conveniences ---------------------------------------------------------------------

    /** {@code ‖θ†‖² + σ²}, {@code ‖θ‖²}, {@code <θ†,θ>} into {@code s[0..3)}. */
    public static void scalars(double[] theta, double[] dagger, double sigma, double[] s) {
        double a = 0;
        double c = 0;
        double g = 0;
        for (int j = 0; j < theta.length; j++) {
            a += dagger[j] * dagger[j];
            c += theta[j] * theta[j];
            g += dagger[j] * theta[j];
        }
        s[0] = a + sigma * sigma;
        s[1] = c;
        s[2] = g;
    }

    /**
     * {@code F_V(θ, θ†, n, ν)} into {@code out} (length d) on the real axis, and returns
     * {@code F_t(θ, θ†, n, ν)}.
     */
    public static double fVReal(double[] theta, double[] dagger, double sigma, double n, double nu, double[] out) {
        return fVReal(theta, dagger, sigma, n, nu, out, 1);
    }

    /** {@link #fVReal(double[], double[], double, double, double, double[])} on the rule or the finer rule ({@code refine = 2}). */
    public static double fVReal(double[] theta, double[] dagger, double sigma, double n, double nu, double[] out, int refine) {
        double[] s = new double[3];
        scalars(theta, dagger, sigma, s);
        double[] c = new double[3];
        realAxis(s[0], s[1], s[2], sigma * sigma, n, nu, c, refine);
        for (int j = 0; j < theta.length; j++) {
            out[j] = c[0] * dagger[j] + c[1] * theta[j];
        }
        return c[2];
    }

    /** {@code E[(1 − tanh T) y_1 x_1]} (ν = 0) into {@code out} by the tail form. */
    public static void tailVector(double[] theta, double[] dagger, double sigma, double n, double[] out) {
        double[] s = new double[3];
        scalars(theta, dagger, sigma, s);
        double[] c = new double[3];
        tail(s[0], s[1], s[2], sigma * sigma, n, c);
        for (int j = 0; j < theta.length; j++) {
            out[j] = c[0] * dagger[j] + c[1] * theta[j];
        }
    }

    /** True when {@link #fV} uses the tail form for these inputs. */
    public static boolean usesTail(double a2, double c2, double g, double sigma2, double n, double nu) {
        return nu == 0 && n >= TAIL_MIN_N && g != 0 && tailShift(a2, c2, Math.abs(g), sigma2) >= TAIL_MIN_SHIFT;
    }

    /**
     * {@code F_V(θ, θ†, n, ν)} into {@code out}: the tail form {@code θ† − E[(1 − tanh T) y_1 x_1]}
     * when ν = 0 and n ≥ {@link #TAIL_MIN_N} (through {@code F_V(θ) = −F_V(−θ)} when {@code <θ,θ†> < 0}),
     * the real-axis form otherwise.
     */
    public static void fV(double[] theta, double[] dagger, double sigma, double n, double nu, double[] out) {
        fV(theta, dagger, sigma, n, nu, out, 1);
    }

    /**
     * {@link #fV(double[], double[], double, double, double, double[])} on the rule ({@code refine = 1})
     * or on the finer rule ({@code refine = 2}) whose difference is the error estimate of the
     * population maps (docs/labs/README.md, "The MLR kit").
     */
    public static void fV(double[] theta, double[] dagger, double sigma, double n, double nu, double[] out, int refine) {
        double[] s = new double[3];
        scalars(theta, dagger, sigma, s);
        double sigma2 = sigma * sigma;
        double[] c = new double[3];
        if (usesTail(s[0], s[1], s[2], sigma2, n, nu)) {
            double sign = Math.signum(s[2]);
            tail(s[0], s[1], Math.abs(s[2]), sigma2, n, c, refine);
            // with θ' = sign·θ (so <θ',θ†> > 0): F_V(θ') = θ† − T', T' = c0 θ† + c1 θ' = c1 θ'_⊥ + (c_par/|θ†|) θ†,
            // and F_V(θ) = sign·F_V(θ') = sign θ† − sign (c_par/|θ†|) θ† − c1 θ_⊥, θ_⊥ = θ − (<θ,θ†>/|θ†|²) θ†.
            // The deviation is formed first (its component along θ† from its own integral, without the
            // cancellation of c0 and c1) and added last: the result is θ† plus a deviation resolved far
            // below the spacing of doubles at θ†, rounded once (half an ulp)
            double tn2 = s[0] - sigma2;
            double along = tn2 > 0 ? sign * c[2] / Math.sqrt(tn2) : 0;
            double proj = tn2 > 0 ? s[2] / tn2 : 0;
            for (int j = 0; j < theta.length; j++) {
                double perp = theta[j] - proj * dagger[j];
                out[j] = sign * dagger[j] + (-along * dagger[j] - c[1] * perp);
            }
            return;
        }
        realAxis(s[0], s[1], s[2], sigma2, n, nu, c, refine);
        for (int j = 0; j < theta.length; j++) {
            out[j] = c[0] * dagger[j] + c[1] * theta[j];
        }
    }

    /** {@code F_t(θ, θ†, n, ν) = E[tanh(T+ν)]} (real axis). */
    public static double fT(double[] theta, double[] dagger, double sigma, double n, double nu) {
        double[] s = new double[3];
        scalars(theta, dagger, sigma, s);
        double[] c = new double[3];
        realAxis(s[0], s[1], s[2], sigma * sigma, n, nu, c);
        return c[2];
    }

    /** {@code F_lc(θ, θ†, n, ν) = E[log cosh(T+ν)]}. */
    public static double fLc(double[] theta, double[] dagger, double sigma, double n, double nu) {
        return fLc(theta, dagger, sigma, n, nu, 1);
    }

    /** {@link #fLc(double[], double[], double, double, double)} on the rule or the finer rule ({@code refine = 2}). */
    public static double fLc(double[] theta, double[] dagger, double sigma, double n, double nu, int refine) {
        double[] s = new double[3];
        scalars(theta, dagger, sigma, s);
        return logCoshMean(s[0], s[1], s[2], sigma * sigma, n, nu, refine);
    }
}
