package org.emlab.app.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.DataTable;

/**
 * The view model of the column picker: which lab fits the opened table (gmm: a mixture over the
 * picked columns; mlr: regressions of one response on the picked covariates), which columns, and k.
 * It produces the parameter texts the lab takes ({@code data}, {@code columns} or
 * {@code x_columns}/{@code y_column}, {@code k}) and says what is wrong while the choice is invalid.
 */
public final class ColumnChoice {
    /** Most columns pre-selected for a mixture. */
    static final int MAX_PRESELECTED = 6;

    /** The labs a table can go to. */
    public enum Target {
        GMM("gmm", "Gaussian mixture (gmm)"), MLR("mlr", "mixture of regressions (mlr)");

        final String labId;
        final String label;

        Target(String labId, String label) {
            this.labId = labId;
            this.label = label;
        }

        public String labId() {
            return labId;
        }

        @Override
        public String toString() {
            return label;
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
     * @param source the text for the {@code data} parameter (the file's path)
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
            boolean ok = !constant[c] && (t == Target.MLR ? c != response : count < MAX_PRESELECTED);
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

    /** The response column (mlr), 0-based. */
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
        if (target == Target.MLR) {
            if (constant[response]) {
                return "the response \"" + table.names().get(response) + "\" is constant";
            }
            if (cols.isEmpty()) {
                return "pick at least one covariate (x column)";
            }
        } else if (cols.isEmpty()) {
            return "pick at least one column";
        }
        if (k < 1) {
            return "k must be at least 1";
        }
        if (k > table.rows()) {
            return "k = " + k + " is more than the " + table.rows() + " rows";
        }
        return "";
    }

    private List<Integer> pickedColumns() {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < picked.length; c++) {
            if (picked[c] && !(target == Target.MLR && c == response)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The parameter texts for the chosen lab (to be applied over its defaults). */
    public Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", source);
        List<String> names = new ArrayList<>();
        for (int c : pickedColumns()) {
            names.add(table.names().get(c));
        }
        if (target == Target.MLR) {
            m.put("x_columns", String.join(",", names));
            m.put("y_column", table.names().get(response));
        } else {
            m.put("columns", String.join(",", names));
        }
        m.put("k", Integer.toString(k));
        return m;
    }
}
