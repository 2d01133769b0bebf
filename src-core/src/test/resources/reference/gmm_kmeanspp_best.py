"""Best log-likelihood over 40 sklearn-style k-means++ starts of exact EM (full covariances, no ridge).

Reference for GmmRestartsTest (docs/labs/gmm.md, "Initialisation"). Independent of the app: own
k-means++ (greedy, as sklearn's _kmeans_plusplus: 2 + floor(log k) local trials), Lloyd to
convergence, then sklearn's init_params='kmeans' (responsibilities = hard labels, one M-step) but
without the reg_covar ridge, then textbook EM in log space until |Δℓ| < 1e-12 (or 20000
iterations). Fits whose smallest covariance eigenvalue falls below 1e-8 × the mean data variance
(a component collapsing onto few points) are degenerate and excluded.

Run:  python3 gmm_kmeanspp_best.py /work/shared/data/iris.csv 4 1,2,3,4
      python3 gmm_kmeanspp_best.py /work/shared/data/wreath.csv 14 1,2
"""
import sys
import numpy as np


def kmeanspp(X, k, rng):
    n = X.shape[0]
    trials = 2 + int(np.log(k))
    centres = [X[rng.integers(n)]]
    d2 = np.sum((X - centres[0]) ** 2, 1)
    for _ in range(1, k):
        cand = rng.choice(n, size=trials, p=d2 / d2.sum())
        best, bestpot, bestd2 = None, np.inf, None
        for c in cand:
            nd2 = np.minimum(d2, np.sum((X - X[c]) ** 2, 1))
            if nd2.sum() < bestpot:
                best, bestpot, bestd2 = c, nd2.sum(), nd2
        centres.append(X[best])
        d2 = bestd2
    return np.array(centres)


def lloyd(X, C, iters=300):
    lab = None
    for _ in range(iters):
        new = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(2), 1)
        if lab is not None and np.array_equal(new, lab):
            break
        lab = new
        for j in range(C.shape[0]):
            if np.any(lab == j):
                C[j] = X[lab == j].mean(0)
    return lab


def logdens(X, pi, mu, S):
    n, d = X.shape
    A = np.empty((n, len(pi)))
    for j in range(len(pi)):
        L = np.linalg.cholesky(S[j])
        z = np.linalg.solve(L, (X - mu[j]).T)
        A[:, j] = np.log(pi[j]) - 0.5 * d * np.log(2 * np.pi) - np.log(np.diag(L)).sum() - 0.5 * (z * z).sum(0)
    return A


def mstep(X, W):
    N = W.sum(0)
    mu = (W.T @ X) / N[:, None]
    S = np.array([((W[:, j, None] * (X - mu[j])).T @ (X - mu[j])) / N[j] for j in range(W.shape[1])])
    return N / X.shape[0], mu, S


def em(X, W, tol=1e-12, maxit=20000):
    prev = -np.inf
    for it in range(maxit):
        pi, mu, S = mstep(X, W)
        if np.any(pi * X.shape[0] < 1e-300) or min(np.linalg.eigvalsh(s).min() for s in S) <= 0:
            return -np.inf, None
        A = logdens(X, pi, mu, S)
        m = A.max(1, keepdims=True)
        l = float((m[:, 0] + np.log(np.exp(A - m).sum(1))).sum())
        W = np.exp(A - m)
        W /= W.sum(1, keepdims=True)
        if abs(l - prev) < tol:
            break
        prev = l
    return l, S


def main():
    path, k, cols = sys.argv[1], int(sys.argv[2]), [int(c) - 1 for c in sys.argv[3].split(',')]
    X = np.loadtxt(path, delimiter=',', skiprows=1)[:, cols]
    scale = np.mean(np.var(X, 0))
    rng = np.random.default_rng(20240601)
    res = []
    for s in range(40):
        C = kmeanspp(X, k, rng).copy()
        lab = lloyd(X, C)
        W = np.eye(k)[lab]
        l, S = em(X, W)
        deg = S is None or min(np.linalg.eigvalsh(s).min() for s in S) < 1e-8 * scale
        res.append((l, deg))
        print(f"start {s:2d}: loglik = {l:.10f}{'  (degenerate)' if deg else ''}")
    good = [l for l, deg in res if not deg]
    best = max(good)
    print(f"best non-degenerate loglik = {best:.10f}; reached (within 1e-6) by {sum(abs(l - best) < 1e-6 for l in good)} of 40")


if __name__ == '__main__':
    main()
