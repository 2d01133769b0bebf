#!/usr/bin/env python3
"""Population KL values of the over-parameterised GMM lab (setting 004, docs/labs sections 5.1-5.6).

Reproduces the constants of
  OverparamGradientEmTest.populationKlConvergesToAnIndependentQuadrature   0.5725147083312038, the KL of an
      8-component fit to the triangle (pi* = (.5,.3,.2), adjacent centres 6 apart); test tolerance 1e-8
  OverparamGradientEmTest.pentagonExactParameterisationStallsAtSomeSeeds (and the slow
      pentagonSuccessRatesOverTwentySeeds)   KL = 1.48 +- 0.01 and coverage 3.0 +- 0.05 of the one-fits-many
      local optimum of exact parameterisation (n = m = 5) on the pentagon (docs/labs 5.6)

Method:
  KL(p* || q) = h^2 sum p* (log p* - log q) over the mesh of step h on [-16, 16]^2 (the trapezoid rule, which
  converges exponentially for this smooth, rapidly decaying integrand), both log-densities by logsumexp.
  The original value was computed this way with numpy 2.4.6 (steps 0.02 and 0.01 agreed to 1e-15);
  here steps 0.04 and 0.02.
  One-fits-many: gradient EM of docs/labs 5.3 (K_in = 30 multiplicative weight steps to max|dpi| < 1e-12,
  then one mean step with eta = 1) written out in numpy, with expectations under p* by a tensor
  Gauss-Legendre rule (48 x 48 nodes on [-9, 9]^2 around each true centre; production uses Gauss-Hermite),
  started with one component half-way between true centres 1 and 2, one on each other centre, and the
  fifth next to centre 4 (or next to centre 3); the final KL is then taken on the trapezoid mesh.
  Coverage = max_k min_i ||mu_i - mu*_k||.
Run: python3 overparam_gmm_kl.py        (about 1 min)
"""
import math

import numpy as np

LOG2PI = math.log(2 * math.pi)


def polygon(m, separation=6.0):
    """Centres k = 1..m at angle 2 pi k/m on the circle with adjacent centres `separation` apart."""
    radius = separation / (2 * math.sin(math.pi / m))
    a = 2 * math.pi * np.arange(1, m + 1) / m
    return radius * np.stack([np.cos(a), np.sin(a)], 1)


def log_mix(x, pi, mu):
    """log sum_i pi_i N(x; mu_i, I_2) for points x (n x 2); zero weights are masked."""
    keep = pi > 0
    a = np.log(pi[keep]) - 0.5 * ((x[:, None, :] - mu[None, keep, :]) ** 2).sum(-1) - LOG2PI
    top = a.max(1)
    return top + np.log(np.exp(a - top[:, None]).sum(1))


def kl_trapezoid(pi_s, mu_s, pi, mu, h, half=16.0):
    g = np.arange(-half, half + h / 2, h)
    total = 0.0
    for row in g:  # one mesh row at a time
        x = np.stack([np.full_like(g, row), g], 1)
        lp = log_mix(x, pi_s, mu_s)
        total += (np.exp(lp) * (lp - log_mix(x, pi, mu))).sum()
    return h * h * total


def truth_nodes(pi_s, mu_s, nodes=48, half=9.0):
    """Points and weights with sum_j W_j f(X_j) ~ E_{p*}[f]."""
    z, w = np.polynomial.legendre.leggauss(nodes)
    z, w = half * z, half * w * np.exp(-0.5 * (half * z) ** 2) / math.sqrt(2 * math.pi)
    grid = np.stack(np.meshgrid(z, z, indexing="ij"), -1).reshape(-1, 2)
    ww = np.outer(w, w).ravel()
    return np.concatenate([c + grid for c in mu_s]), np.concatenate([p * ww for p in pi_s])


def responsibilities(x, pi, mu):
    a = np.log(pi) - 0.5 * ((x[:, None, :] - mu[None, :, :]) ** 2).sum(-1)
    a -= a.max(1, keepdims=True)
    r = np.exp(a)
    return r / r.sum(1, keepdims=True)


def gradient_em(x, wts, pi, mu, steps, inner=30):
    for _ in range(steps):
        for _ in range(inner):
            new = wts @ responsibilities(x, pi, mu)
            new /= new.sum()
            done = np.abs(new - pi).max() < 1e-12
            pi = new
            if done:
                break
        r = responsibilities(x, pi, mu) * wts[:, None]
        mu = mu + r.T @ x - r.sum(0)[:, None] * mu  # mu_i + E[psi_i (x - mu_i)]
    return pi, mu


if __name__ == "__main__":
    print("== triangle, 8-component fit: KL by the trapezoid rule on [-16, 16]^2 (test 0.5725147083312038 +- 1e-8)")
    pi_s, mu_s = np.array([0.5, 0.3, 0.2]), polygon(3)
    mu = np.array([3, 1, -2, 3.5, -1.5, -3, 0.5, 0, 2.5, -1, -3, 2, 1, -4, 4, 2], float).reshape(8, 2)
    pi = np.array([0.2, 0.1, 0.15, 0.05, 0.1, 0.2, 0.1, 0.1])
    for h in (0.04, 0.02):  # h = 0.01 gives 0.5725147083312035 too (4 min)
        v = kl_trapezoid(pi_s, mu_s, pi, mu, h)
        print("h = %.2f: %.16f (diff %.1e)" % (h, v, abs(v - 0.5725147083312038)))

    print("== pentagon, exact parameterisation n = 5: the one-fits-many optimum (test KL 1.48 +- 0.01, coverage 3 +- 0.05)")
    pi_s, mu_s = np.full(5, 0.2), polygon(5)
    x, wts = truth_nodes(pi_s, mu_s)
    for spare in (3, 2):
        mu = np.array([(mu_s[0] + mu_s[1]) / 2, mu_s[2], mu_s[3], mu_s[4], mu_s[spare] + [0.5, 0.3]])
        pi = np.full(5, 0.2)
        for t, steps in ((60, 60), (200, 140)):
            pi, mu = gradient_em(x, wts, pi, mu, steps)
            cover = max(min(np.linalg.norm(m - c) for m in mu) for c in mu_s)
            print("spare near centre %d, t = %3d: KL %.5f, coverage %.4f, weights %s"
                  % (spare + 1, t, kl_trapezoid(pi_s, mu_s, pi, mu, 0.05), cover, np.round(pi, 4)))
