package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Columns;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.MixtureRegressionEm;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.numeric.Cholesky;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.History;
import org.emlab.core.view.CurvePanels;

/**
 * Lab {@code mlr} (MODELS.md §6.2): textbook exact EM for a mixture of k linear regressions, each
 * with its own coefficients β_j and noise σ_j (or a common σ), on a sample from a truth the user
 * sets or on the user's own data ({@code --data FILE --set x_columns=... --set y_column=...}).
 */
public final class MlrLab implements Lab {
    public static final String ID = "mlr";
    /** The variance floor ε is this fraction of the variance of y. */
    public static final double FLOOR_FRACTION = 1e-6;
    /** Most covariates. */
    public static final int MAX_COVARIATES = Extremes.MAX_DIMENSION;
    /** Most components. */
    public static final int MAX_K = Extremes.MAX_COMPONENTS;
    /** Largest n·k (responsibilities are kept, twice). */
    public static final long MAX_RESPONSIBILITIES = 20_000_000L;
    /** Attempts to draw p data points with a non-singular design for the random initialisation. */
    static final int INIT_ATTEMPTS = 50;
    /** Above this many points the scatter is thinned for display. */
    static final int MAX_SHOWN_POINTS = 5_000;

    private static final List<String> INITS = List.of("random", "given");

    private static final List<ParamSpec> PARAMS = List.of(
            UserDataSupport.dataParam("Example: tonedata with x_columns stretchratio and y_column tuned."),
            ParamSpec.text("x_columns", "x columns", "auto", "Data",
                    "the covariate columns, by name or 1-based index (e.g. stretchratio or 1); auto = every column but y"),
            ParamSpec.text("y_column", "y column", "last", "Data",
                    "the response column, by name or 1-based index; last = the last column"),
            ParamSpec.integer("k_true", "k (true)", 2, 1, MAX_K, "Truth",
                    "generated data: number of true regression lines (equal weights)"),
            ParamSpec.integer("d", "d", 1, 1, MAX_COVARIATES, "Truth", "generated data: number of covariates, x ~ N(0, I_d)"),
            ParamSpec.integer("n", "n", 300, 3, 2_000_000, "Truth", "generated data: sample size"),
            ParamSpec.positive("sigma", "σ", 0.4, 1e6, "Truth", "generated data: noise standard deviation of every line"),
            ParamSpec.positive("spread", "coefficient spread", 2.0, 1e6, "Truth",
                    "generated data: the true intercepts and slopes are drawn from N(0, spread²) with the data seed"),
            ParamSpec.integer("k", "k", 2, 1, MAX_K, "Model", "number of fitted regressions"),
            ParamSpec.bool("intercept", "intercept", true, "Model",
                    "fit an intercept β_j0 in each regression (x̃ = (1, x)); the usual choice for real data"),
            ParamSpec.bool("common_sigma", "common σ", false, "Model",
                    "one noise level σ shared by all regressions (σ² = Σ_ij w_ij r_ij² / N) instead of one σ_j each"),
            ParamSpec.choice("init", "initialisation", "random", INITS, "Initialisation",
                    "random: each regression starts as the exact fit through p random data points; given: the "
                            + "coefficients in init_beta. σ starts at the residual SD of one least-squares line, π at 1/k"),
            ParamSpec.vector("init_beta", "given β", new double[] {0, 1, 0, -1}, -1e12, 1e12, MAX_K * (MAX_COVARIATES + 1),
                    "Initialisation", "initial coefficients for init = given: k·p numbers, row-major (β_1 first; "
                            + "the intercept first in each when intercept = true)"),
            ParamSpec.seed(1));

    /**
     * Heap a run plans to use (for {@link SizeGuard}): generated data (x, n × d, and y), the engine's
     * design matrix (n × (d + 1)) and copy of y, two responsibility buffers (n × k each) and the history
     * budget. With user data the table's size decides instead.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long n = p.getInt("n");
        long d = p.getInt("d");
        long k = p.getInt("k");
        return 8L * n * d + 8L * n + 8L * n * (d + 1) + 8L * n + 16L * n * k + History.MEMORY_BUDGET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Mixture of linear regressions (EM)";
    }

    @Override
    public String claim() {
        return "Exact EM for k regression lines alternates soft assignments with weighted least squares and "
                + "never decreases the log-likelihood.";
    }

    @Override
    public String citation() {
        return "De Veaux (1989); MODELS.md §6.2";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public boolean acceptsUserData() {
        return true;
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        java.util.Map<String, String> out = UserDataSupport.unusedByData(p,
                List.of("k_true", "d", "n", "sigma", "spread"), List.of("x_columns", "y_column"));
        if (!p.getString("init").equals("given")) {
            out.put("init_beta", "used only with initialisation = given");
        }
        return out;
    }

    @Override
    public void validate(ParamValues p) {
        validate(p, true);
    }

    /** The rules; {@code source}: also check that the {@code data} parameter names something loadable. */
    private void validate(ParamValues p, boolean source) {
        List<FieldError> errors = new ArrayList<>();
        if (source) {
            UserDataSupport.checkSource(p, errors);
        }
        if (DataSources.isGenerated(p.getString("data"))) {
            int k = p.getInt("k");
            int d = p.getInt("d");
            int n = p.getInt("n");
            int pp = d + (p.getBool("intercept") ? 1 : 0);
            if (n < pp + 1) {
                errors.add(new FieldError("n", "n must be at least p + 1 = " + (pp + 1) + " (got " + n + ")"));
            }
            if ((long) n * k > MAX_RESPONSIBILITIES) {
                errors.add(new FieldError("n", "n·k = " + (long) n * k + " is too large; at most " + MAX_RESPONSIBILITIES));
            }
            if (p.getString("init").equals("given") && p.getVector("init_beta").length != k * pp) {
                errors.add(new FieldError("init_beta", "init_beta has " + p.getVector("init_beta").length
                        + " entries; init = given needs k·p = " + k * pp));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** A generated sample with its true coefficients (row-major k_true × (d + 1), intercept first). */
    record Truth(double[] beta, int kTrue, Dataset data) {
    }

    /** The generated truth: k_true equally weighted lines with coefficients from N(0, spread²), x ~ N(0, I_d). */
    static Truth generate(ParamValues p) {
        int kt = p.getInt("k_true");
        int d = p.getInt("d");
        int n = p.getInt("n");
        double sigma = p.getDouble("sigma");
        double spread = p.getDouble("spread");
        RandomGenerator rng = Rng.stream(p.getLong("seed"), Rng.DATA);
        double[] beta = new double[kt * (d + 1)];
        for (int i = 0; i < beta.length; i++) {
            beta[i] = spread * rng.nextGaussian();
        }
        double[] w = new double[kt];
        Arrays.fill(w, 1.0 / kt);
        double[] x = Gaussians.standardNormal(rng, n, d);
        double[] y = new double[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            int j = Gaussians.categorical(rng, w);
            label[i] = j;
            double v = beta[j * (d + 1)];
            for (int c = 0; c < d; c++) {
                v += beta[j * (d + 1) + 1 + c] * x[i * d + c];
            }
            y[i] = v + sigma * rng.nextGaussian();
        }
        return new Truth(beta, kt, new Dataset(n, d, x, y, null, label, null, "y"));
    }

    /** The covariates and the response picked from {@code table}, checked. */
    static Dataset select(Dataset table, ParamValues p) {
        String ySpec = p.getString("y_column").strip();
        int yc = ySpec.equalsIgnoreCase("last") ? table.d() - 1 : Columns.one(table.xNames(), ySpec, "y_column");
        int[] xs;
        String xSpec = p.getString("x_columns");
        if (Columns.isAll(xSpec)) {
            xs = new int[table.d() - 1];
            int w = 0;
            for (int c = 0; c < table.d(); c++) {
                if (c != yc) {
                    xs[w++] = c;
                }
            }
            if (xs.length == 0) {
                throw new ValidationException("x_columns", "the data have a single column; a regression needs at least two "
                        + "(one x, one y)");
            }
        } else {
            xs = Columns.resolve(table.xNames(), xSpec, "x_columns");
            for (int c : xs) {
                if (c == yc) {
                    throw new ValidationException("x_columns", "column " + (c + 1) + " (\"" + table.xNames().get(c)
                            + "\") is the response y_column; it cannot also be a covariate");
                }
            }
        }
        Columns.check(table, xs, MAX_COVARIATES, "x_columns", ID);
        Columns.check(table, new int[] {yc}, 1, "y_column", ID);
        double[] y = new double[table.n()];
        for (int i = 0; i < table.n(); i++) {
            y[i] = table.x(i, yc);
        }
        return new Dataset(table.n(), xs.length, Columns.gather(table, xs), y, null, null, Columns.names(table, xs),
                table.xNames().get(yc));
    }

    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p, userData == null);
        Dataset table = UserDataSupport.table(p, userData);
        Truth truth = null;
        Dataset data;
        if (table == null) {
            truth = generate(p);
            data = truth.data();
        } else {
            data = select(table, p);
        }
        int k = p.getInt("k");
        int n = data.n();
        int d = data.d();
        boolean intercept = p.getBool("intercept");
        int pp = d + (intercept ? 1 : 0);
        if (n < pp + 1) {
            throw new ValidationException("x_columns", "the data have " + n + " rows; " + pp + " coefficients need at least "
                    + (pp + 1));
        }
        if ((long) n * k > MAX_RESPONSIBILITIES) {
            throw new ValidationException("k", "n·k = " + (long) n * k + " is too large; at most " + MAX_RESPONSIBILITIES);
        }
        double[] y = data.y();
        double floor = FLOOR_FRACTION * variance(y);
        double[] beta0 = initialBeta(p, data, k, intercept);
        double s0 = olsResidualSd(data, intercept);
        double[] sigma0 = new double[k];
        double[] pi0 = new double[k];
        Arrays.fill(sigma0, Math.max(s0, Math.sqrt(floor)));
        Arrays.fill(pi0, 1.0 / k);
        MixtureRegressionEm engine = new MixtureRegressionEm(data.x(), y, d, intercept, p.getBool("common_sigma"), floor,
                pi0, beta0, sigma0);
        return new Run(this, p, data, engine, truth, table != null);
    }

    static double variance(double[] v) {
        double m = 0;
        for (double a : v) {
            m += a;
        }
        m /= v.length;
        double s = 0;
        for (double a : v) {
            s += (a - m) * (a - m);
        }
        return s / v.length;
    }

    /** The residual standard deviation of one least-squares fit to all the data. */
    static double olsResidualSd(Dataset data, boolean intercept) {
        int n = data.n();
        int d = data.d();
        int p = d + (intercept ? 1 : 0);
        double[] a = new double[p * p];
        double[] b = new double[p];
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            design(data, i, intercept, row);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a[r * p + c] += row[r] * row[c];
                }
                b[r] += row[r] * data.y()[i];
            }
        }
        double[] l = new double[p * p];
        if (!Cholesky.decompose(a, 0, p, l, 0)) {
            return Math.sqrt(variance(data.y()));
        }
        Cholesky.solve(l, 0, p, b, 0);
        double s = 0;
        for (int i = 0; i < n; i++) {
            design(data, i, intercept, row);
            double r = data.y()[i];
            for (int c = 0; c < p; c++) {
                r -= row[c] * b[c];
            }
            s += r * r;
        }
        return Math.sqrt(s / n);
    }

    private static void design(Dataset data, int i, boolean intercept, double[] row) {
        int o = 0;
        if (intercept) {
            row[o++] = 1;
        }
        for (int c = 0; c < data.d(); c++) {
            row[o++] = data.x(i, c);
        }
    }

    /** The initial coefficients (row-major k × p). */
    static double[] initialBeta(ParamValues p, Dataset data, int k, boolean intercept) {
        int d = data.d();
        int pp = d + (intercept ? 1 : 0);
        if (p.getString("init").equals("given")) {
            double[] b = p.getVector("init_beta");
            if (b.length != k * pp) {
                throw new ValidationException("init_beta", "init_beta has " + b.length + " entries; init = given needs k·p = "
                        + k + "·" + pp + " = " + k * pp + (intercept ? " (intercept first in each row)" : ""));
            }
            return b;
        }
        RandomGenerator rng = Rng.stream(p.getLong("seed"), Rng.INIT);
        int n = data.n();
        double[] beta = new double[k * pp];
        double[] a = new double[pp * pp];
        double[] l = new double[pp * pp];
        double[] b = new double[pp];
        double[] row = new double[pp];
        for (int j = 0; j < k; j++) {
            boolean ok = false;
            for (int attempt = 0; attempt < INIT_ATTEMPTS && !ok; attempt++) {
                int[] idx = GmmLab.distinctRows(rng, n, pp);
                Arrays.fill(a, 0);
                Arrays.fill(b, 0);
                for (int i : idx) {
                    design(data, i, intercept, row);
                    for (int r = 0; r < pp; r++) {
                        for (int c = 0; c < pp; c++) {
                            a[r * pp + c] += row[r] * row[c];
                        }
                        b[r] += row[r] * data.y()[i];
                    }
                }
                double scale = 0;
                for (int r = 0; r < pp; r++) {
                    scale = Math.max(scale, a[r * pp + r]);
                }
                if (Cholesky.decompose(a, 0, pp, l, 0) && minPivot(l, pp) > 1e-10 * Math.sqrt(scale)) {
                    Cholesky.solve(l, 0, pp, b, 0);
                    System.arraycopy(b, 0, beta, j * pp, pp);
                    ok = true;
                }
            }
            if (!ok) {
                throw new ValidationException("x_columns", "no " + pp + " data rows give a non-singular design for the random "
                        + "initialisation; are some covariates collinear?");
            }
        }
        return beta;
    }

    private static double minPivot(double[] l, int p) {
        double m = Double.POSITIVE_INFINITY;
        for (int r = 0; r < p; r++) {
            m = Math.min(m, l[r * p + r]);
        }
        return m;
    }

    // ---- the run and its views ----------------------------------------------------------------

    private static final class Run extends BaseRun<MlrLab, MixtureRegressionEm> {
        private final Truth truth;
        private final boolean user;
        private final int k;
        private final int d;
        private final int p;
        private final double[] xRange;
        private final double[] yRange;

        Run(MlrLab lab, ParamValues params, Dataset data, MixtureRegressionEm engine, Truth truth, boolean user) {
            super(lab, params, data, engine);
            this.truth = truth;
            this.user = user;
            this.k = engine.components();
            this.d = data.d();
            this.p = engine.coefficientCount();
            this.xRange = d == 1 ? UserDataSupport.range(data.x(), data.n(), 1, 0) : null;
            this.yRange = UserDataSupport.range(data.y(), data.n(), 1, 0);
        }

        @Override
        public Figure figure(History h, int cursor, Map<String, String> view) {
            int row = Math.max(0, Math.min(cursor, h.size() - 1));
            List<Panel> panels = new ArrayList<>();
            panels.add(d == 1 ? lines(h, row) : predicted(h, row));
            panels.add(CurvePanels.metric(h, row, "loglik", "loglik", "log-likelihood ℓ (total)", "ℓ", false, Ink.line(0),
                    null, List.of("exact EM: ℓ never decreases", "ℓ/n = " + CurvePanels.num(h.row(row)[0] / data.n()))));
            panels.add(weights(h, row));
            panels.add(sigmas(h, row));
            return new Figure(lab.title(), panels);
        }

        private double[] shownResponsibilities(History h, int row) {
            return row == h.size() - 1 ? engine.shownResponsibilities() : engine.responsibilities();
        }

        private int stride() {
            return Math.max(1, (data.n() + MAX_SHOWN_POINTS - 1) / MAX_SHOWN_POINTS);
        }

        /** d = 1: the data coloured by responsibility and each component's line with its ±2σ band. */
        private Panel lines(History h, int row) {
            double[] r = h.row(row);
            int betaBase = h.column(engine.intercept() ? "beta_1_0" : "beta_1_1");
            int sigmaBase = h.column("sigma_1");
            List<Layer> layers = new ArrayList<>();
            int step = stride();
            int m = (data.n() + step - 1) / step;
            double[] px = new double[m];
            double[] py = new double[m];
            double[] resp = shownResponsibilities(h, row);
            double[] shownResp = resp == null ? null : new double[m * k];
            for (int s = 0; s < m; s++) {
                int i = s * step;
                px[s] = data.x(i, 0);
                py[s] = data.y()[i];
                if (resp != null) {
                    System.arraycopy(resp, i * k, shownResp, s * k, k);
                }
            }
            layers.add(UserDataSupport.colouredPoints("data", px, py, shownResp, k, m > 1000 ? 4 : 6));
            double x0 = xRange[0];
            double x1 = xRange[1];
            if (truth != null) {
                for (int j = 0; j < truth.kTrue(); j++) {
                    double b0 = truth.beta()[j * 2];
                    double b1 = truth.beta()[j * 2 + 1];
                    layers.add(new Layer.Line(j == 0 ? "true lines" : null,
                            Ink.dotted(Ink.FOREGROUND).withWidth(1.5).withOpacity(0.7), new double[] {x0, x1},
                            new double[] {b0 + b1 * x0, b0 + b1 * x1}));
                }
            }
            for (int j = 0; j < k; j++) {
                double b0 = engine.intercept() ? r[betaBase + j * p] : 0;
                double b1 = r[betaBase + j * p + (engine.intercept() ? 1 : 0)];
                double s = r[sigmaBase + j];
                double[] xs = {x0, x1};
                Ink ink = Ink.component(j).withMarker(Ink.Marker.NONE, 0);
                layers.add(new Layer.Band(null, ink.withOpacity(0.6), xs, new double[] {b0 + b1 * x0 - 2 * s,
                        b0 + b1 * x1 - 2 * s}, new double[] {b0 + b1 * x0 + 2 * s, b0 + b1 * x1 + 2 * s}));
                layers.add(new Layer.Line(String.format(Locale.ROOT, "y = %s %s %s·x  (π = %s, σ = %s)",
                        CurvePanels.num(b0, 3), b1 < 0 ? "−" : "+", CurvePanels.num(Math.abs(b1), 3),
                        CurvePanels.num(r[h.column("pi_1") + j], 2), CurvePanels.num(s, 2)),
                        ink.withDash(Ink.Dash.SOLID).withWidth(2.5), xs, new double[] {b0 + b1 * x0, b0 + b1 * x1}));
            }
            List<String> notes = new ArrayList<>();
            notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6) + "   bands: ±2σ_j");
            if (step > 1) {
                notes.add("showing every " + step + "th of " + data.n() + " points");
            }
            return new Panel("geometry", user ? "Data and the fitted regressions" : "Sample, true and fitted lines",
                    Panel.Kind.GEOMETRY, Axis.fixed(UserDataSupport.label(data.xNames(), 0), x0, x1),
                    Axis.fixed(data.yName() == null ? "y" : data.yName(), yRange[0], yRange[1]), false, layers, notes);
        }

        /** d &gt; 1: each point's prediction by its most responsible component against the observed y. */
        private Panel predicted(History h, int row) {
            double[] r = h.row(row);
            int betaBase = h.column(engine.intercept() ? "beta_1_0" : "beta_1_1");
            double[] resp = shownResponsibilities(h, row);
            int step = stride();
            int m = (data.n() + step - 1) / step;
            double[] px = new double[m];
            double[] py = new double[m];
            double[] shownResp = resp == null ? null : new double[m * k];
            double lo = yRange[0];
            double hi = yRange[1];
            for (int s = 0; s < m; s++) {
                int i = s * step;
                int best = 0;
                if (resp != null) {
                    for (int j = 1; j < k; j++) {
                        if (resp[i * k + j] > resp[i * k + best]) {
                            best = j;
                        }
                    }
                    System.arraycopy(resp, i * k, shownResp, s * k, k);
                }
                double v = engine.intercept() ? r[betaBase + best * p] : 0;
                for (int c = 0; c < d; c++) {
                    v += r[betaBase + best * p + (engine.intercept() ? 1 : 0) + c] * data.x(i, c);
                }
                px[s] = v;
                py[s] = data.y()[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            List<Layer> layers = new ArrayList<>();
            layers.add(new Layer.Line("y = ŷ", Ink.dashed(Ink.FOREGROUND).withOpacity(0.7), new double[] {lo, hi},
                    new double[] {lo, hi}));
            layers.add(UserDataSupport.colouredPoints("data", px, py, shownResp, k, m > 1000 ? 4 : 6));
            List<String> notes = new ArrayList<>();
            notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6));
            notes.add("ŷ: prediction of each point's most responsible regression (d = " + d + " covariates)");
            return new Panel("geometry", "Predicted against observed", Panel.Kind.GEOMETRY, Axis.fixed("predicted ŷ", lo, hi),
                    Axis.fixed("observed " + (data.yName() == null ? "y" : data.yName()), lo, hi), true, layers, notes);
        }

        private Panel weights(History h, int row) {
            List<Layer> layers = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                layers.add(CurvePanels.line("π" + (j + 1), Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                        CurvePanels.series(h, "pi_" + (j + 1)), false));
            }
            layers.add(CurvePanels.cursor(h, row));
            return new Panel("weights", "Weights π_j", Panel.Kind.CURVE, Axis.iterations(), Axis.linear("π"), false, layers,
                    List.of());
        }

        private Panel sigmas(History h, int row) {
            List<Layer> layers = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                layers.add(CurvePanels.line("σ" + (j + 1), Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                        CurvePanels.series(h, "sigma_" + (j + 1)), false));
            }
            layers.add(CurvePanels.cursor(h, row));
            return new Panel("sigmas", "Noise levels σ_j", Panel.Kind.CURVE, Axis.iterations(), Axis.linear("σ"), false, layers,
                    List.of("variance floor ε = " + CurvePanels.num(engine.floor(), 2)));
        }
    }
}
