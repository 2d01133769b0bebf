#!/usr/bin/env python3
"""Reference population values for gmm-overparam (docs/labs/gmm-overparam.md, "Reference values used by tests").

Independent of the app's population rule (a lattice centred on each true component, or Gauss-Hermite):
here every expectation E_{p*}[f] is a *global* Cartesian trapezoid sum h^2 * sum_x p*(x) f(x) on one
grid covering all components (d = 1, 2), or, in d = 3, a per-component lattice that is rotated, offset and
finer than any rule the app uses. The update is re-implemented from the spec (docs/labs/gmm-overparam.md,
"Sample EM update"): up to K_in = 30 multiplicative weight steps (stop when max|dpi| < 1e-12), then one
gradient step on the means with eta = 1.

Input : gmm_overparam_initial.csv  (one run per line: id, d, m, layout, separation, weights, n, pi0..., mu0...;
        the initial states are row 0 of `./emlab run gmm-overparam ... --iterations 0`)
Output: gmm_overparam_trajectories.csv  (id, t, kl, pi_1..pi_n, mu_1_1..mu_n_d) for t = 0..T
        gmm_overparam_states.csv        (id, kl, pi after one step, mu after one step) at the initial states

Usage: python3 gmm_overparam_reference.py [T]   (numpy 2.x, scipy; T = 20 by default; about 30 min on one core)
Cross-check printed at the end: the d = 2 grid at spacing 0.04 against 0.03 (KL to 1e-13, steps to 1e-12).
"""
import csv
import os
import sys

import numpy as np
from scipy.special import logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
H2 = 0.04          # global grid spacing in d = 2 (0.03 agrees to 1e-13, see the cross-check)
H3 = 0.11          # lattice spacing of the rotated d = 3 rule (radius 8.5)
K_IN = 30
TOL = 1e-12


def centres(d, m, layout, sep):
    mu = np.zeros((m, d))
    if layout == 'line':
        for k in range(m):
            mu[k, 0] = (k - 0.5 * (m - 1)) * sep
        return mu
    if m == 1:
        return mu
    r = sep / (2 * np.sin(np.pi / m))
    for k in range(m):
        a = 2 * np.pi * (k + 1) / m
        if d == 1:
            mu[k, 0] = -r if k == 0 else r
        else:
            mu[k, 0], mu[k, 1] = r * np.cos(a), r * np.sin(a)
    return mu


CHUNK = 200_000


def sqdist(X, mu):
    """||x - mu_i||^2 for the rows of X, in chunks (memory)."""
    out = np.empty((X.shape[0], mu.shape[0]))
    for s in range(0, X.shape[0], CHUNK):
        out[s:s + CHUNK] = ((X[s:s + CHUNK, None, :] - mu[None]) ** 2).sum(-1)
    return out


def log_mix(X, w, mu):
    """log sum_k w_k N(x; mu_k, I) for the rows of X (zero weights masked)."""
    d = X.shape[1]
    live = w > 0
    a = np.log(w[live])[None, :] - 0.5 * sqdist(X, mu[live])
    return logsumexp(a, axis=1) - 0.5 * d * np.log(2 * np.pi)


def global_grid(mustar, pistar, h):
    """d = 1, 2: one grid reaching 9 beyond the true centres, weights h^d p*(x)."""
    d = mustar.shape[1]
    lo = mustar.min(0) - 9.0
    hi = mustar.max(0) + 9.0
    axes = [h * np.arange(np.floor(lo[c] / h), np.ceil(hi[c] / h) + 1) for c in range(d)]
    X = np.stack(np.meshgrid(*axes, indexing='ij'), -1).reshape(-1, d)
    lp = log_mix(X, pistar, mustar)
    W = h ** d * np.exp(lp)
    keep = W > 1e-300
    return X[keep], W[keep], lp[keep]


def rotated_lattice(mustar, pistar, h, radius=8.5):
    """d = 3: per component, a lattice rotated by a fixed orthogonal matrix and offset, radius 8.5, weights pi*_k h^3 phi(z)."""
    rng = np.random.default_rng(20250606)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    k = int(np.ceil(radius / h)) + 1
    g = h * (np.arange(-k, k + 1) + 0.37)
    Z = np.stack(np.meshgrid(g, g, g, indexing='ij'), -1).reshape(-1, 3)
    Z = Z[(Z * Z).sum(1) <= radius * radius] @ q.T
    w = np.exp(-0.5 * (Z * Z).sum(1)) * h ** 3 / (2 * np.pi) ** 1.5
    X = np.concatenate([mustar[j] + Z for j in range(len(pistar)) if pistar[j] > 0])
    W = np.concatenate([pistar[j] * w for j in range(len(pistar)) if pistar[j] > 0])
    return X, W, log_mix(X, pistar, mustar)


def kl(X, W, lp, pi, mu):
    return float(W @ (lp - log_mix(X, pi, mu)))


def step(X, W, pi, mu):
    """One outer iteration: weight steps, then the mean step (eta = 1). Masked (zero) weights stay 0."""
    pi = pi.copy()
    live = pi > 0
    a = -0.5 * sqdist(X, mu)
    a[:, ~live] = -np.inf
    E = np.exp(a - a.max(1, keepdims=True))
    for _ in range(K_IN):
        psi = E * pi[None, :]
        psi /= psi.sum(1, keepdims=True)
        new = W @ psi
        new /= new.sum()
        change = np.abs(new - pi).max()
        pi = new
        if change < TOL:
            break
    psi = E * pi[None, :]
    psi /= psi.sum(1, keepdims=True)
    s = W @ psi
    sx = (psi * W[:, None]).T @ X
    return pi, mu + (sx - s[:, None] * mu)


def runs():
    with open(os.path.join(HERE, 'gmm_overparam_initial.csv')) as f:
        for row in csv.reader(f):
            if not row or row[0].startswith('#') or row[0] == 'id':
                continue
            rid, d, m, layout, sep = row[0], int(row[1]), int(row[2]), row[3], float(row[4])
            w = np.array([float(v) for v in row[5].split(';')])
            n = int(row[6])
            vals = np.array([float(v) for v in row[7:]])
            yield rid, d, centres(d, m, layout, sep), w / w.sum(), vals[:n].copy(), vals[n:].reshape(n, d).copy()


def measure(d, mustar, pistar, h=None):
    if d <= 2:
        return global_grid(mustar, pistar, h or (H2 if d == 2 else 0.01))
    return rotated_lattice(mustar, pistar, h or H3)


def main():
    T = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    traj = open(os.path.join(HERE, 'gmm_overparam_trajectories.csv'), 'w', newline='')
    states = open(os.path.join(HERE, 'gmm_overparam_states.csv'), 'w', newline='')
    tw, sw = csv.writer(traj), csv.writer(states)
    tw.writerow(['# generated by gmm_overparam_reference.py: id t kl pi... mu... (rows t = 0..T)'])
    sw.writerow(['# generated by gmm_overparam_reference.py: id; kl at the initial state; pi and mu after one step'])
    for rid, d, mustar, pistar, pi, mu in runs():
        X, W, lp = measure(d, mustar, pistar)
        k0 = kl(X, W, lp, pi, mu)
        p1, m1 = step(X, W, pi, mu)
        sw.writerow([rid, repr(k0)] + [repr(float(v)) for v in p1] + [repr(float(v)) for v in m1.ravel()])
        states.flush()
        if rid.startswith('traj-'):
            for t in range(T + 1):
                tw.writerow([rid, t, repr(kl(X, W, lp, pi, mu))] + [repr(float(v)) for v in pi] + [repr(float(v)) for v in mu.ravel()])
                traj.flush()
                if t < T:
                    pi, mu = step(X, W, pi, mu)
        print(rid, 'done', flush=True)
    traj.close()
    states.close()
    # cross-check of the d = 2 grid: spacing 0.04 against 0.03 at the first 2-D state
    for rid, d, mustar, pistar, pi, mu in runs():
        if d != 2:
            continue
        a = measure(d, mustar, pistar, 0.04)
        b = measure(d, mustar, pistar, 0.03)
        pa, ma = step(a[0], a[1], pi, mu)
        pb, mb = step(b[0], b[1], pi, mu)
        print('cross-check', rid, 'KL diff %.1e' % abs(kl(*a, pi, mu) - kl(*b, pi, mu)),
              'step diff %.1e' % max(np.abs(pa - pb).max(), np.abs(ma - mb).max()))
        break


if __name__ == '__main__':
    main()
