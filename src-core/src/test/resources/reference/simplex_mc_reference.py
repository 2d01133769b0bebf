"""Population EM step and KL of gmm-simplex for k = 5..8 by randomised quasi-Monte Carlo.

Reference for SimplexPopulationAccuracyTest's bound test (docs/labs/gmm-simplex.md, "Population
update"). The lab's defaults: d = k − 1, weights π_j ∝ k − j, θ₀ = r*(k) v₀ with the Lloyd radius
r*(k) = sqrt(k/(k−1)) E[max of k standard normals] (by quad). Geometry as documented. 16 independent
scrambled Sobol sequences (scipy.stats.qmc, seed 2026) of 2^19 points each, mapped to N(0, I) by the
normal quantile; no antithetic pairs, no whitening (the app's Monte Carlo uses both). Prints θ⁺, its
standard error per coordinate (spread of the 16 replicates / 4), KL by the naive form (r* > 1) and its
standard error.

Run:  python3 simplex_mc_reference.py     (a minute or two per k)
"""
import numpy as np
from scipy.integrate import quad
from scipy.stats import norm, qmc


def geometry(k):
    s = k - 1
    cols = np.array([[(1.0 if r == c else 0.0) - 1.0 / k for r in range(k)] for c in range(s)])
    for _ in range(2):
        for c in range(s):
            for p in range(c):
                cols[c] -= (cols[c] @ cols[p]) * cols[p]
            cols[c] /= np.sqrt(cols[c] @ cols[c])
    V = cols.T
    C = np.array([[sum(V[row, a] * V[(row - 1) % k, b] for row in range(k)) for b in range(s)] for a in range(s)])
    powers = [np.eye(s)]
    for _ in range(1, k):
        powers.append(C @ powers[-1])
    return powers, np.sqrt(k / (k - 1)) * V


def lloyd_radius(k):
    emax = quad(lambda z: z * k * norm.pdf(z) * norm.cdf(z) ** (k - 1), -12, 12, epsabs=1e-14)[0]
    return np.sqrt(k / (k - 1)) * emax


def main():
    rng = np.random.default_rng(2026)
    for k in (5, 6, 7, 8):
        s = k - 1
        powers, verts = geometry(k)
        pi = np.arange(k, 0, -1, dtype=float)
        pi /= pi.sum()
        r = lloyd_radius(k)
        theta = r * verts[0]
        m = np.array([powers[j] @ theta for j in range(k)])
        rot = np.array([powers[j].T for j in range(k)])  # (k, s, s)
        reps, chunk, per = 16, 1 << 16, 1 << 19
        gs, ls = [], []
        for rep in range(reps):
            sob = qmc.Sobol(d=s, scramble=True, seed=rng)
            gsum = np.zeros(s)
            lsum = 0.0
            for _ in range(per // chunk):
                u = sob.random(chunk)
                z = norm.ppf(u)
                a = z @ m.T + np.log(pi)
                mx = a.max(1, keepdims=True)
                e = np.exp(a - mx)
                tot = e.sum(1, keepdims=True)
                w = e / tot
                gsum += np.einsum('nj,jab,nb->na', w, rot, z).sum(0)
                lsum += (mx + np.log(tot))[:, 0].sum()
            gs.append(gsum / per)
            ls.append(lsum / per)
        gs, ls = np.array(gs), np.array(ls)
        mean = gs.mean(0)
        se = gs.std(0, ddof=1) / np.sqrt(reps)
        lmean = ls.mean()
        lse_se = ls.std(ddof=1) / np.sqrt(reps)
        kl = 0.5 * r * r - lmean
        print(f"k={k} r*={r:.17g}: theta_next = [{', '.join(f'{v:.17g}' for v in mean)}] "
              f"se = [{', '.join(f'{v:.3g}' for v in se)}] kl = {kl:.17g} kl_se = {lse_se:.3g}", flush=True)


if __name__ == '__main__':
    main()
