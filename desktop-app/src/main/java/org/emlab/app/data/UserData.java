package org.emlab.app.data;

import org.emlab.core.data.DataTable;
import org.emlab.core.data.Dataset;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/**
 * The data set the user opened in the window (File → Open data…, or a CSV dropped on the window),
 * kept in memory so that every restart of the run (each parameter edit) reuses it instead of
 * reading the file again. It is handed to {@code lab.start(params, userData)} only while the lab
 * takes user data and its {@code data} parameter still names the file that was opened; typing
 * another source into that field (or loading a preset) lets the lab load that source itself.
 * FX thread only.
 */
public final class UserData {
    private DataTable table;
    private Dataset dataset;
    private String source;

    /** Remembers {@code table}, opened from {@code source} (the text the {@code data} parameter will hold). */
    public void set(DataTable table, String source) {
        this.table = table;
        this.dataset = table.toDataset();
        this.source = source;
    }

    /** Forgets the opened data set. */
    public void clear() {
        table = null;
        dataset = null;
        source = null;
    }

    /** The opened table, or null. */
    public DataTable table() {
        return table;
    }

    /** The {@code data} parameter text of the opened data set, or null. */
    public String source() {
        return source;
    }

    /** The data set for a run of {@code lab} with {@code p}, or null when the run should not use it. */
    public Dataset forRun(Lab lab, ParamValues p) {
        if (dataset == null || lab == null || p == null || lab.userData().isEmpty()) {
            return null;
        }
        String param = lab.userData().get().source();
        return p.has(param) && source.equals(p.getString(param).strip()) ? dataset : null;
    }
}
