package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.NumberSyntax;
import org.emlab.core.text.Snippet;

/**
 * One statistic a sweep records for every run: a {@link Statistic} applied to a trajectory column, with
 * its number. Written {@code [PREFIX]KIND[:NUMBER]} or {@code final:COLUMN}:
 * <ul>
 *   <li>{@code final_error}, {@code final_kl}, {@code final_loglik}: the lab's error, KL or {@code loglik}
 *       column at the horizon; {@code final:COLUMN}: any column;</li>
 *   <li>{@code iterations_to_eps:1e-6}: the first iteration with error ≤ ε (ε from {@code --eps} when
 *       not given);</li>
 *   <li>{@code iterations_to_final[:TOL]}: the first iteration t with ‖θ_t − θ_T‖ ≤ TOL·err(θ_T) (default
 *       0.1), θ the run's parameter columns and T its last iteration;</li>
 *   <li>{@code iterations_to_floor[:C]}: the first iteration with error ≤ C × the lab's statistical floor
 *       (default 2; {@code Lab.errorFloor});</li>
 *   <li>{@code stuck}: 1 when the lab calls the run stuck.</li>
 * </ul>
 * A {@code PREFIX} such as {@code iid_} reads the same statistic from the prefixed columns: in
 * {@code mlr-clustered}, {@code iid_final_error} is the i.i.d. EM's {@code iid_error} and
 * {@code iid_iterations_to_final} uses its {@code iid_beta_*} columns.
 *
 * @param stat   the kind
 * @param prefix "" or the columns' prefix ({@code iid_})
 * @param column the column of {@link Statistic#FINAL}, else null
 * @param number ε, the tolerance or the factor; NaN for kinds without one
 */
public record Measure(Statistic stat, String prefix, String column, double number) {
    /** Default tolerance of {@link Statistic#ITERATIONS_TO_FINAL} (docs/labs/mlr-clustered.md#metrics). */
    public static final double DEFAULT_TOLERANCE = 0.1;
    /** Default factor of {@link Statistic#ITERATIONS_TO_FLOOR}. */
    public static final double DEFAULT_FLOOR_FACTOR = 2;

    public Measure {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.matches("[a-z][a-z0-9]*_")) {
            throw new ValidationException("stat", "a statistic's prefix is lower-case letters and digits ending in _ (got "
                    + Snippet.quoted(prefix) + ")");
        }
    }

    /** {@code stat} on the lab's own columns, with ε {@code eps} for iterations_to_eps (the other numbers take their defaults). */
    public static Measure of(Statistic stat, double eps) {
        return new Measure(stat, "", null, switch (stat) {
            case ITERATIONS_TO_EPS -> eps;
            case ITERATIONS_TO_FINAL -> DEFAULT_TOLERANCE;
            case ITERATIONS_TO_FLOOR -> DEFAULT_FLOOR_FACTOR;
            default -> Double.NaN;
        });
    }

    /**
     * Parses {@code [PREFIX]KIND[:NUMBER]} or {@code final:COLUMN}; {@code eps} is the ε of
     * {@code iterations_to_eps} without a number (NaN: none given).
     */
    public static Measure parse(String text, double eps) {
        String s = text == null ? "" : text.strip();
        if (s.toLowerCase(Locale.ROOT).startsWith("final:")) {
            String col = s.substring("final:".length()).strip();
            if (!col.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new ValidationException("stat", "final:COLUMN needs a column name such as final:loglik (got "
                        + Snippet.quoted(s) + ")");
            }
            return new Measure(Statistic.FINAL, "", col, Double.NaN);
        }
        String head = s;
        String num = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            head = s.substring(0, colon).strip();
            num = s.substring(colon + 1).strip();
        }
        String low = head.toLowerCase(Locale.ROOT);
        for (Statistic k : Statistic.values()) {
            if (k == Statistic.FINAL || !low.endsWith(k.id())) {
                continue;
            }
            String prefix = low.substring(0, low.length() - k.id().length());
            if (!prefix.isEmpty() && !prefix.endsWith("_")) {
                continue;
            }
            Measure base = of(k, eps);
            if (num == null) {
                return new Measure(k, prefix, null, base.number());
            }
            if (Double.isNaN(base.number()) && k != Statistic.ITERATIONS_TO_EPS) {
                throw new ValidationException("stat", k.id() + " takes no number (got " + Snippet.quoted(s) + ")");
            }
            double v;
            try {
                v = NumberSyntax.parseFinite(num);
            } catch (NumberFormatException e) {
                throw new ValidationException("stat", "in " + Snippet.quoted(s) + ", " + Snippet.quoted(num)
                        + " is not a finite number in " + NumberSyntax.DESCRIPTION);
            }
            return new Measure(k, prefix, null, v);
        }
        throw new ValidationException("stat", "stat must be one of " + Statistic.names() + ", each optionally with a "
                + "column prefix such as iid_ (got " + Snippet.quoted(s) + ")");
    }

    /** Parses a list: each entry may itself hold several, comma-separated. */
    public static List<Measure> parseAll(List<String> texts, double eps) {
        List<Measure> out = new ArrayList<>();
        for (String t : texts) {
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    out.add(parse(part, eps));
                }
            }
        }
        return out;
    }

    /** The canonical text, which {@link #parse} reads back: {@code iid_iterations_to_final:0.1}, {@code final:loglik}. */
    public String id() {
        if (stat == Statistic.FINAL) {
            return "final:" + column;
        }
        return prefix + stat.id() + (Double.isNaN(number) ? "" : ":" + ParamSpec.fmtExact(number));
    }

    /** The CSV column name: {@code final_kl}, {@code iid_iterations_to_final}, {@code final_loglik} (for final:loglik). */
    public String header() {
        if (stat == Statistic.FINAL) {
            return "final_" + column;
        }
        return prefix + stat.id();
    }

    /** The CSV column name with its number, to tell apart two measures of one kind. */
    String headerWithNumber() {
        return Double.isNaN(number) ? header() : header() + "_" + ParamSpec.fmtExact(number);
    }

    /** The human label: "final KL", "iterations to within 0.1·err of the final iterate (iid_)". */
    public String label() {
        String l = switch (stat) {
            case FINAL -> "final " + column;
            case ITERATIONS_TO_EPS -> "iterations to ε = " + ParamSpec.fmt(number);
            case ITERATIONS_TO_FINAL -> "iterations to within " + ParamSpec.fmt(number) + "·err of the final iterate";
            case ITERATIONS_TO_FLOOR -> "iterations to " + ParamSpec.fmt(number) + " × the floor";
            default -> stat.label();
        };
        return prefix.isEmpty() ? l : l + " (" + prefix.substring(0, prefix.length() - 1) + ")";
    }

    /** What it measures, in one sentence, for the text report. */
    public String rule(Lab lab) {
        String err = lab.errorColumn().map(c -> prefix + c).orElse("?");
        return switch (stat) {
            case FINAL_ERROR -> "the error column " + err + " at the horizon";
            case FINAL_KL -> "the KL column " + lab.klColumn().map(c -> prefix + c).orElse("?") + " at the horizon";
            case FINAL_LOGLIK -> "the log-likelihood column " + prefix + "loglik at the horizon";
            case FINAL -> "the column " + column + " at the horizon";
            case ITERATIONS_TO_EPS -> "the first iteration with " + err + " <= " + ParamSpec.fmtExact(number) + " (inf when the "
                    + "horizon comes first)";
            case ITERATIONS_TO_FINAL -> "the first iteration t with |theta_t - theta_T| <= " + ParamSpec.fmtExact(number)
                    + " * " + err + "(theta_T), theta the " + (prefix.isEmpty() ? "" : prefix + " ") + "parameter columns, "
                    + "T the last iteration";
            case ITERATIONS_TO_FLOOR -> "the first iteration with " + err + " <= " + ParamSpec.fmtExact(number) + " x the "
                    + "statistical floor (inf when the horizon comes first)";
            case STUCK -> lab.stuckRule().isEmpty() ? "lab " + lab.id() + " defines no stuck predicate; no run counts as "
                    + "stuck" : lab.stuckRule();
        };
    }

    /** The trajectory column it reads ({@code radius}, {@code iid_error}), or null for {@code stuck}. */
    public String column(Lab lab) {
        return switch (stat) {
            case FINAL_ERROR, ITERATIONS_TO_EPS, ITERATIONS_TO_FINAL, ITERATIONS_TO_FLOOR ->
                    lab.errorColumn().map(c -> prefix + c).orElse(null);
            case FINAL_KL -> lab.klColumn().map(c -> prefix + c).orElse(null);
            case FINAL_LOGLIK -> prefix + "loglik";
            case FINAL -> column;
            case STUCK -> null;
        };
    }

    /** The problems with using it on {@code lab} (each naming the field {@code stat} or {@code eps}). */
    List<FieldError> check(Lab lab) {
        List<FieldError> errors = new ArrayList<>();
        switch (stat) {
            case FINAL_ERROR, ITERATIONS_TO_EPS, ITERATIONS_TO_FINAL, ITERATIONS_TO_FLOOR -> {
                if (lab.errorColumn().isEmpty()) {
                    errors.add(new FieldError("stat", "lab " + lab.id() + " defines no error-to-truth column, so "
                            + stat.id() + " is not available; try " + (lab.klColumn().isPresent() ? "final_kl, " : "")
                            + "final_loglik, stuck or final:COLUMN"));
                }
            }
            case FINAL_KL -> {
                if (lab.klColumn().isEmpty()) {
                    errors.add(new FieldError("stat", "lab " + lab.id() + " defines no KL column, so final_kl is not available; try "
                            + (lab.errorColumn().isPresent() ? "final_error, " : "") + "final_loglik, stuck or final:COLUMN"));
                }
            }
            case STUCK -> {
                if (!prefix.isEmpty()) {
                    errors.add(new FieldError("stat", "stuck takes no column prefix (got " + id() + ")"));
                }
            }
            default -> {
            }
        }
        if (stat == Statistic.ITERATIONS_TO_EPS && (!(number > 0) || !Double.isFinite(number))) {
            errors.add(new FieldError("eps", "iterations_to_eps needs --eps, a positive number (got "
                    + (Double.isNaN(number) ? "none" : ParamSpec.fmt(number)) + ")"));
        }
        if (stat == Statistic.ITERATIONS_TO_FINAL && !(number >= 0)) {
            errors.add(new FieldError("stat", "the tolerance of iterations_to_final must be at least 0 (got "
                    + ParamSpec.fmt(number) + ")"));
        }
        if (stat == Statistic.ITERATIONS_TO_FLOOR && !(number > 0)) {
            errors.add(new FieldError("stat", "the factor of iterations_to_floor must be positive (got "
                    + ParamSpec.fmt(number) + ")"));
        }
        return errors;
    }

    @Override
    public String toString() {
        return id();
    }
}
