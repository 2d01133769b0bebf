#!/usr/bin/env python3
"""Population EM of the simplex-structured GMM, k = 3, d = 2 (setting 002, docs/labs sections 3.3-3.6).

Reproduces the constants of
  SimplexGmmEmTest.populationKlDecaysExponentiallyForDftValidWeights   pi = (.5,.3,.2), theta_0 = 1.0 v_0:
      KL_t = 3.48e-2, 1.59e-3, 3.44e-6, 2.42e-9 at t = 1, 10, 50, 100; slope of log KL over t = 60..150
      equal to 2 log 0.93 = -0.14514
  SimplexGmmEmTest.populationKlDecaysOnlyPolynomiallyForUniformWeights  uniform pi, theta_0 = r*(3) v_0:
      KL_1000 = 1.25e-7 and the log-log slope -2 over t = 200..1000
  SimplexGmmEmTest.populationMapContractsByOneMinusDftNearTheTruth    the Jacobian 0.93 I at theta = 0
  SimplexGeometryTest.dftConditionFailsForUniformWeightsAndHoldsOtherwise  |F_1|^2 = 0.07
  SweepRunnerTest.iterationsToEpsMatchesTheContractionRate   158.7 iterations from r_0 = 0.1 to ||theta|| <= 1e-6

Method: the EM map theta+ = sum_j E[w_j(X) R^{-j} X], X ~ N(0, I_2), with R the rotation by 120 degrees
and w_j the softmax of log pi_j + <X, R^j theta> (docs/labs 3.3), written from the model with numpy.
Expectations use a tensor Gauss-Legendre rule (200 x 200 nodes on [-11, 11]^2 against the Gaussian
density; production uses Gauss-Hermite); 160 x 160 nodes agree to 2e-14 in the map and KL. The KL is the naive
form ||theta||^2/2 - E[log sum_j pi_j exp(<X, R^j theta>)], with the log-sum written as
<X, mu_bar> + log1p(sum_j pi_j expm1(<X, R^j theta - mu_bar>)) so that it keeps its relative accuracy.
KL and the map depend on ||theta|| only (rotation and reflection invariance), so v_0 = (1, 0) here.
Run: python3 simplex_population_em.py        (about 30 s)
"""
import math

import numpy as np

NODES, HALF = 200, 11.0
z, w = np.polynomial.legendre.leggauss(NODES)
z, w = HALF * z, HALF * w * np.exp(-0.5 * (HALF * z) ** 2) / math.sqrt(2 * math.pi)
X = np.stack(np.meshgrid(z, z, indexing="ij"), -1).reshape(-1, 2)  # grid points
W = np.outer(w, w).ravel()  # their weights; sum(W) = 1 to 1e-16


def rot(j):
    a = 2 * math.pi * j / 3
    return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


R = [rot(j) for j in range(3)]


def em_map(theta, pi):
    a = np.stack([math.log(p) + X @ (Rj @ theta) for p, Rj in zip(pi, R)], 1)
    a -= a.max(1, keepdims=True)
    resp = np.exp(a)
    resp /= resp.sum(1, keepdims=True)
    return sum((W * resp[:, j]) @ X @ R[j] for j in range(3))  # sum_i W_i w_ij (R^j)^T x_i


def kl(theta, pi):
    means = [Rj @ theta for Rj in R]
    mbar = sum(p * m for p, m in zip(pi, means))
    s = sum(p * np.expm1(X @ (m - mbar)) for p, m in zip(pi, means))
    return 0.5 * theta @ theta - W @ (X @ mbar + np.log1p(s))


def show(label, value, test, tol):
    print("%-28s %-13.6g test %-9s rel. diff %.1e (tolerance %s)" % (label, value, test, abs(value / float(test) - 1), tol))


if __name__ == "__main__":
    pi = [0.5, 0.3, 0.2]
    print("== DFT-valid weights (.5,.3,.2), theta_0 = (1, 0)")
    f1 = sum(p * np.exp(2j * math.pi * j / 3) for j, p in enumerate(pi))
    print("|F_1|^2 = %.15f (test 0.07), 1 - |F_1|^2 = %.15f" % (abs(f1) ** 2, 1 - abs(f1) ** 2))
    theta = np.array([1.0, 0.0])
    ts, logs = [], []
    for t in range(1, 151):
        theta = em_map(theta, pi)
        k = kl(theta, pi)
        if t in (1, 10, 50, 100):
            show("KL_%d" % t, k, {1: "3.48e-2", 10: "1.59e-3", 50: "3.44e-6", 100: "2.42e-9"}[t], "0.5%")
        if t >= 60:
            ts.append(t)
            logs.append(math.log(k))
    print("slope of log KL, t = 60..150: %.6f (test 2 log 0.93 = %.6f +- 1e-4)" % (np.polyfit(ts, logs, 1)[0], 2 * math.log(0.93)))
    small = 1e-4 * np.array([0.6, 0.8])
    print("Jacobian at 0: map(theta)/theta = %s (test 0.93 to 1e-8)" % (em_map(small, pi) / small))
    theta, t = np.array([0.1, 0.0]), 0
    while np.linalg.norm(theta) > 1e-6:
        theta, t = em_map(theta, pi), t + 1
    print("iterations from r_0 = 0.1 to ||theta|| <= 1e-6: %d (test 158.7 +- 3 = log(1e5)/-log 0.93 = %.1f)"
          % (t, math.log(1e5) / -math.log(0.93)))

    print("== uniform weights, theta_0 = (r*(3), 0), r*(3) = 3/(2 sqrt pi) sqrt(3/2)")
    u = [1 / 3] * 3
    theta = np.array([1.5 / math.sqrt(math.pi) * math.sqrt(1.5), 0.0])
    lt, lk = [], []
    for t in range(1, 1001):
        theta = em_map(theta, u)
        if t % 100 == 0 and t >= 200:
            lt.append(math.log(t))
            lk.append(math.log(kl(theta, u)))
    show("KL_1000", kl(theta, u), "1.25e-7", "2%")
    print("log-log slope of KL, t = 200..1000: %.4f (test -2 +- 0.05); (k-1)/(16 t^2) = %.3g"
          % (np.polyfit(lt, lk, 1)[0], 2 / 16e6))
