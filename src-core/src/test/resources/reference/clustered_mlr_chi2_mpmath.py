#!/usr/bin/env python3
"""Population EM of symmetric MLR with n samples per node, by a chi-square representation (mpmath).

Reproduces the constants of
  ClusteredMlrEmTest.contractionMatchesTheReferenceTable  kappa(n) = ||M(theta) - theta*|| / ||theta - theta*||
      at theta = theta* + (||theta*||/14) u, u perpendicular to theta*, sigma = 1, snr = 1, 2, 4 and
      n = 1 ... 64 (docs/labs 2.6; the test allows 6 % in kappa)
  ClusteredMlrEmTest.nodeKlMatchesReference                KL per node 0.309702 (d = 3, n = 4,
      theta = (0.7, 0.3, 0), theta* = e_1; docs/labs 2.5)
  ClusteredMlrEmTest.nodeAccuracyAtTheFixedPointMatchesTheOracle  oracle node accuracy 0.9866 (n = 8, snr = 1)
  MlrKitTest.tailFormHasFullRelativeAccuracy               the tail coefficients (1 - a, -b) of
      F_V = a theta_dagger + b theta at theta_dagger = (1, 0), theta = (1, 1/14), n = 16, 32, 64 (relative 1e-13)

Method (no Fourier transform, unlike production and the test's own mpmath reference): with w = (x, e),
a = (theta_dagger, sigma) and c = (theta, 0), one summand is t = y<x,theta>/sigma^2 = (a'w)(c'w)/sigma^2, a
quadratic form of rank 2 with eigenvalues lam+-/(2 sigma^2), lam+- = g +- A C (A = |a|, C = |c|, g = a'c).
So T = sum_i t_i = (lam+ U + lam- V)/(2 sigma^2) with U, V independent chi-square(n), and working out
E[y_1 x_1 h(T)] in the eigenbasis gives
    theta_dagger - F_V = (1/n) [ (theta_dagger/2 + A theta/(2C)) E[U (1 - tanh T)]
                               + (theta_dagger/2 - A theta/(2C)) E[V (1 - tanh T)] ].
The integrand 1 - tanh T is positive, so the tiny tail keeps its full relative accuracy. With S = U + V
(chi-square(2n)) and B = U/S (Beta(n/2, n/2), independent of S), T = S l(B)/(2 sigma^2) with
l(B) = lam- + (lam+ - lam-) B, and each expectation is a nested quadrature over S, then B,
with breakpoints at the zero of l(B). Likewise E[log cosh T] for the KL, and the oracle accuracy
P(T > 0) = P(U/V > -lam-/lam+) is an F(n, n) tail. The three tail values use mpmath.quad (tanh-sinh) at
20 digits, and so does the KL; everything else (and these with --quick) uses scipy.integrate.quad in
double precision (relative tolerance 1e-12), which agrees with the mpmath values to 4e-15.
Run: python3 clustered_mlr_chi2_mpmath.py [--quick]   (about 3 min; --quick about 15 s)
"""
import math
import sys
import types
import warnings

import mpmath as mp
from scipy import integrate, special


# The log-cosh integrands of the KL reach double roundoff before quad's 1e-12: it warns, but the result
# agrees with the 20-digit mpmath value to 1e-16 (0.30970197535787924 vs 0.309701975357879).
warnings.filterwarnings("ignore", category=integrate.IntegrationWarning)


def _quad(f, pts):
    return math.fsum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-12, limit=200)[0] for a, b in zip(pts, pts[1:]))


# the same formulas in double precision (scipy.integrate.quad, adaptive Gauss-Kronrod) or in mpmath
DOUBLE = types.SimpleNamespace(mpf=float, exp=math.exp, log=math.log, log1p=math.log1p, sqrt=math.sqrt, inf=math.inf,
                               loggamma=math.lgamma, betaln=special.betaln, quad=_quad,
                               fermi=lambda x: special.expit(-x), logcosh=lambda x: abs(x) + math.log1p(math.exp(-2 * abs(x))) - math.log(2))
MPMATH = types.SimpleNamespace(mpf=mp.mpf, exp=mp.exp, log=mp.log, log1p=mp.log1p, sqrt=mp.sqrt, inf=mp.inf,
                               loggamma=mp.loggamma, betaln=lambda a, b: mp.log(mp.beta(a, b)), quad=mp.quad,
                               fermi=lambda x: 1 / (1 + mp.exp(x)), logcosh=lambda x: mp.log(mp.cosh(x)))


def scalars(dagger, theta, M, sigma=1):
    """A = |a|, C = |c|, lam+ and lam-."""
    a2 = sum(M.mpf(v) ** 2 for v in dagger) + sigma ** 2
    c2 = sum(M.mpf(v) ** 2 for v in theta)
    g = sum(M.mpf(u) * v for u, v in zip(dagger, theta))
    ac = M.sqrt(a2 * c2)
    return M.sqrt(a2), M.sqrt(c2), g + ac, g - ac


def expect_over_sb(n, lp, lm, inner, weights, M):
    """E[weight(B) inner(S, l(B))] for each weight; S ~ chi2(2n), B ~ Beta(n/2, n/2) (one inner quad per B)."""
    log_gamma = -n * M.log(2) - M.loggamma(n)  # chi2(2n) density: s^(n-1) e^(-s/2) / (2^n Gamma(n))
    log_beta = -M.betaln(M.mpf(n) / 2, M.mpf(n) / 2)
    cache = {}

    def j(b):
        if b not in cache:
            ell = lm + (lp - lm) * b
            peak = 2 * n / (1 + 2 * max(ell, 0))  # where s^n e^(-s/2 - s max(l, 0)) peaks
            f = lambda s: inner(s, ell) * M.exp((n - 1) * M.log(s) - s / 2 + log_gamma) if s > 0 else 0 * s
            cache[b] = M.quad(f, [0, peak / 4, peak, 2 * peak, 4 * peak, M.inf])
        return cache[b]

    b0 = -lm / (lp - lm)  # l(b0) = 0
    pts = sorted({M.mpf(0), b0 / 2, b0, 2 * b0, 4 * b0, M.mpf(1) / 4, M.mpf(1) / 2, M.mpf(1)})
    dens = lambda b: M.exp((M.mpf(n) / 2 - 1) * (M.log(b) + M.log1p(-b)) + log_beta) if 0 < b < 1 else 0 * b
    return [M.quad(lambda b: wt(b) * dens(b) * j(b), [p for p in pts if 0 <= p <= 1]) for wt in weights]


def tail(dagger, theta, n, M=DOUBLE, sigma=1):
    """(alpha, beta) with theta_dagger - F_V = alpha theta_dagger + beta theta."""
    A, C, lp, lm = scalars(dagger, theta, M, sigma)
    # s (1 - tanh(s l / 2 sigma^2)) = 2 s / (1 + exp(s l / sigma^2)); U = S B, V = S (1 - B)
    inner = lambda s, ell: 2 * s * M.fermi(s * ell / sigma ** 2)
    eu, ev = expect_over_sb(n, lp, lm, inner, [lambda b: b, lambda b: 1 - b], M)
    return (eu + ev) / (2 * n), A * (eu - ev) / (2 * n * C)


def log_cosh_mean(dagger, theta, n, M=DOUBLE, sigma=1):
    _, _, lp, lm = scalars(dagger, theta, M, sigma)
    return expect_over_sb(n, lp, lm, lambda s, ell: M.logcosh(s * ell / (2 * sigma ** 2)), [lambda b: 1], M)[0]


def kappa(snr, n, r=1 / 14):
    ts, th = [snr, 0], [snr, r * snr]
    alpha, beta = tail(ts, th, n)
    return math.hypot(alpha * ts[0] + beta * th[0], beta * th[1]) / (r * snr)  # ||theta* - M(theta)|| / ||theta - theta*||


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    mp.mp.dps = 20
    M = DOUBLE if quick else MPMATH
    print("== MlrKitTest.tailFormHasFullRelativeAccuracy (theta_dagger = (1,0), theta = (1,1/14); relative 1e-13)")
    print("   in %s" % ("double precision (--quick)" if quick else "mpmath at 20 digits"))
    ref = {16: ("0.0015556217501815518172", "-0.0015493340948730019179"),
           32: ("4.7715600926243636586e-6", "-4.750278781644967876e-6"),
           64: ("5.7876109110244767251e-11", "-5.7602130655088062949e-11")}
    for n, (r1, r2) in ref.items():
        alpha, beta = tail([1, 0], [1, M.mpf(1) / 14], n, M)
        print("n = %-3d 1-a = %-27s rel. diff %.1e;  -b = %-27s rel. diff %.1e" % (n, mp.nstr(alpha, 20),
              abs(alpha / M.mpf(r1) - 1), mp.nstr(beta, 20), abs(beta / M.mpf(r2) - 1)))

    print("== ClusteredMlrEmTest.contractionMatchesTheReferenceTable (|log kappa - log table| < 0.06)")
    table = {1: ".505 .331 .146 .0307 1.5e-3 4.7e-6 5.7e-11", 2: ".290 .119 .0209 7.0e-4 9.4e-7 2.1e-12 1.4e-23",
             4: ".157 .035 1.8e-3 6.0e-6 7.5e-11 1.5e-20 7.7e-40"}
    worst = 0
    for snr, row in table.items():
        for n, t in zip([1, 2, 4, 8, 16, 32, 64], row.split()):
            k = kappa(snr, n)
            lr = math.log(k / float(t))
            worst = max(worst, abs(lr))
            print("snr %d n = %-3d kappa = %-10.4g table %-8s log ratio %+.4f" % (snr, n, k, t, lr))
    print("largest |log kappa - log table| = %.4f" % worst)

    print("== ClusteredMlrEmTest.nodeKlMatchesReference (tolerance 1e-6)")
    ts, th, n = [1, 0, 0], [0.7, 0.3, 0], 4
    kl = n * (0.7 ** 2 + 0.3 ** 2 - 1) / 2 + log_cosh_mean(ts, ts, n, M) - log_cosh_mean(ts, th, n, M)
    print("KL per node = %.10f (test 0.309702, diff %.1e)" % (kl, abs(kl - 0.309702)))

    print("== ClusteredMlrEmTest.nodeAccuracyAtTheFixedPointMatchesTheOracle (0.9866 +- 0.006)")
    _, _, lp, lm = scalars([1], [1], DOUBLE)
    acc = special.fdtrc(8, 8, -lm / lp)  # n = 8: P(U/V > -lam-/lam+), U/V ~ F(8, 8)
    print("oracle accuracy P(T* > 0) at n = 8, snr = 1: %.6f" % acc)
