#!/usr/bin/env python3
"""Mean-field EM-scalar map of setting 003 (docs/labs sections 4.4, 4.7 item 4, 4.8).

Reproduces the constants of RecursiveMlrEstimatorTest.meanFieldMapHasTheExactFixedPointQStar:
  q+(q*) = q* for p in {.55, .6, .7, .9, .3} and s_u in {.5, 1};
  dq+/dq at q* = 5 (central difference, h = 1e-4): 0.0023 (s_u = 1) and 0.0166 (s_u = .5);
  q+(3) = 4.94015 at q* = 5, s_u = .5 (docs/labs: MC 4.93716 +- 5.2e-3);
  five iterations of the map from q = 1 reach 5.000000 (s_u = .5 and 1).

Method (no Fourier transform, unlike production's MLR kit): with theta = theta*, u = theta*'phi ~ N(0, s_u^2)
and y = z q* u + sigma w, q+(q) = E[u y tanh(q u y / sigma^2)] / s_u^2. The sign z drops out (the
integrand is even in y and w is symmetric), so p does not enter. The expectation is a 2-D Gaussian
integral written as u = s_u a, w = b with a, b ~ N(0, 1), integrated by nested scipy.integrate.quad
(adaptive Gauss-Kronrod, relative tolerance 1e-13) over a > 0 (the integrand is even under (a, b) -> -(a, b))
and b in [-14, 14], with a breakpoint where y = 0.
Run: python3 recursive_mlr_meanfield.py        (about 10 s)
"""
import math

from scipy import integrate

LIM = 14.0  # phi(14) ~ 1e-43


def q_next(q, q_star, s_u, sigma=1.0):
    def inner(a):
        def f(b):
            y = q_star * s_u * a + sigma * b
            return math.exp(-0.5 * b * b) * y * math.tanh(q * s_u * a * y / sigma ** 2)
        b0 = -q_star * s_u * a / sigma  # y = 0
        pts = sorted({-LIM, min(max(b0, -LIM), LIM), LIM})
        return sum(integrate.quad(f, lo, hi, epsabs=0, epsrel=1e-13, limit=200)[0] for lo, hi in zip(pts, pts[1:]))

    outer = integrate.quad(lambda a: math.exp(-0.5 * a * a) * a * inner(a), 0, LIM, epsabs=0, epsrel=1e-13, limit=200)[0]
    # E[...] = 2 * outer / (2 pi) and q+ = E[s_u a y tanh(...)] / s_u^2
    return 2 * outer / (2 * math.pi) / s_u


if __name__ == "__main__":
    print("== fixed point q+(q*) = q* (test: relative 1e-10)")
    for p in (0.55, 0.6, 0.7, 0.9, 0.3):
        qs = 1 / abs(2 * p - 1)
        for su in (0.5, 1.0):
            print("p = %.2f s_u = %.1f: q* = %-8.4f q+(q*)/q* - 1 = %+.1e" % (p, su, qs, q_next(qs, qs, su) / qs - 1))
    print("== derivative at q* = 5 by central difference, h = 1e-4")
    h = 1e-4
    for su, ref, tol in ((1.0, 0.0023, 0.0002), (0.5, 0.0166, 0.0005)):
        dq = (q_next(5 + h, 5, su) - q_next(5 - h, 5, su)) / (2 * h)
        print("s_u = %.1f: %.5f (test %s +- %s)" % (su, dq, ref, tol))
    v = q_next(3, 5, 0.5)
    print("== q+(3) at q* = 5, s_u = .5: %.7f (test 4.94015 +- 1e-5, diff %.1e)" % (v, abs(v - 4.94015)))
    print("== five iterations from q = 1 (test 5 +- 5e-7)")
    for su in (0.5, 1.0):
        q = 1.0
        for _ in range(5):
            q = q_next(q, 5, su)
        print("s_u = %.1f: q_5 = %.9f" % (su, q))
