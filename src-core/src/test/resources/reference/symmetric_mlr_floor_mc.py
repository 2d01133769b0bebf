#!/usr/bin/env python3
"""Finite-sample floor of sample EM in setting 000 with fixed unbalanced weights (docs/labs sections 1.3, 1.6, 1.8).

Reproduces (statistically) the constants of SymmetricMlrEmTest.fixedUnbalancedFloorScalesLikeSqrtDOverN:
  mean ||theta_hat|| = 0.079 at N = 2e3 and 0.017 at N = 3.2e4 (d = 5, sigma = 1, theta* = 0, pi1 fixed at 0.8,
  theta_0 = e_1), and the slope -1/2 in N. docs/labs 1.8 measured them over 8 data sets, together with
  0.041, 0.010 and 0.0052 at N = 8e3, 1.28e5 and 5.12e5 (slope -0.495, ||theta_hat|| ~ 1.6 sqrt(d/N)).
  The test runs 40 EM steps on 4 data sets of the Java generator (tolerances 0.03 and 0.008).

Method: the exact sample EM of docs/labs 1.3 written out in numpy: t_i = tanh(y_i <x_i, theta>/sigma^2 + nu),
theta+ = (X'X)^{-1} X'(t * y), nu = atanh(0.8 - 0.2) fixed, on data x ~ N(0, I_5), y ~ N(0, 1), 16 data
sets per N from numpy default_rng(1000 + N + rep). Prints the mean +- standard error of ||theta|| after
40 steps (as in the test) and after convergence (||step|| < 1e-10 or 500 steps).
Run: python3 symmetric_mlr_floor_mc.py [--quick]   (1-2 min; --quick: N = 2e3 and 3.2e4 only, 10 s)
"""
import math
import sys

import numpy as np

D, PI1, REPS = 5, 0.8, 16


def floor(n, rep):
    rng = np.random.default_rng(1000 + n + rep)
    x = rng.standard_normal((n, D))
    y = rng.standard_normal(n)
    chol = np.linalg.cholesky(x.T @ x)
    nu = math.atanh(2 * PI1 - 1)
    theta = np.eye(D)[0]
    at40 = None
    for t in range(1, 501):
        rhs = x.T @ (np.tanh(y * (x @ theta) + nu) * y)
        new = np.linalg.solve(chol.T, np.linalg.solve(chol, rhs))
        done = np.linalg.norm(new - theta) < 1e-10
        theta = new
        if t == 40:
            at40 = np.linalg.norm(theta)
        if done and t >= 40:
            break
    return at40, np.linalg.norm(theta)


if __name__ == "__main__":
    sizes = [2_000, 32_000] if "--quick" in sys.argv else [2_000, 8_000, 32_000, 128_000, 512_000]
    models = {2_000: "0.079", 8_000: "0.041", 32_000: "0.017", 128_000: "0.010", 512_000: "0.0052"}
    means = []
    for n in sizes:
        r = np.array([floor(n, rep) for rep in range(REPS)])
        se = r.std(0, ddof=1) / math.sqrt(REPS)
        means.append(r[:, 1].mean())
        print("N = %-7d ||theta|| after 40 steps %.4f +- %.4f, converged %.4f +- %.4f (reference %s); 1.6 sqrt(d/N) = %.4f"
              % (n, r[:, 0].mean(), se[0], r[:, 1].mean(), se[1], models[n], 1.6 * math.sqrt(D / n)))
    print("log-log slope of the converged means: %.3f (reference -0.495; test -0.5 +- 0.15)"
          % np.polyfit(np.log(sizes), np.log(means), 1)[0])
