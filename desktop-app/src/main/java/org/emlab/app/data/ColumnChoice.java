package org.emlab.app.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emlab.core.data.DataTable;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.UserDataSpec;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamSpec;

/**
 * The view model of the column picker: which lab fits the opened table (every lab that declares a
 * {@link Lab#userData()} spec: a mixture over the picked columns, or regressions of one response on
 * the picked covariates), which columns, and the number of components. It produces the parameter
 * texts the lab takes ({@link UserDataSpec#texts}) and says what is wrong while the choice is invalid.
 */
public final class ColumnChoice {
    /** Most columns pre-selected for a mixture. */
    static final int MAX_PRESELECTED = 6;

    /**
     * A lab a table can go to, with what the table becomes there.
     *
     * @param lab  the lab (from {@link LabRegistry})
     * @param spec its user-data spec
     */
    public record Target(Lab lab, UserDataSpec spec) {
        /** Every lab that takes user data, in the registry's order. */
        public static List<Target> all() {
            List<Target> out = new ArrayList<>();
            for (Lab l : LabRegistry.all()) {
                l.userData().ifPresent(u -> out.add(new Target(l, u)));
            }
            return out;
        }

        /** The target of the registry's lab with the id of {@code lab}, if it takes user data. */
        public static Optional<Target> of(Lab lab) {
            return lab == null ? Optional.empty() : all().stream().filter(t -> t.lab().id().equals(lab.id())).findFirst();
        }

        /** True when the table becomes regressions on a response column. */
        public boolean regression() {
            return spec.shape() == UserDataSpec.Shape.REGRESSION;
        }

        /** The parameter that takes the number of components. */
        public ParamSpec count() {
            return lab.defaults().spec(spec.count());
        }

        @Override
        public String toString() {
            return spec.label();
        }
    }

    private final DataTable table;
    private final String source;
    private final boolean[] constant;
    private final boolean[] picked;
    private Target target;
    private int response;
    private int k = 2;

    /**
     * @param table  the opened table
     * @param source the text for the lab's data-source parameter (the file's path)
     * @param target the lab to preselect
     */
    public ColumnChoice(DataTable table, String source, Target target) {
        this.table = table;
        this.source = source;
        int d = table.columns();
        this.constant = new boolean[d];
        this.picked = new boolean[d];
        for (int c = 0; c < d; c++) {
            double first = table.value(0, c);
            boolean same = true;
            for (int i = 1; i < table.rows() && same; i++) {
                same = table.value(i, c) == first;
            }
            constant[c] = same;
        }
        this.response = d - 1;
        setTarget(target);
    }

    public DataTable table() {
        return table;
    }

    public Target target() {
        return target;
    }

    /** Switches the lab and resets the picks to its defaults (mixture: the first non-constant columns; regression: y = last). */
    public void setTarget(Target t) {
        this.target = t;
        int d = table.columns();
        int count = 0;
        for (int c = 0; c < d; c++) {
            boolean ok = !constant[c] && (t.regression() ? c != response : count < MAX_PRESELECTED);
            picked[c] = ok;
            if (ok) {
                count++;
            }
        }
    }

    public boolean isConstant(int c) {
        return constant[c];
    }

    public boolean isPicked(int c) {
        return picked[c];
    }

    public void setPicked(int c, boolean on) {
        picked[c] = on && !constant[c];
    }

    /** The response column (regressions), 0-based. */
    public int response() {
        return response;
    }

    public void setResponse(int c) {
        response = c;
        picked[c] = false;
    }

    public int k() {
        return k;
    }

    public void setK(int k) {
        this.k = k;
    }

    /** What is wrong with the choice, or "" when it can be fitted. */
    public String problem() {
        List<Integer> cols = pickedColumns();
        if (target.regression()) {
            if (constant[response]) {
                return "the response \"" + table.names().get(response) + "\" is constant";
            }
            if (cols.isEmpty()) {
                return "pick at least one covariate (x column)";
            }
        } else if (cols.isEmpty()) {
            return "pick at least one column";
        }
        ParamSpec count = target.count();
        if (k < count.min()) {
            return count.name() + " must be at least " + ParamSpec.fmt(count.min());
        }
        if (k > count.max()) {
            return count.name() + " must be at most " + ParamSpec.fmt(count.max());
        }
        if (k > table.rows()) {
            return count.name() + " = " + k + " is more than the " + table.rows() + " rows";
        }
        return "";
    }

    private List<Integer> pickedColumns() {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < picked.length; c++) {
            if (picked[c] && !(target.regression() && c == response)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The parameter texts for the chosen lab (to be applied over its defaults). */
    public Map<String, String> params() {
        List<String> names = new ArrayList<>();
        for (int c : pickedColumns()) {
            names.add(table.names().get(c));
        }
        return target.spec().texts(source, names, table.names().get(response), k);
    }
}
