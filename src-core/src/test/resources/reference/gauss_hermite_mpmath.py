#!/usr/bin/env python3
"""Reference probabilists' Gauss-Hermite rule with 20 nodes for QuadratureTest (mpmath 1.3, 50 digits).

Nodes: the zeros of He_20 (He_{n+1} = x He_n - n He_{n-1}), started from numpy's
hermite_e.hermegauss and polished by Newton's method in 50-digit arithmetic. Weights normalised to
sum 1 (weight function exp(-x^2/2)/sqrt(2 pi)): w_i = n! / (n^2 He_{n-1}(x_i)^2).
Prints the 10 positive nodes, ascending, with their weights (the rule is symmetric).
Run: python3 gauss_hermite_mpmath.py
"""
import mpmath as mp
import numpy.polynomial.hermite_e as he

mp.mp.dps = 50
N = 20


def hermite_e(n, x):
    """(He_n(x), He_{n-1}(x))."""
    prev, cur = mp.mpf(0), mp.mpf(1)
    for k in range(n):
        prev, cur = cur, x * cur - k * prev
    return cur, prev


nodes = []
for x0 in he.hermegauss(N)[0]:
    x = mp.mpf(float(x0))
    for _ in range(100):
        p, q = hermite_e(N, x)
        step = p / (N * q)  # He_n' = n He_{n-1}
        x -= step
        if abs(step) < mp.mpf(10) ** -45:
            break
    nodes.append(x)
weights = [mp.factorial(N) / (N ** 2 * hermite_e(N - 1, x)[0] ** 2) for x in nodes]
assert abs(mp.fsum(weights) - 1) < mp.mpf(10) ** -40
for x, w in zip(nodes, weights):
    if x > 0:
        print('        {%s, %s},' % (mp.nstr(x, 25), mp.nstr(w, 25)))
