package org.emlab.core.model;

/**
 * A population measure (a quadrature rule or a Monte Carlo proxy for {@code E_{p*}}) together with
 * the second measure its error estimate is taken from (docs/labs/gmm-overparam.md, "Population
 * update"):
 * <ul>
 *   <li>{@link Check#SECOND_RULE}: the estimate of a value {@code Q} is {@code |Q − Q'|}, with
 *       {@code Q'} the same value on {@code check} (the half-shifted copy of a lattice rule, whose
 *       leading error term has the opposite sign, or the lattice rule for a Gauss–Hermite rule);</li>
 *   <li>{@link Check#MONTE_CARLO}: {@code check} is {@code points} itself, an i.i.d. sample of p*,
 *       and the estimate is three standard errors of the sample mean.</li>
 * </ul>
 *
 * @param points    the rule every population value is computed with
 * @param check     the second rule (or the Monte Carlo sample itself)
 * @param kind      how the error estimate is formed
 * @param name      the rule, for notes ("lattice h = 0.113 × 0.107, ‖z‖ ≤ 8, per true component")
 * @param checkName the check, for notes ("vs its half-shifted copy")
 */
public record PopulationRule(WeightedPoints points, WeightedPoints check, Check kind, String name, String checkName) {
    /** How the error estimate is formed. */
    public enum Check { SECOND_RULE, MONTE_CARLO }

    /** Standard errors in a Monte Carlo error bound. */
    public static final double STANDARD_ERRORS = 3;
}
