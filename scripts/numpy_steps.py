#!/usr/bin/env python3
"""Plain vectorised numpy versions of EM Lab's sample-EM steps, timed like `./emlab bench`.

Not part of the build or CI: a yardstick for docs/performance.md. Each step is written the way a
careful numpy user would (whole-array operations, BLAS products, log-sum-exp), on the same shapes:

  mlr   symmetric 2-MLR EM step (docs/labs/mlr-overspec.md#sample-em-update): u = y * (X @ θ) / σ², t = tanh(u + ν),
        θ⁺ = G⁻¹ Xᵀ(t y) with G = XᵀX factored once (Cholesky), π₁⁺ = (1 + mean t)/2, ℓ(θ)
  gmm   EM step of a k-component GMM with spherical covariances Σ_j = s_j I (docs/labs/gmm.md):
        log-densities from ‖x‖² (precomputed), X @ Mᵀ and ‖μ_j‖², log-sum-exp, responsibilities,
        N_j, μ_j = Rᵀ X / N_j, s_j = Σ_i r_ij ‖x_i − μ_j‖² / (d N_j) + ε, ℓ
  gmm-full, gmm-diag
        EM step of a k-component GMM with full (diagonal) covariances, written as scikit-learn's
        GaussianMixture writes it: full: per component the whitened residuals (X − μ_j) L_j⁻ᵀ by one BLAS
        product with the inverse Cholesky factor, and Σ_j = (r_j·D_j)ᵀ D_j / N_j with D_j = X − μ_j;
        diag: log-densities from X² @ (1/σ²)ᵀ − 2 X @ (μ/σ²)ᵀ (BLAS), and σ_j² = (Rᵀ X²)/N_j − μ_j²;
        then log-sum-exp, N_j, μ_j = Rᵀ X / N_j, ℓ (the floor does not bind on these data)
  mlr-k general k-component mixture of linear regressions with intercept and one σ_j per component
        (docs/labs/mlr.md): residuals y − X̃ B (one BLAS product), log-sum-exp, N_j, β_j by weighted least
        squares (X̃ᵀ W_j X̃ per component, BLAS), σ_j² = Σ w r² / N_j, ℓ
  read  one pass over X (X.sum()), the time to read the data once

Usage: python3 scripts/numpy_steps.py [--n 1e6] [--d 10] [--k 4] [--iterations 20] [--threads N]
Prints one `key=value` line per step: median, min and max ms per iteration (after 3 warm-up steps).
numpy's BLAS may use several threads; --threads sets OMP/OPENBLAS thread counts before numpy loads.
"""
import argparse
import os
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=float, default=1e6)
    p.add_argument("--d", type=int, default=10)
    p.add_argument("--k", type=int, default=4)
    p.add_argument("--iterations", type=int, default=20)
    p.add_argument("--threads", type=int, default=0, help="BLAS threads (0: numpy's default)")
    return p.parse_args()


ARGS = parse()
if ARGS.threads > 0:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread settings)

WARM_UP = 3


def responsibilities(a):
    """Softmax of the rows of the log-weights a (log-sum-exp) and ℓ = Σ_i logsumexp_j a_ij."""
    m = a.max(axis=1, keepdims=True)
    e = np.exp(a - m)
    tot = e.sum(axis=1, keepdims=True)
    return e / tot, np.sum(np.log(tot) + m)


def timed(step, iterations):
    for _ in range(WARM_UP):
        step()
    ms = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    return ms[len(ms) // 2] if len(ms) % 2 else 0.5 * (ms[len(ms) // 2 - 1] + ms[len(ms) // 2]), ms[0], ms[-1]


def mlr_step(n, d, rng):
    sigma = 1.0
    theta_star = np.zeros(d)
    theta_star[0] = 1.0
    X = rng.standard_normal((n, d))
    z = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    y = z * (X @ theta_star) + sigma * rng.standard_normal(n)
    L = np.linalg.cholesky(X.T @ X)  # factored once per run
    state = {"theta": np.full(d, 0.5), "pi1": 0.6}
    inv = 1.0 / sigma ** 2

    def step():
        theta, pi1 = state["theta"], state["pi1"]
        nu = np.arctanh(2 * pi1 - 1)
        dot = X @ theta
        a = y * dot * inv + nu
        t = np.tanh(a)
        # ℓ up to constants: mean of log cosh(a) − ½<x,θ>²/σ²
        aa = np.abs(a)
        ll = np.mean(aa + np.log1p(np.exp(-2 * aa)) - np.log(2) - 0.5 * dot * dot * inv)
        b = X.T @ (t * y)
        state["theta"] = np.linalg.solve(L.T, np.linalg.solve(L, b))
        state["pi1"] = 0.5 * (1 + t.mean())
        return ll

    return X, step


def gmm_step(n, d, k, rng):
    centres = rng.standard_normal((k, d)) * 3
    X = centres[rng.integers(0, k, n)] + rng.standard_normal((n, d))
    sq = np.einsum("ij,ij->i", X, X)  # ‖x_i‖², precomputed once
    floor = 1e-6 * X.var(axis=0).mean()
    state = {"pi": np.full(k, 1.0 / k), "mu": X[rng.choice(n, k, replace=False)].copy(), "s": np.ones(k)}

    def step():
        pi, mu, s = state["pi"], state["mu"], state["s"]
        # E-step: a_ij = log π_j − (d/2) log(2π s_j) − (‖x‖² − 2 x·μ_j + ‖μ_j‖²)/(2 s_j)
        q = sq[:, None] - 2 * (X @ mu.T) + np.einsum("jc,jc->j", mu, mu)[None, :]
        a = np.log(pi) - 0.5 * d * np.log(2 * np.pi * s) - q / (2 * s)
        r, ll = responsibilities(a)
        # M-step
        nj = r.sum(axis=0)
        new_mu = (r.T @ X) / nj[:, None]
        # Σ_i r_ij ‖x_i − μ_j‖² = Σ r ‖x‖² − 2 μ_j·Σ r x + N_j ‖μ_j‖²
        rq = r.T @ sq - 2 * np.einsum("jc,jc->j", new_mu, r.T @ X) + nj * np.einsum("jc,jc->j", new_mu, new_mu)
        state["pi"] = nj / n
        state["mu"] = new_mu
        state["s"] = np.maximum(rq, 0) / (d * nj) + floor
        return ll

    return X, step


def gmm_general_step(n, d, k, rng, diagonal):
    centres = rng.standard_normal((k, d)) * 3
    X = centres[rng.integers(0, k, n)] + rng.standard_normal((n, d))
    state = {"pi": np.full(k, 1.0 / k), "mu": X[rng.choice(n, k, replace=False)].copy(),
             "cov": np.stack([np.eye(d)] * k) if not diagonal else np.ones((k, d))}
    log2pi = np.log(2 * np.pi)

    X2 = X * X if diagonal else None  # diag: X², formed once

    def step():
        pi, mu, cov = state["pi"], state["mu"], state["cov"]
        if diagonal:
            prec = 1.0 / cov
            a = (np.log(pi) - 0.5 * (d * log2pi + np.sum(np.log(cov), axis=1) + np.sum(mu * mu * prec, axis=1))
                 + X @ (mu * prec).T - 0.5 * (X2 @ prec.T))
        else:
            a = np.empty((n, k))
            for j in range(k):
                L = np.linalg.cholesky(cov[j])
                Linv = np.linalg.solve(L, np.eye(d))
                z = X @ Linv.T - mu[j] @ Linv.T
                a[:, j] = (np.log(pi[j]) - 0.5 * (d * log2pi + 2 * np.sum(np.log(np.diag(L))))
                           - 0.5 * np.einsum("ij,ij->i", z, z))
        r, ll = responsibilities(a)
        nj = r.sum(axis=0)
        new_mu = (r.T @ X) / nj[:, None]
        if diagonal:
            new_cov = (r.T @ X2) / nj[:, None] - new_mu * new_mu
        else:
            new_cov = np.empty_like(cov)
            for j in range(k):
                D = X - new_mu[j]
                new_cov[j] = (r[:, j, None] * D).T @ D / nj[j]
        state["pi"], state["mu"], state["cov"] = nj / n, new_mu, new_cov
        return ll

    return X, step


def mlr_general_step(n, d, k, rng):
    Xt = np.hstack([np.ones((n, 1)), rng.standard_normal((n, d))])  # x̃ = (1, x)
    B_true = rng.standard_normal((k, d + 1)) * 2
    y = np.einsum("ij,ij->i", Xt, B_true[rng.integers(0, k, n)]) + rng.standard_normal(n)
    state = {"pi": np.full(k, 1.0 / k), "B": rng.standard_normal((k, d + 1)), "s2": np.full(k, y.var())}

    def step():
        pi, B, s2 = state["pi"], state["B"], state["s2"]
        res = y[:, None] - Xt @ B.T
        a = np.log(pi) - 0.5 * np.log(2 * np.pi * s2) - res * res / (2 * s2)
        r, ll = responsibilities(a)
        nj = r.sum(axis=0)
        new_B = np.empty_like(B)
        for j in range(k):
            Xw = Xt * r[:, j, None]
            G = Xw.T @ Xt
            new_B[j] = np.linalg.solve(G, Xw.T @ y)
        res = y[:, None] - Xt @ new_B.T
        state["pi"], state["B"], state["s2"] = nj / n, new_B, np.einsum("ij,ij->j", r, res * res) / nj
        return ll

    return Xt, step


def main():
    n, d, k = int(round(ARGS.n)), ARGS.d, ARGS.k
    rng = np.random.default_rng(1)
    print(f"# numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"BLAS threads {'default' if ARGS.threads == 0 else ARGS.threads}")
    X, mlr = mlr_step(n, d, rng)
    for name, step, arr, extra in (("read", lambda: X.sum(), X, ""),
                                   ("mlr", mlr, X, ""),):
        med, lo, hi = timed(step, ARGS.iterations)
        print(f"numpy step={name} n={n} d={d} k=- median_ms={med:.3f} min_ms={lo:.3f} max_ms={hi:.3f} "
              f"bytes={arr.nbytes} bandwidth_GBps={arr.nbytes / (med * 1e6):.2f}{extra}")
    del X, mlr
    X, gmm = gmm_step(n, d, k, rng)
    report("gmm-spherical", n, d, k, X, gmm)
    del X, gmm
    for name, diagonal in (("gmm-diag", True), ("gmm-full", False)):
        X, step = gmm_general_step(n, d, k, rng, diagonal)
        report(name, n, d, k, X, step)
        del X, step
    X, step = mlr_general_step(n, d, k, rng)
    report("mlr-k", n, d, k, X, step)


def report(name, n, d, k, X, step):
    med, lo, hi = timed(step, ARGS.iterations)
    print(f"numpy step={name} n={n} d={d} k={k} median_ms={med:.3f} min_ms={lo:.3f} max_ms={hi:.3f} "
          f"bytes={X.nbytes} bandwidth_GBps={X.nbytes / (med * 1e6):.2f}")


if __name__ == "__main__":
    main()
