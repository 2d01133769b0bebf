"""Exact EM (no floor, no ridge) on iris, k = 3, full covariances, from the start the app's old
k-means++ drew for seed 3 (means (5.6, 2.9, 3.6, 1.3), (5.7, 4.4, 1.5, 0.4), (4.7, 3.2, 1.6, 0.2),
every Σ the data covariance (divided by n), π = 1/3). Reference for CollapseStopTest
(docs/labs/gmm.md, "Collapse").

Written from the textbook formulas, independently of the app. Prints ℓ at θ_t for t = 0.. and stops
when the next covariance update is numerically singular: its smallest eigenvalue is below
4 d u tr(S) (u the unit roundoff), the size of the rounding in the scatter's entries, so that its sign
and size are noise. Component 2 then holds 3 points in 4 dimensions, and exact EM's update is
undefined in floating point.

Run:  python3 iris_collapse_em.py   (reads /work/shared/data/iris.csv, or the path given)
"""
import sys
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/iris.csv'
X = np.loadtxt(path, delimiter=',', skiprows=1)[:, :4]
n, d = X.shape
k = 3
mu = np.array([5.6, 2.9, 3.6, 1.3, 5.7, 4.4, 1.5, 0.4, 4.7, 3.2, 1.6, 0.2]).reshape(k, d)
C = np.cov(X.T, bias=True)
Sig = np.array([C] * k)
pi = np.ones(k) / k
for t in range(100):
    A = np.empty((n, k))
    for j in range(k):
        L = np.linalg.cholesky(Sig[j])
        z = np.linalg.solve(L, (X - mu[j]).T)
        A[:, j] = np.log(pi[j]) - 0.5 * d * np.log(2 * np.pi) - np.log(np.diag(L)).sum() - 0.5 * (z * z).sum(0)
    m = A.max(1, keepdims=True)
    print(f't={t}: loglik = {float((m[:, 0] + np.log(np.exp(A - m).sum(1))).sum()):.17g}')
    W = np.exp(A - m)
    W /= W.sum(1, keepdims=True)
    N = W.sum(0)
    pi = N / n
    mu = (W.T @ X) / N[:, None]
    new = np.array([((W[:, j, None] * (X - mu[j])).T @ (X - mu[j])) / N[j] for j in range(k)])
    u = np.finfo(float).eps / 2
    if any(np.linalg.eigvalsh(s).min() <= 4 * d * u * np.trace(s) for s in new):
        held = [int((W[:, j] > 0.5).sum()) for j in range(k)]
        print(f'update {t + 1} undefined: a covariance is numerically singular; points held (w > 1/2): {held}; '
              f'pi = {pi}; eigenvalues of the new covariances: {[np.linalg.eigvalsh(s).min() for s in new]}')
        break
    Sig = new

# The same start with the floor ε = 1e-6 × the mean per-coordinate variance, as a constraint: the exact
# M-step over Σ ⪰ εI (the scatter's eigenvalues below ε raised to ε). Component 2 stays on its 3 points
# with two eigenvalues at ε; ℓ after 200 iterations (resolved to about 1e-9 at this conditioning).
eps = 1e-6 * np.mean(np.var(X, 0))
mu = np.array([5.6, 2.9, 3.6, 1.3, 5.7, 4.4, 1.5, 0.4, 4.7, 3.2, 1.6, 0.2]).reshape(k, d)
Sig = np.array([C] * k)
pi = np.ones(k) / k
first = None
for t in range(201):
    A = np.empty((n, k))
    for j in range(k):
        L = np.linalg.cholesky(Sig[j])
        z = np.linalg.solve(L, (X - mu[j]).T)
        A[:, j] = np.log(pi[j]) - 0.5 * d * np.log(2 * np.pi) - np.log(np.diag(L)).sum() - 0.5 * (z * z).sum(0)
    m = A.max(1, keepdims=True)
    if t == 200:
        print(f'with the floor: loglik at t=200 = {float((m[:, 0] + np.log(np.exp(A - m).sum(1))).sum()):.17g}; '
              f'pi = {pi}')
        break
    W = np.exp(A - m)
    W /= W.sum(1, keepdims=True)
    N = W.sum(0)
    pi = N / n
    mu = (W.T @ X) / N[:, None]
    for j in range(k):
        S = ((W[:, j, None] * (X - mu[j])).T @ (X - mu[j])) / N[j]
        lam, V = np.linalg.eigh(S)
        if lam.min() < eps and first is None:
            first = t + 1
            print(f'with the floor: it first binds in update {first} (component {j + 1}, eigenvalue {lam.min():.3g})')
        Sig[j] = (V * np.maximum(lam, eps)) @ V.T
        Sig[j] = (Sig[j] + Sig[j].T) / 2
