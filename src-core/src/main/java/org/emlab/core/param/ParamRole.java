package org.emlab.core.param;

import java.util.Objects;

/**
 * What a parameter is for, beyond its type: the one place where a lab says "this vector is a
 * probability vector with one entry per component", "this is the seed" or "this text picks file
 * columns". Generic code reads the role instead of the parameter's name: {@link Roles} validates and
 * repairs every probability vector, the window builds the matching editor (the weights editor, the
 * seed's dice button), and {@code org.emlab.core.lab.UserDataSpec} finds where an opened table's
 * path and columns go.
 *
 * <p>The roles:
 * <ul>
 *   <li>{@link Plain}: nothing beyond the type (the default);</li>
 *   <li>{@link ProbabilityVector}: entries in [0, 1] summing to 1 within
 *       {@link ProbabilityVectors#SUM_TOLERANCE}, as many as the integer parameter {@code sizedBy}
 *       says; {@code fill} is what {@link Roles#repair} puts in when the count changes;</li>
 *   <li>{@link Seed}: the seed of the run's random streams;</li>
 *   <li>{@link DataSource}: where the data come from ({@code generated}, a shipped data set or a file);</li>
 *   <li>{@link Columns}: columns picked from that data set, as feature columns of a mixture, the
 *       covariates of a regression or its response.</li>
 * </ul>
 */
public sealed interface ParamRole
        permits ParamRole.Plain, ParamRole.ProbabilityVector, ParamRole.Seed, ParamRole.DataSource, ParamRole.Columns {

    /** No role beyond the type. */
    ParamRole PLAIN = new Plain();

    /** No role beyond the type. */
    record Plain() implements ParamRole {
    }

    /**
     * A probability vector (for example mixing weights π): entries in [0, 1] that sum to 1 within
     * {@link ProbabilityVectors#SUM_TOLERANCE}, one per component.
     *
     * @param sizedBy the INT parameter whose value is the number of entries (for example {@code k} or {@code m})
     * @param fill    what a repair fills in when that number changes
     */
    record ProbabilityVector(String sizedBy, Fill fill) implements ParamRole {
        public ProbabilityVector {
            Objects.requireNonNull(sizedBy);
            Objects.requireNonNull(fill);
        }
    }

    /** The seed of the run's random streams: the same seed gives the same data and the same run. */
    record Seed() implements ParamRole {
    }

    /** The source of the data: generated from the lab's truth, a shipped data set, or a file path. */
    record DataSource() implements ParamRole {
    }

    /**
     * Columns of the data set named by the {@link DataSource} parameter, by name or 1-based index.
     *
     * @param pick what the picked columns are to the model
     */
    record Columns(Pick pick) implements ParamRole {
        public Columns {
            Objects.requireNonNull(pick);
        }
    }

    /** What a resized probability vector is filled with. */
    enum Fill {
        /**
         * π_j ∝ k − j (j = 0..k−1): (0.4, 0.3, 0.2, 0.1) for k = 4. Its discrete Fourier coefficients
         * F_l, l ≥ 1, are all non-zero, so it meets gmm-simplex's DFT condition
         * (docs/labs/gmm-simplex.md, "DFT (non-degeneracy) condition").
         */
        DECREASING,
        /** π_j = 1/k. */
        UNIFORM
    }

    /** What picked columns are to the model. */
    enum Pick {
        /** The coordinates of the points a mixture is fitted to (several columns). */
        FEATURES,
        /** The covariates x of a regression (several columns). */
        COVARIATES,
        /** The response y of a regression (one column). */
        RESPONSE
    }
}
