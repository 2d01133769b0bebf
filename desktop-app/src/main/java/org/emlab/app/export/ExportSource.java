package org.emlab.app.export;

import java.util.concurrent.CompletableFuture;
import org.emlab.core.figure.Figure;
import org.emlab.core.output.TrajectoryCsv;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/** What exports read from the window. */
public interface ExportSource {
    /** The figure shown now, with the axis scales the user chose (FX thread); null before the first run. */
    Figure figure();

    /** The lab of the shown run. */
    Lab lab();

    /** The parameters of the shown run (with its seed). */
    ParamValues params();

    /** The iteration shown. */
    int iteration();

    /** The run's recorded iterates, captured on the compute thread (completes there). */
    CompletableFuture<TrajectoryCsv.Table> iterates();

    /** The user's data set the run uses, or null (generated data). */
    default org.emlab.core.data.Dataset userData() {
        return null;
    }

    /** The view settings shown (projection). */
    default java.util.Map<String, String> view() {
        return java.util.Map.of();
    }

    /** Where the shown run stops playing by itself (an animation's default end). */
    default org.emlab.core.lab.Horizon horizon() {
        return lab().horizon(params());
    }
}
