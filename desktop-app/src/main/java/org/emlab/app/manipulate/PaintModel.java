package org.emlab.app.manipulate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.emlab.app.model.SessionModel;
import org.emlab.core.data.DataTable;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.PaintedData;
import org.emlab.core.data.Rng;
import org.emlab.core.io.ConfigDir;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.UserDataSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;

/**
 * Painting data in the geometry (docs/explore-and-verify.md, "Direct manipulation"), without a Stage:
 * which tool is chosen, its spread, the data set being painted and how the geometry's two axes map to
 * its columns, and the commit of a stroke as one edit of the session (a new data set saved as CSV in
 * the configuration folder, {@code painted/painted-<hash>.csv}, named by the lab's {@link UserDataSpec}
 * like a file the user opened; Undo brings the previous data back).
 *
 * <p>Labs that take user data can be painted when the geometry shows two of the data's columns: a
 * mixture fitted to two features, or a regression on one covariate (the response vertical). Random
 * points (spray, line) come from the run's seed and the stroke's number ({@link Rng#stream}).
 */
public final class PaintModel {
    /** The tools of the palette. */
    public enum Tool {
        /** A click adds a point; a drag sprays points about the pointer with the chosen spread. */
        ADD("add / spray"),
        /** A drag lays noisy points along the segment (regressions). */
        LINE("line"),
        /** A click or drag removes the points within the spread. */
        ERASE("eraser");

        private final String label;

        Tool(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Stream of the spray's random numbers (beyond the labs' data, init and population streams). */
    public static final long PAINT_STREAM = 1L << 20;

    private final SessionModel session;
    private final BooleanProperty active = new SimpleBooleanProperty();
    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(Tool.ADD);
    /** Spread of the spray, the line's noise and the eraser's radius, in screen pixels. */
    private final DoubleProperty spread = new SimpleDoubleProperty(18);
    private DataTable table;
    private int cx;
    private int cy;
    private List<String> picked;
    private String response;
    private long strokes;

    public PaintModel(SessionModel session) {
        this.session = session;
    }

    /** True while painting is on (the palette shows; the geometry takes strokes instead of drags). */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ObjectProperty<Tool> toolProperty() {
        return tool;
    }

    public DoubleProperty spreadProperty() {
        return spread;
    }

    /** True when the lab shows a regression (the line tool applies). */
    public boolean regression() {
        return response != null;
    }

    /** True when a data set is ready to be painted. */
    public boolean ready() {
        return table != null;
    }

    /** The data set being painted, or null. */
    public DataTable table() {
        return table;
    }

    /**
     * Why lab {@code lab} with parameters {@code p} and sample {@code data} cannot be painted, or null when
     * it can; in that case the model takes the data set (the user's table, or the sample as a table).
     */
    public String prepare(Lab lab, ParamValues p, Dataset data, DataTable userTable) {
        table = null;
        if (lab == null || lab.userData().isEmpty()) {
            return "this lab runs on data from its own truth; painting needs a lab that takes user data (gmm, mlr)";
        }
        if (data == null) {
            return "a population run has no sample to paint: switch population off";
        }
        UserDataSpec spec = lab.userData().get();
        boolean mixture = spec.shape() == UserDataSpec.Shape.MIXTURE;
        if (mixture && data.d() != 2) {
            return "painting needs the geometry to show the data's two columns (d = 2; now d = " + data.d() + ")";
        }
        if (!mixture && (data.d() != 1 || data.y() == null)) {
            return "painting a regression needs one covariate (d = 1; now d = " + data.d() + ")";
        }
        DataTable t = userTable != null ? userTable : PaintedData.fromDataset(data, "painted");
        List<String> names = t.names();
        int a = names.indexOf(data.xNames().get(0));
        int b = mixture ? names.indexOf(data.xNames().get(1)) : names.indexOf(data.yName() == null ? "y" : data.yName());
        if (a < 0 || b < 0) {
            t = PaintedData.fromDataset(data, "painted");
            names = t.names();
            a = 0;
            b = 1;
        }
        table = t;
        cx = a;
        cy = b;
        picked = mixture ? List.of(data.xNames().get(0), data.xNames().get(1)) : List.of(data.xNames().get(0));
        response = mixture ? null : names.get(b);
        return null;
    }

    /** Forgets the data set (painting is off, or another lab is shown). */
    public void reset() {
        table = null;
    }

    /** The random numbers of the next stroke: the run's seed and the stroke's number. */
    public RandomGenerator nextStroke(ParamValues p) {
        long seed = 0;
        if (p != null) {
            var s = Roles.seed(p.specs());
            if (s.isPresent()) {
                seed = p.getLong(s.get().name());
            }
        }
        return Rng.stream(seed, PAINT_STREAM + strokes++);
    }

    /** The painted data set with {@code xs, ys} added (nothing is applied yet). */
    public DataTable added(double[] xs, double[] ys) {
        return PaintedData.add(table, cx, cy, xs, ys);
    }

    /** The painted data set without the points in the ellipse about (x, y) with half-axes rx, ry. */
    public DataTable erased(DataTable from, double x, double y, double rx, double ry) {
        return PaintedData.erase(from, cx, cy, x, y, rx, ry);
    }

    /** The painted data set with no rows. */
    public DataTable cleared() {
        return PaintedData.empty(table.names(), table.source());
    }

    /** The (x, y) of every row of {@code t}, in the geometry's axes. */
    public double[][] points(DataTable t) {
        double[] x = new double[t.rows()];
        double[] y = new double[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            x[i] = t.value(i, cx);
            y[i] = t.value(i, cy);
        }
        return new double[][] {x, y};
    }

    /**
     * Makes {@code next} the run's data set as one edit named {@code label}: saved as CSV in the
     * configuration folder, the lab's data parameters pointing at it (its k and every other parameter
     * kept), and the run restarted on it. Returns the file, or throws when it cannot be written.
     */
    public Path commit(DataTable next, String label) throws IOException {
        Lab lab = session.lab();
        ParamValues p = session.form() == null ? null : session.form().validProperty().get();
        if (lab == null || p == null || lab.userData().isEmpty()) {
            throw new IllegalStateException("no lab to paint for");
        }
        Path file = PaintedData.save(next, folder());
        UserDataSpec spec = lab.userData().get();
        int k = p.getInt(spec.count());
        Map<String, String> texts = spec.texts(file.toString(), picked, response == null ? "" : response, k);
        ParamValues q = p.withAll(texts);
        DataTable named = new DataTable(file.toString(), next.names(), next.rows(), next.values(), true);
        session.applyData(named, file.toString(), q, label);
        table = named;
        return file;
    }

    /** Where painted data sets are saved. */
    public static Path folder() {
        return ConfigDir.get().resolve("painted");
    }

    /** True when {@code source} (a {@code data} parameter's text) names a painted data set of {@link #folder()}. */
    public static boolean isPainted(String source) {
        if (source == null || source.isBlank()) {
            return false;
        }
        try {
            Path p = Path.of(source.strip()).toAbsolutePath();
            return p.getFileName().toString().startsWith("painted-") && p.getParent() != null
                    && p.getParent().equals(folder().toAbsolutePath());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
