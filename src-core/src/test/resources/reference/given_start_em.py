"""Textbook EM from the published starts, for GivenStartReferenceTest (docs/labs/gmm.md, docs/labs/mlr.md).

Written from the formulas (Dempster, Laird & Rubin 1977; De Veaux 1989), independently of the app:
densities by explicit 2x2 inverse / Gaussian pdf, responsibilities by normalising the weighted
densities, the M-step as weighted means, weighted scatters and weighted least squares (numpy lstsq),
no floor and no ridge. Prints the parameters after 1, 2 and 5 iterations (17 significant digits) and
the log-likelihood after 5000 iterations.

  Old Faithful, k = 2, full covariances: means (2, 55), (4.5, 80), Σ = diag(0.25, 36), π = 1/2.
  Tone data, k = 2, y = tuned on x = stretchratio with intercept, one σ per line:
      β1 = (1.9, 0), β2 = (0, 1) (intercept first), σ = 0.1, π = 1/2.

Run:  python3 given_start_em.py   (reads /work/shared/data/faithful.csv and tonedata.csv)
"""
import numpy as np

DATA = '/work/shared/data/'


def gmm(X, pi, mu, S, iters):
    n = X.shape[0]
    out = {}
    for t in range(1, iters + 1):
        dens = np.empty((n, 2))
        for j in range(2):
            a, b, c = S[j][0, 0], S[j][0, 1], S[j][1, 1]
            det = a * c - b * b
            u = X[:, 0] - mu[j][0]
            v = X[:, 1] - mu[j][1]
            q = (c * u * u - 2 * b * u * v + a * v * v) / det
            dens[:, j] = pi[j] * np.exp(-0.5 * q) / (2 * np.pi * np.sqrt(det))
        W = dens / dens.sum(1, keepdims=True)
        N = W.sum(0)
        pi = N / n
        mu = [W[:, j] @ X / N[j] for j in range(2)]
        S = [((W[:, j, None] * (X - mu[j])).T @ (X - mu[j])) / N[j] for j in range(2)]
        out[t] = (pi.copy(), [m.copy() for m in mu], [s.copy() for s in S])
    return out


def gmm_loglik(X, pi, mu, S):
    tot = 0
    for j in range(2):
        a, b, c = S[j][0, 0], S[j][0, 1], S[j][1, 1]
        det = a * c - b * b
        u = X[:, 0] - mu[j][0]
        v = X[:, 1] - mu[j][1]
        q = (c * u * u - 2 * b * u * v + a * v * v) / det
        tot = tot + pi[j] * np.exp(-0.5 * q) / (2 * np.pi * np.sqrt(det))
    return float(np.log(tot).sum())


def mlr(x, y, pi, beta, sigma, iters):
    n = len(y)
    D = np.column_stack([np.ones(n), x])
    out = {}
    for t in range(1, iters + 1):
        dens = np.empty((n, 2))
        for j in range(2):
            r = y - D @ beta[j]
            dens[:, j] = pi[j] * np.exp(-0.5 * r * r / sigma[j] ** 2) / (np.sqrt(2 * np.pi) * sigma[j])
        W = dens / dens.sum(1, keepdims=True)
        N = W.sum(0)
        pi = N / n
        beta = []
        sigma = []
        for j in range(2):
            sw = np.sqrt(W[:, j])
            b = np.linalg.lstsq(D * sw[:, None], y * sw, rcond=None)[0]
            beta.append(b)
            r = y - D @ b
            sigma.append(np.sqrt((W[:, j] * r * r).sum() / N[j]))
        out[t] = (pi.copy(), [b.copy() for b in beta], np.array(sigma))
    return out


def mlr_loglik(x, y, pi, beta, sigma):
    D = np.column_stack([np.ones(len(y)), x])
    tot = 0
    for j in range(2):
        r = y - D @ beta[j]
        tot = tot + pi[j] * np.exp(-0.5 * r * r / sigma[j] ** 2) / (np.sqrt(2 * np.pi) * sigma[j])
    return float(np.log(tot).sum())


def fmt(v):
    return ', '.join(f'{float(a):.17g}' for a in np.ravel(v))


def main():
    F = np.loadtxt(DATA + 'faithful.csv', delimiter=',', skiprows=1)
    S0 = np.diag([0.25, 36.0])
    res = gmm(F, np.array([0.5, 0.5]), [np.array([2.0, 55.0]), np.array([4.5, 80.0])], [S0, S0], 5000)
    for t in (1, 2, 5):
        pi, mu, S = res[t]
        print(f'faithful t={t}: pi {fmt(pi)} | mu {fmt(mu)} | cov {fmt(S)} | loglik after {gmm_loglik(F, pi, mu, S):.17g}')
    pi, mu, S = res[5000]
    print(f'faithful loglik at t=5000: {gmm_loglik(F, pi, mu, S):.13f}')

    T = np.loadtxt(DATA + 'tonedata.csv', delimiter=',', skiprows=1)
    x, y = T[:, 0], T[:, 1]
    res = mlr(x, y, np.array([0.5, 0.5]), [np.array([1.9, 0.0]), np.array([0.0, 1.0])], np.array([0.1, 0.1]), 5000)
    for t in (1, 2, 5):
        pi, beta, sigma = res[t]
        print(f'tonedata t={t}: pi {fmt(pi)} | beta {fmt(beta)} | sigma {fmt(sigma)} | loglik after '
              f'{mlr_loglik(x, y, pi, beta, sigma):.17g}')
    pi, beta, sigma = res[5000]
    print(f'tonedata loglik at t=5000 (one sigma per line): {mlr_loglik(x, y, pi, beta, sigma):.13f}')


if __name__ == '__main__':
    main()
