#!/usr/bin/env python3
"""Reference smallest eigenvalues for SymmetricEigenTest (mpmath 1.3, 50 digits).

Each matrix is first rounded to doubles exactly as the test writes it (1.0/3 etc.), and the
eigenvalues of that double matrix are computed with mpmath.eigsy at 50 significant digits.
Run: python3 min_eigenvalue_mpmath.py
"""
import mpmath as mp

mp.mp.dps = 50


def min_eig(rows):
    a = mp.matrix([[mp.mpf(float(x)) for x in r] for r in rows])
    return min(mp.eigsy(a, eigvals_only=True))


cases = {}
for d in (3, 4, 5, 6):
    cases["hilbert%d" % d] = [[1.0 / (i + j + 1) for j in range(d)] for i in range(d)]
# XᵀX of an integer 6 × 5 design
v = [[1, 2, 0, -1, 3], [0, 1, 1, 2, -2], [2, -1, 3, 0, 1], [1, 1, 1, 1, 1], [-3, 0, 2, 1, 0], [0, 2, -1, 1, 1]]
cases["gram5"] = [[sum(r[i] * r[j] for r in v) for j in range(5)] for i in range(5)]
cases["wide2x2"] = [[1e8, 1.0], [1.0, 1.0]]
cases["indefinite3"] = [[1.0, 2.0, 3.0], [2.0, -4.0, 0.5], [3.0, 0.5, 2.0]]

for name, rows in cases.items():
    print("%-12s %s" % (name, mp.nstr(min_eig(rows), 25)))
