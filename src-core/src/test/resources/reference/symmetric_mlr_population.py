#!/usr/bin/env python3
"""Population EM of setting 000 (overspecified symmetric 2-MLR, theta* = 0): docs/labs sections 1.4-1.8.

Reproduces the constants of
  SymmetricMlrPopulationTest  b_t / tau_t of the balanced (pi1_0 = .5), unbalanced (.7) and strongly
                              unbalanced (.9) runs from b_0 = 1, tau_inf = 0.18328, the semi-log slopes
                              -0.034170 and log 0.84, pi1_inf = 0.79371, b_50 = 2.8e-10, and the KL values
                              0.186433, 0.082723 and 2.11e-8;
  MlrKitTest                  the same KL values 0.186433 (b, tau) = (1, 0) and 0.082723 (0.7, 0.4).

Method (independent of the Fourier-tanh integrals used in production): Z = e*g has the density
K_0(|z|)/pi (docs/labs 1.4), and the map is integrated against that density directly, after
folding z and -z together so that nothing cancels:
  b+   = E[tanh(bZ+nu) Z] = (2/pi) int_0^inf z sinh(2bz) / (cosh 2nu + cosh 2bz) K_0(z) dz
  tau+ = E[tanh(bZ+nu)]   = (2/pi) int_0^inf sinh 2nu   / (cosh 2nu + cosh 2bz) K_0(z) dz
  KL   = b^2/2 - E[log cosh(bZ+nu)] + log cosh nu
       = b^2/2 - (1/pi) int_0^inf log1p(sinh^2(bz) / cosh^2 nu) K_0(z) dz
The map is iterated in double precision with scipy.integrate.quad (adaptive Gauss-Kronrod, relative
tolerance 1e-13; the log singularity of K_0 at 0 is an endpoint of the first piece); the KL values use
mpmath.quad (tanh-sinh) at 30 digits.
Run: python3 symmetric_mlr_population.py        (about 15 s)
"""
import math

import mpmath as mp
from scipy import integrate, special

ZMAX = 60.0  # K_0(60) ~ 1e-27


def quad(f):
    total = 0.0
    for a, b in ((0.0, 1.0), (1.0, 8.0), (8.0, ZMAX)):
        total += integrate.quad(f, a, b, epsabs=0, epsrel=1e-13, limit=400)[0]
    return total


def em_map(b, tau):
    """One population EM step of (b, tau) = (||theta||/sigma, pi1 - pi2)."""
    nu = math.atanh(tau)
    c2nu = math.cosh(2 * nu)
    b_next = 2 / math.pi * quad(lambda z: z * math.sinh(2 * b * z) / (c2nu + math.cosh(2 * b * z)) * special.k0(z))
    if tau == 0:
        return b_next, 0.0  # exact: the tau integrand vanishes
    s2nu = math.sinh(2 * nu)
    tau_next = 2 / math.pi * quad(lambda z: s2nu / (c2nu + math.cosh(2 * b * z)) * special.k0(z))
    return b_next, tau_next


def run(pi0, update, steps):
    b, tau = [1.0], [2 * pi0 - 1]
    for _ in range(steps):
        bn, tn = em_map(b[-1], tau[-1])
        b.append(bn)
        tau.append(tn if update else tau[-1])
    return b, tau


def kl(b, tau):
    mp.mp.dps = 30
    b, tau = mp.mpf(b), mp.mpf(tau)
    c2 = mp.cosh(mp.atanh(tau)) ** 2
    f = lambda z: mp.log1p(mp.sinh(b * z) ** 2 / c2) * mp.besselk(0, z)
    return b ** 2 / 2 - mp.quad(f, [0, 1, 4, 16, 60]) / mp.pi


def show(label, value, test):
    print("%-34s %-22.12g test %-10s diff %.2e" % (label, value, test, abs(value - float(test))))


if __name__ == "__main__":
    print("== SymmetricMlrPopulationTest: balanced run, pi1_0 = 0.5 (weights updated; tau stays 0)")
    b, _ = run(0.5, True, 1000)
    for t, ref in ((10, "0.14155"), (100, "0.041611"), (1000, "0.012948")):
        show("b_%d" % t, b[t], ref)
    print("sqrt(6t) b_t at t = 1000: %.5f (test: 1 +- 0.03)" % (math.sqrt(6000) * b[1000]))

    print("== unbalanced run, pi1_0 = 0.7, weights updated")
    b, tau = run(0.7, True, 200)
    for t, rb, rt in zip((1, 5, 10, 20, 50), ("0.4568", "0.1802", "0.1106", "0.0616", "0.0189"),
                         ("0.2958", "0.2258", "0.2054", "0.1920", "0.1842")):
        show("b_%d" % t, b[t], rb)
        show("tau_%d" % t, tau[t], rt)
    show("tau_200 (tau_inf)", tau[200], "0.18328")
    show("(log b_200 - log b_150)/50", (math.log(b[200]) - math.log(b[150])) / 50, "-0.034170")
    print("log(1 - tau_200^2) = %.6f" % math.log(1 - tau[200] ** 2))

    print("== strongly unbalanced run, pi1_0 = 0.9, weights updated")
    b, tau = run(0.9, True, 50)
    show("pi1_50 = (1 + tau_50)/2", (1 + tau[50]) / 2, "0.79371")
    show("b_50", b[50], "2.8e-10")

    print("== fixed weights pi1 = 0.7")
    b, _ = run(0.7, False, 60)
    show("(log b_60 - log b_40)/20", (math.log(b[60]) - math.log(b[40])) / 20, repr(math.log(0.84)))

    print("== KL(b, tau) (also MlrKitTest.logCoshMeanMatchesTheReducedKlIdentity)")
    show("KL(1, 0)", float(kl(1, 0)), "0.186433")
    show("KL(0.7, 0.4)", float(kl(0.7, 0.4)), "0.082723")
    show("KL(0.012948, 0)", float(kl(0.012948, 0)), "2.11e-8")
