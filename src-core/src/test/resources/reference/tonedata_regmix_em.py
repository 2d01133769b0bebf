#!/usr/bin/env python3
"""Two-component mixture of linear regressions on Cohen's tone data (docs/labs section 6.2).

Reproduces the constants of MixtureRegressionEmTest.toneDataReachesAFixedPoint: at the EM fixed point one
line is nearly flat with intercept 1.9 (+- 0.1; the tuned octave ratio) and the other has slope 1.0 (+- 0.1;
listeners who track the stretched tone). The test names no external tool; tonedata.csv comes from the R
package mixtools 2.0.0 (Benaglia et al. 2009, J. Stat. Softw. 32(6)), whose regmixEM fits this model.
R and mixtools are not on this machine, so the fit is redone here with a textbook EM.

Method: exact EM of docs/labs 6.2 in numpy (k = 2, y = tuned, x = (1, stretchratio), a sigma per component,
no variance floor): E-step softmax of log pi_j - log(2 pi sigma_j^2)/2 - r_ij^2 / (2 sigma_j^2), M-step weighted
least squares, pi_j = N_j/N, sigma_j^2 = weighted RSS / N_j. Run from 60 starts (pairs of data points
drawn with numpy default_rng(1) define the initial lines) to ||step|| < 1e-12, and every fixed point found
is printed with the number of starts that reached it. The test's two lines are the fixed point that
almost all starts reach (l = 141.20: 1.916 + 0.043 x and -0.019 + 0.992 x; test: intercept 1.9 +- 0.1 and
slope 1.0 +- 0.1); a few starts end at spurious points where one sigma collapses onto a few points (one of
them, the points lying exactly on y = x, has a larger l = 145.42: with a sigma per component the
likelihood is unbounded, so the largest l is not the criterion). The common-sigma fit is printed for
comparison (the mlr-tonedata preset quotes l = 141.2 and 107.3).
Run: python3 tonedata_regmix_em.py        (a few seconds)
"""
import math
import os

import numpy as np

STARTS = 60
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "assets", "data", "tonedata.csv")


def em(X, y, beta, sigma, pi, common, steps=100_000):
    ll = -math.inf
    for _ in range(steps):
        r = y[:, None] - X @ beta.T  # residuals, n x k
        a = np.log(pi) - 0.5 * np.log(2 * math.pi * sigma ** 2) - r ** 2 / (2 * sigma ** 2)
        top = a.max(1, keepdims=True)
        ll = float((top[:, 0] + np.log(np.exp(a - top).sum(1))).sum())
        w = np.exp(a - top)
        w /= w.sum(1, keepdims=True)
        nj = w.sum(0)
        new = np.array([np.linalg.solve(X.T @ (w[:, j, None] * X), X.T @ (w[:, j] * y)) for j in range(2)])
        rss = ((y[:, None] - X @ new.T) ** 2 * w).sum(0)
        sig = np.full(2, math.sqrt(rss.sum() / len(y))) if common else np.sqrt(rss / nj)
        step = max(np.abs(new - beta).max(), np.abs(sig - sigma).max(), np.abs(nj / len(y) - pi).max())
        beta, sigma, pi = new, sig, nj / len(y)
        if step < 1e-12:
            break
    return ll, beta, sigma, pi


if __name__ == "__main__":
    data = np.loadtxt(DATA, delimiter=",", skiprows=1)
    x, y = data[:, 0], data[:, 1]
    X = np.stack([np.ones_like(x), x], 1)
    rng = np.random.default_rng(1)
    for common in (False, True):
        found = {}
        for _ in range(STARTS):
            i = rng.choice(len(y), 4, replace=False)
            lines = [np.polyfit(x[[a, b]], y[[a, b]], 1)[::-1] if x[a] != x[b] else np.array([y[a], 0.0])
                     for a, b in ((i[0], i[1]), (i[2], i[3]))]
            ll, beta, sigma, pi = em(X, y, np.array(lines), np.full(2, y.std()), np.full(2, 0.5), common)
            o = np.argsort(np.abs(beta[:, 1]))  # the flatter line first
            key = "l = %7.2f  flat line %+.3f %+.3f x (sigma %.4f, pi %.3f), other %+.3f %+.3f x (sigma %.4f, pi %.3f)" % (
                ll, beta[o[0], 0], beta[o[0], 1], sigma[o[0]], pi[o[0]], beta[o[1], 0], beta[o[1], 1], sigma[o[1]], pi[o[1]])
            found[key] = found.get(key, 0) + 1
        print("%s sigma, fixed points from %d starts (count, sorted by l):" % ("common" if common else "separate", STARTS))
        for key in sorted(found, reverse=True):
            print("  %2d  %s" % (found[key], key))
