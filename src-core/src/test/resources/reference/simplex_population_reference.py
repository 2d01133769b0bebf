"""Population EM step and KL of gmm-simplex far from the truth, by a rule unlike the app's.

Reference for SimplexPopulationAccuracyTest (docs/labs/gmm-simplex.md, "Population update").
Geometry as documented (sum-zero basis V by Gram–Schmidt of the first k−1 columns of I − 11ᵀ/k, run
twice; C = VᵀPV; unit vertices v_j = sqrt(k/(k−1)) Vᵀe_j; θ₀ = r v₀), the lab's default weights:
(0.5, 0.3, 0.2) for k = 3, and π_j ∝ k − j otherwise ((2/3, 1/3), (0.4, 0.3, 0.2, 0.1)).
The means m_j = C^j θ tie all together at one point z₀ (the apex: a_j(z₀) equal for every j), and
along every ray z₀ + ρu the responsibilities are softmax_j(ρ⟨u, m_j⟩). So the integrals are done in
polar (k = 3) or spherical (k = 4) coordinates around z₀, with scipy's adaptive quad_vec (QUADPACK
Gauss–Kronrod 21) over the angles, breakpoints at the tie directions, and, for the radius, quad_vec
(k = 3) or a fixed 20-point Gauss–Legendre rule on panels graded geometrically from ρ = 0 (k = 4).
k = 2 is one adaptive quad_vec over the line with a breakpoint at the tie.

The app's rule (TieQuadrature) is different: nested Cartesian Gauss–Legendre panels in a rotated
frame with closed-form saturated stretches.

Prints, for each (k, r): θ⁺ = Σ_j (C^j)ᵀ E[w_j(Z) Z] and KL = r²/2 − E[logsumexp_j(log π_j + ⟨Z, m_j⟩)],
17 significant digits.

Run:  python3 simplex_population_reference.py [k ...]     (default: 2 3 4; k = 4 takes minutes)
"""
import sys
import numpy as np
from scipy.integrate import quad_vec


def geometry(k):
    s = k - 1
    cols = np.array([[(1.0 if r == c else 0.0) - 1.0 / k for r in range(k)] for c in range(s)])
    for _ in range(2):
        for c in range(s):
            for p in range(c):
                cols[c] -= (cols[c] @ cols[p]) * cols[p]
            cols[c] /= np.sqrt(cols[c] @ cols[c])
    V = cols.T  # k × s
    C = np.array([[sum(V[row, a] * V[(row - 1) % k, b] for row in range(k)) for b in range(s)] for a in range(s)])
    verts = np.sqrt(k / (k - 1)) * V
    powers = [np.eye(s)]
    for _ in range(1, k):
        powers.append(C @ powers[-1])
    return powers, verts


def apex(m, logpi):
    k, s = m.shape
    A = m[1:] - m[0]
    b = logpi[0] - logpi[1:]
    return np.linalg.solve(A, b)


def radial(u, z0, m, logpi, s, rhos, wts):
    """∫ρ^{s-1} φ(z0+ρu) [w_j (z0+ρu) for all j, lse] dρ on a fixed rule, u: (n, s) directions."""
    # z: (n, R, s)
    z = z0[None, None, :] + rhos[None, :, None] * u[:, None, :]
    a = np.einsum('nrs,ks->nrk', z, m) + logpi
    mx = a.max(2, keepdims=True)
    e = np.exp(a - mx)
    zsum = e.sum(2, keepdims=True)
    w = e / zsum
    lse = (mx + np.log(zsum))[..., 0]
    dens = np.exp(-0.5 * (z * z).sum(2)) / (2 * np.pi) ** (s / 2) * rhos[None, :] ** (s - 1) * wts[None, :]
    first = np.einsum('nr,nrk,nrs->nks', dens, w, z).reshape(len(u), -1)
    return np.concatenate([first, (dens * lse).sum(1)[:, None]], 1)


def graded_rule(rmax, r):
    edges = [0.0]
    h = 0.02 / r
    while edges[-1] + h < 1.0:
        edges.append(edges[-1] + h)
        h *= 2
    x = 1.0
    while x < rmax:
        x = min(x + 0.5, rmax)
        edges.append(x)
    xs, ws = np.polynomial.legendre.leggauss(20)
    rho, wt = [], []
    for a, b in zip(edges[:-1], edges[1:]):
        rho.append((a + b) / 2 + (b - a) / 2 * xs)
        wt.append((b - a) / 2 * ws)
    return np.concatenate(rho), np.concatenate(wt)


def step(k, r):
    s = k - 1
    powers, verts = geometry(k)
    pi = np.array([0.5, 0.3, 0.2]) if k == 3 else np.arange(k, 0, -1, dtype=float)
    pi /= pi.sum()
    logpi = np.log(pi)
    theta = r * verts[0]
    m = np.array([powers[j] @ theta for j in range(k)])
    tol = dict(epsabs=1e-13, epsrel=1e-13, limit=20000)
    if s == 1:
        t0 = (logpi[0] - logpi[1]) / (m[1, 0] - m[0, 0])

        def f(t):
            a = logpi + t * m[:, 0]
            mx = a.max()
            e = np.exp(a - mx)
            w = e / e.sum()
            ph = np.exp(-0.5 * t * t) / np.sqrt(2 * np.pi)
            return np.concatenate([ph * w * t, [ph * (mx + np.log(e.sum()))]])
        val = quad_vec(f, -12, 12, points=[t0], **tol)[0]
    else:
        z0 = apex(m, logpi)
        rmax = np.sqrt(z0 @ z0) + 11
        if s == 2:
            # boundary directions: u ⟂ m_i − m_j with i, j leading
            pts = []
            for i in range(k):
                for j in range(i + 1, k):
                    n = m[i] - m[j]
                    for sgn in (1, -1):
                        u = sgn * np.array([-n[1], n[0]])
                        g = m @ u
                        if g[i] >= g.max() - 1e-9 * np.abs(g).max():
                            pts.append(np.arctan2(u[1], u[0]) % (2 * np.pi))
            pts = sorted(pts)

            def g(phi):
                u = np.array([np.cos(phi), np.sin(phi)])

                def h(rho):
                    return radial(u[None, :], z0, m, logpi, s, np.array([rho]), np.array([1.0]))[0]
                return quad_vec(h, 0, rmax, points=[1.0 / r, 0.1, 1.0], **tol)[0]
            val = quad_vec(g, 0, 2 * np.pi, points=pts, **tol)[0]
        else:
            rho, wts = graded_rule(rmax, r)
            # pole: the direction of m_0 (inside cell 0); azimuth basis q1, q2 ⟂ pole
            p = m[0] / np.linalg.norm(m[0])
            q1 = np.linalg.svd(np.outer(p, p) - np.eye(3))[0][:, 0]
            q1 -= (q1 @ p) * p
            q1 /= np.linalg.norm(q1)
            q2 = np.cross(p, q1)
            az = []
            for i in range(k):
                for j in range(i + 1, k):
                    for l in range(j + 1, k):
                        d = np.cross(m[i] - m[j], m[i] - m[l])
                        for sgn in (1, -1):
                            dd = sgn * d
                            az.append(np.arctan2(dd @ q2, dd @ q1) % (2 * np.pi))
            az = sorted(az)

            def g(phi):
                e = np.cos(phi) * q1 + np.sin(phi) * q2
                pol = []
                for i in range(k):
                    for j in range(i + 1, k):
                        n = m[i] - m[j]
                        A, B = n @ p, n @ e
                        th = np.arctan2(-A, B) % np.pi
                        pol.append(th)
                pol = sorted(set(np.round(pol, 15)))

                def h(th):
                    u = np.cos(th) * p + np.sin(th) * e
                    return np.sin(th) * radial(u[None, :], z0, m, logpi, s, rho, wts)[0]
                return quad_vec(h, 0, np.pi, points=[t for t in pol if 0 < t < np.pi], epsabs=1e-12, epsrel=1e-12,
                                limit=20000)[0]
            val = quad_vec(g, 0, 2 * np.pi, points=az, epsabs=1e-12, epsrel=1e-12, limit=20000)[0]
    first = val[:-1].reshape(k, s)
    theta_next = sum(powers[j].T @ first[j] for j in range(k))
    kl = 0.5 * r * r - val[-1]
    return theta_next, kl


def main():
    ks = [int(a) for a in sys.argv[1:]] or [2, 3, 4]
    for k in ks:
        for r in (5.0, 10.0, 50.0):
            th, kl = step(k, r)
            print(f"k={k} r={r:g}: theta_next = [{', '.join(f'{v:.17g}' for v in th)}]  kl = {kl:.17g}")
            sys.stdout.flush()


if __name__ == '__main__':
    main()
