package org.emlab.core.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.Roles;

/**
 * What a lab makes of a table the user opens ({@link Lab#userData()}): a mixture over picked feature
 * columns, or regressions of one response column on picked covariates; and which of its parameters
 * receive the table's source, the picked columns and the number of components. The window's column
 * picker lists every lab that has one and builds the lab's parameter texts with {@link #texts}, so
 * it never names a lab or a parameter. The parameter names are found by role
 * ({@link ParamRole.DataSource}, {@link ParamRole.Columns}); see docs/labs/gmm.md and
 * docs/labs/mlr.md for the two labs that take user data.
 *
 * @param shape    what a table becomes
 * @param label    one line for the picker, e.g. "Gaussian mixture (gmm)"
 * @param source   the parameter that takes the table's source (a path or a shipped data set's name)
 * @param columns  the parameter that takes the picked columns (features or covariates), comma-separated names
 * @param response the parameter that takes the response column's name ({@link Shape#REGRESSION} only), else ""
 * @param count    the INT parameter that takes the number of components
 */
public record UserDataSpec(Shape shape, String label, String source, String columns, String response, String count) {

    /** What a table becomes. */
    public enum Shape {
        /** A mixture fitted to the points made of the picked columns. */
        MIXTURE("a mixture over the picked columns"),
        /** Regressions of the response column on the picked covariates. */
        REGRESSION("regressions of the response on the picked covariates");

        private final String description;

        Shape(String description) {
            this.description = description;
        }

        /** One phrase, e.g. "a mixture over the picked columns". */
        public String description() {
            return description;
        }
    }

    public UserDataSpec {
        Objects.requireNonNull(shape);
        Objects.requireNonNull(label);
        Objects.requireNonNull(source);
        Objects.requireNonNull(columns);
        Objects.requireNonNull(count);
        response = response == null ? "" : response;
        if ((shape == Shape.REGRESSION) == response.isEmpty()) {
            throw new IllegalArgumentException("a regression needs a response parameter, a mixture has none");
        }
    }

    /**
     * The spec of a lab with parameters {@code params}, found by role: the {@link ParamRole.DataSource}
     * parameter, the {@link ParamRole.Columns} parameter picking {@code FEATURES} (mixture) or
     * {@code COVARIATES} and {@code RESPONSE} (regression); {@code count} names the INT parameter for k.
     */
    public static UserDataSpec of(Shape shape, String label, List<ParamSpec> params, String count) {
        String source = one(Roles.withRole(params, ParamRole.DataSource.class), "data source");
        String columns;
        String response = "";
        if (shape == Shape.MIXTURE) {
            columns = Roles.columns(params, ParamRole.Pick.FEATURES).orElseThrow(() -> missing("feature columns")).name();
        } else {
            columns = Roles.columns(params, ParamRole.Pick.COVARIATES).orElseThrow(() -> missing("covariate columns")).name();
            response = Roles.columns(params, ParamRole.Pick.RESPONSE).orElseThrow(() -> missing("response column")).name();
        }
        boolean countIsInt = params.stream().anyMatch(s -> s.name().equals(count) && s.type() == ParamType.INT);
        if (!countIsInt) {
            throw missing("INT parameter " + count);
        }
        return new UserDataSpec(shape, label, source, columns, response, count);
    }

    private static String one(List<ParamSpec> found, String what) {
        if (found.size() != 1) {
            throw missing("exactly one " + what + " parameter");
        }
        return found.get(0).name();
    }

    private static IllegalArgumentException missing(String what) {
        return new IllegalArgumentException("user data need " + what);
    }

    /** The response parameter, when the table becomes a regression. */
    public Optional<String> responseParam() {
        return response.isEmpty() ? Optional.empty() : Optional.of(response);
    }

    /**
     * The parameter texts for a table from {@code sourceText} with the picked column names, the
     * response column's name (ignored for a mixture) and k components, to apply over the lab's values.
     */
    public Map<String, String> texts(String sourceText, List<String> picked, String responseName, int k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(source, sourceText);
        m.put(columns, String.join(",", picked));
        if (shape == Shape.REGRESSION) {
            m.put(response, responseName);
        }
        m.put(count, Integer.toString(k));
        return m;
    }
}
