#!/usr/bin/env python3
"""R's default sample quantile (type 7) for SweepSummaryTest.quantilesMatchRsDefaultType7.

Reproduces the constants 1.4, 3, 7.6 of R 4.x quantile(c(1,2,3,4,10), c(.1,.5,.9)) (the test's Javadoc),
and the test's further cases: 2.5 for the median of (1,2,3,4), 6.5 and +inf for (3, 5, 8, +inf) at .5 and .9.
R is not on this machine. Method: Hyndman & Fan (1996) type 7, written out: h = (n - 1) p,
Q(p) = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)) on the sorted sample (0-based), with an exact
hit not interpolated (so +inf propagates only where it is used); cross-checked against numpy.quantile's
default method "linear", which is type 7.
Run: python3 r_quantile_type7.py        (well under a second)
"""
import math

import numpy as np


def type7(v, p):
    x = sorted(v)
    h = (len(x) - 1) * p
    lo = math.floor(h)
    return x[lo] if h == lo else x[lo] + (h - lo) * (x[lo + 1] - x[lo])


if __name__ == "__main__":
    cases = [((1, 2, 3, 4, 10), 0.1, "1.4"), ((1, 2, 3, 4, 10), 0.5, "3"), ((1, 2, 3, 4, 10), 0.9, "7.6"),
             ((1, 2, 3, 4), 0.5, "2.5"), ((3, 5, 8, math.inf), 0.5, "6.5"), ((3, 5, 8, math.inf), 0.9, "inf")]
    for v, p, ref in cases:
        q = type7(v, p)
        with np.errstate(invalid="ignore"):  # numpy's lerp gives nan next to +inf where R and the test give inf
            npq = np.quantile(np.array(v, float), p)
        print("quantile(%s, %.1f) = %r (numpy %s; test %s)" % (v, p, q, npq, ref))
