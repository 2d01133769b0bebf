package org.emlab.core.labs.mlr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Columns;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.MixtureRegressionEm;
import org.emlab.core.em.Restarts;
import org.emlab.core.numeric.Cholesky;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.param.Extremes;
import org.emlab.core.lab.UserDataSpec;
import org.emlab.core.lab.UserDataSupport;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.Lab;

/**
 * Lab {@code mlr} (docs/labs/mlr.md): textbook exact EM for a mixture of k linear regressions, each
 * with its own coefficients β_j and noise σ_j (or a common σ), on a sample from a truth the user
 * sets or on the user's own data ({@code --data FILE --set x_columns=... --set y_column=...}).
 *
 * <p>The variance floor ({@code variance_floor}, auto = {@link #FLOOR_FRACTION} × var(y)) is a constraint
 * of the M-step, not a ridge. Starts: random exact fits through p points, or every parameter given;
 * {@code restarts} seeded random starts compete by the rule of {@link Restarts}.
 */
public final class MlrLab implements Lab {
    public static final String ID = "mlr";
    /** {@code variance_floor = auto}: ε is this fraction of the variance of y. */
    public static final double FLOOR_FRACTION = 1e-6;
    /** Default number of seeded starts ({@code restarts}). */
    public static final int DEFAULT_RESTARTS = 5;
    /** Most seeded starts. */
    public static final int MAX_RESTARTS = 20;
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
    /** The parameters of a given start. */
    private static final List<String> GIVEN = List.of("init_beta", "init_weights", "init_sigma");

    private static final List<ParamSpec> PARAMS = List.of(
            UserDataSupport.dataParam("Example: tonedata with x_columns stretchratio and y_column tuned."),
            ParamSpec.text("x_columns", "x columns", "auto", "Data",
                    "the covariate columns, by name or 1-based index (e.g. stretchratio or 1); auto = every column but y")
                    .withRole(new ParamRole.Columns(ParamRole.Pick.COVARIATES)),
            ParamSpec.text("y_column", "y column", "last", "Data",
                    "the response column, by name or 1-based index; last = the last column")
                    .withRole(new ParamRole.Columns(ParamRole.Pick.RESPONSE)),
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
            ParamSpec.real("variance_floor", "variance floor ε", Double.NaN, 0.0, 1e12, "Model",
                    "every σ_j² is kept ≥ ε, and only a variance that would fall below ε is raised (a constraint, not a "
                            + "ridge: where it does not bind the fit is the exact MLE); auto = 1e-6 × var(y); 0 = no floor "
                            + "(a line through its points exactly then stops the run)").withAuto(),
            ParamSpec.choice("init", "initialisation", "random", INITS, "Initialisation",
                    "random: each regression starts as the exact fit through p random data points, σ at the residual SD "
                            + "of one least-squares line, π at 1/k; given: every parameter from init_beta, init_weights and "
                            + "init_sigma"),
            ParamSpec.integer("restarts", "restarts", DEFAULT_RESTARTS, 1, MAX_RESTARTS, "Initialisation",
                    "seeded random starts: each runs up to 200 EM iterations and the one with the highest ℓ whose floor "
                            + "does not bind is kept; the run shows EM from that start"),
            ParamSpec.vector("init_beta", "given β", new double[] {0, 1, 0, -1}, -1e12, 1e12, MAX_K * (MAX_COVARIATES + 1),
                    "Initialisation", "initial coefficients for init = given: k·p numbers, row-major (β_1 first; "
                            + "the intercept first in each when intercept = true)"),
            ParamSpec.probabilities("init_weights", "given weights", new double[] {0.5, 0.5}, MAX_K, "k",
                    ParamRole.Fill.UNIFORM, "Initialisation", "initial weights π_j for init = given: k numbers summing to 1"),
            ParamSpec.vector("init_sigma", "given σ", new double[] {0}, 0.0, 1e12, MAX_K, "Initialisation",
                    "initial noise levels for init = given: k values σ_j > 0 (one with common_sigma); the single number 0 "
                            + "starts every σ_j at the residual SD of one least-squares line"),
            ParamSpec.seed(1));

    private static final UserDataSpec USER_DATA = UserDataSpec.of(UserDataSpec.Shape.REGRESSION,
            "mixture of regressions (" + ID + ")", PARAMS, "k");

    /**
     * Heap a run plans to use (for {@link SizeGuard}): generated data (x, n × d, and y), the engine's
     * design matrix (n × (d + 1)) and copy of y, two responsibility buffers (n × k each), the per-chunk
     * partial sums of the fused sweep ({@link ChunkedSums#partialsBytes}: per component the packed
     * normal equations, p(p+1)/2 + p + 2 doubles with p = d + 1, for every chunk of rows: 0.8 GB at
     * n = 10⁶, d = 200, k = 16) and the history budget. With user data the table's size decides instead.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long n = p.getInt("n");
        long d = p.getInt("d");
        long k = p.getInt("k");
        long q = d + 1;
        long partials = ChunkedSums.partialsBytes(n, 1 + k * (q * (q + 1) / 2 + q + 2)) + ChunkedSums.partialsBytes(n, k);
        // the restarts' engines come and go one at a time: one more design matrix, set of responsibilities and sums
        return 8L * n * d + 8L * n + 16L * n * (d + 1) + 16L * n + 32L * n * k + 2 * partials + History.MEMORY_BUDGET;
    }

    /** A benchmark times the EM step, so its start is a single one. */
    @Override
    public ParamValues benchParams(ParamValues base, int n, int d, int k) {
        ParamValues p = Lab.super.benchParams(base, n, d, k);
        return p == null ? null : p.with("restarts", "1");
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
        return "De Veaux (1989); docs/labs/mlr.md";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    /** A table becomes k regressions of the {@code y_column} on the {@code x_columns}. */
    @Override
    public Optional<UserDataSpec> userData() {
        return Optional.of(USER_DATA);
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        java.util.Map<String, String> out = UserDataSupport.unusedByData(p,
                List.of("k_true", "d", "n", "sigma", "spread"), List.of("x_columns", "y_column"));
        if (!p.getString("init").equals("given")) {
            for (String g : GIVEN) {
                out.put(g, "used only with initialisation = given");
            }
        } else {
            out.put("restarts", "a given start is a single start");
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
        boolean given = p.getString("init").equals("given");
        // init_weights is a probability vector of length k only where it is used (init = given)
        Roles.validate(given ? p : Roles.repair(p), errors);
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
            if (given) {
                givenSizes(p, k, d, errors);
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
        double given = p.getDouble("variance_floor");
        double floor = Double.isNaN(given) ? FLOOR_FRACTION * variance(y) : given;
        if (!Double.isFinite(floor)) {
            throw new ValidationException("data", "the response's variance is beyond double precision (|y| up to "
                    + org.emlab.core.text.Numbers.plain(maxAbs(y)) + "): rescale the y column, for example in other units");
        }
        boolean common = p.getBool("common_sigma");
        double s0 = Math.max(olsResidualSd(data, intercept), Math.sqrt(floor));
        if (!(s0 > 0)) {
            throw new ValidationException("variance_floor", "one least-squares line fits the data exactly (residual SD 0); "
                    + "set variance_floor above 0");
        }
        String note = "";
        double[] pi0;
        double[] beta0;
        double[] sigma0;
        if (p.getString("init").equals("given")) {
            List<FieldError> errors = new ArrayList<>();
            givenSizes(p, k, d, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            beta0 = p.getVector("init_beta");
            pi0 = org.emlab.core.param.ProbabilityVectors.normalised(p.getVector("init_weights"));
            sigma0 = givenSigma(p, k, s0, common);
        } else {
            int count = p.getInt("restarts");
            long seed = p.getLong("seed");
            double[][] starts = new double[count + 1][];
            for (int r = 1; r <= count; r++) {
                starts[r] = randomBeta(data, k, intercept, Restarts.stream(seed, r));
            }
            pi0 = new double[k];
            sigma0 = new double[k];
            Arrays.fill(sigma0, s0);
            Arrays.fill(pi0, 1.0 / k);
            int won = 1;
            if (count > 1) {
                double[] pi1 = pi0;
                double[] sigma1 = sigma0;
                double cost = (double) n * k * (pp * pp + Restarts.EXP_COST);
                Restarts.Result result = Restarts.best(count, Restarts.shortIterations(cost, count), r -> {
                    MixtureRegressionEm e = new MixtureRegressionEm(data.x(), y, d, intercept, common, floor, pi1,
                            starts[r], sigma1);
                    return new Restarts.Candidate() {
                        @Override
                        public org.emlab.core.em.StepEngine engine() {
                            return e;
                        }

                        @Override
                        public double logLikelihood() {
                            return e.logLikelihood();
                        }

                        @Override
                        public boolean floorBinds() {
                            for (double sj : e.sigmas()) {
                                if (floor > 0 && sj * sj <= floor * (1 + org.emlab.core.em.GaussianMixtureEm.AT_FLOOR_TOLERANCE)) {
                                    return true;
                                }
                            }
                            return false;
                        }
                    };
                });
                won = result.winner();
                note = result.event();
            }
            beta0 = starts[won];
        }
        MixtureRegressionEm engine = new MixtureRegressionEm(data.x(), y, d, intercept, common, floor, pi0, beta0, sigma0);
        if (!note.isEmpty()) {
            engine.note(note);
        }
        return new MlrRun(this, p, data, engine, truth, table != null, note);
    }

    /**
     * Adds an error for every given-start vector whose length does not fit k regressions on d covariates
     * (those actually fitted: generated, or picked from the user's table).
     */
    static void givenSizes(ParamValues p, int k, int d, List<FieldError> errors) {
        boolean intercept = p.getBool("intercept");
        int pp = d + (intercept ? 1 : 0);
        int beta = p.getVector("init_beta").length;
        if (beta != k * pp) {
            errors.add(new FieldError("init_beta", "init_beta has " + beta + " entries; init = given needs k·p = " + k + "·"
                    + pp + " = " + k * pp + (intercept ? " (intercept first in each row)" : "")));
        }
        double[] sigma = p.getVector("init_sigma");
        boolean common = p.getBool("common_sigma");
        if (!isOlsSigma(sigma)) {
            int need = common ? 1 : k;
            if (sigma.length != need) {
                errors.add(new FieldError("init_sigma", "init_sigma has " + sigma.length + " entries; init = given needs "
                        + (common ? "1 (common_sigma = true)" : "k = " + k) + " (or the single number 0 for the residual SD "
                        + "of one least-squares line)"));
            } else {
                for (double v : sigma) {
                    if (!(v > 0)) {
                        errors.add(new FieldError("init_sigma", "init_sigma entries must be > 0 (got " + v + ")"));
                        break;
                    }
                }
            }
        }
    }

    /** The single number 0: every σ_j starts at the residual SD of one least-squares line. */
    static boolean isOlsSigma(double[] v) {
        return v.length == 1 && v[0] == 0;
    }

    private static double[] givenSigma(ParamValues p, int k, double ols, boolean common) {
        double[] v = p.getVector("init_sigma");
        double[] out = new double[k];
        Arrays.fill(out, isOlsSigma(v) ? ols : v[0]);
        if (!isOlsSigma(v) && !common) {
            System.arraycopy(v, 0, out, 0, k);
        }
        return out;
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

    /**
     * The {@code random} start's coefficients (row-major k × p): each line the exact least-squares fit
     * through p distinct random rows (up to {@link #INIT_ATTEMPTS} draws per line).
     */
    static double[] randomBeta(Dataset data, int k, boolean intercept, RandomGenerator rng) {
        int d = data.d();
        int pp = d + (intercept ? 1 : 0);
        int n = data.n();
        double[] beta = new double[k * pp];
        double[] a = new double[pp * pp];
        double[] l = new double[pp * pp];
        double[] b = new double[pp];
        double[] row = new double[pp];
        for (int j = 0; j < k; j++) {
            boolean ok = false;
            for (int attempt = 0; attempt < INIT_ATTEMPTS && !ok; attempt++) {
                int[] idx = Rng.distinctIndices(rng, n, pp);
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

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
