package org.emlab.core.labs.gmm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Columns;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.GaussianMixtureEm;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.emlab.core.em.KMeans;
import org.emlab.core.em.Restarts;
import org.emlab.core.model.UnitGaussianMixture;
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
 * Lab {@code gmm} (docs/labs/gmm.md): textbook exact EM for a Gaussian mixture with k components and
 * full, diagonal or spherical covariances, on a sample from a truth the user sets or on the user's
 * own data ({@code --data FILE --set columns=...}). The log-likelihood never decreases; BIC and AIC
 * compare k and covariance structures; 1σ and 2σ ellipses show each component.
 *
 * <p>The covariance floor ({@code covariance_floor}, auto = {@link #FLOOR_FRACTION} × the mean
 * variance) is a constraint of the M-step, not a ridge. Starts: greedy k-means++ and Lloyd with each
 * cluster's weight and covariance, random data rows, or every parameter given; {@code restarts} seeded
 * starts compete by the rule of {@link Restarts} and the winner is named in an event and the notes.
 */
public final class GmmLab implements Lab {
    public static final String ID = "gmm";
    /** {@code covariance_floor = auto}: ε is this fraction of the data's mean per-coordinate variance. */
    public static final double FLOOR_FRACTION = 1e-6;
    /** Default number of seeded starts ({@code restarts}). */
    public static final int DEFAULT_RESTARTS = 5;
    /** Most seeded starts. */
    public static final int MAX_RESTARTS = 20;
    /** Most Lloyd iterations of the k-means++ start (it stops earlier when no label changes). */
    public static final int LLOYD_ITERATIONS = 300;
    /** Lloyd's work budget per start in multiply-adds: at most this / (n·k·d) iterations (but at least 1). */
    public static final double LLOYD_WORK = 1e8;
    /** Most columns a fit may use. */
    public static final int MAX_DIMENSION = Extremes.MAX_DIMENSION;
    /** Largest n·k (responsibilities are kept, twice). */
    public static final long MAX_RESPONSIBILITIES = 20_000_000L;
    /** Most components. */
    public static final int MAX_K = 20;

    private static final List<String> COVARIANCES = List.of("full", "diag", "spherical");
    private static final List<String> INITS = List.of("kmeans++", "random", "given");
    /** The parameters of a given start. */
    private static final List<String> GIVEN = List.of("init_means", "init_weights", "init_covariances");

    private static final List<ParamSpec> PARAMS = List.of(
            UserDataSupport.dataParam("Example: faithful with columns eruptions,waiting."),
            ParamSpec.text("columns", "columns", Columns.ALL, "Data",
                    "the columns of the data set to fit, by name or 1-based index (e.g. eruptions,waiting or 1,2); all = every column")
                    .withRole(new ParamRole.Columns(ParamRole.Pick.FEATURES)),
            ParamSpec.integer("k_true", "k (true)", 3, 1, Extremes.MAX_COMPONENTS, "Truth",
                    "generated data: number of true components, centred on a regular polygon (equal weights)"),
            ParamSpec.integer("d", "d", 2, 1, MAX_DIMENSION, "Truth", "generated data: dimension"),
            ParamSpec.integer("n", "n", 500, 2, 2_000_000, "Truth", "generated data: sample size"),
            ParamSpec.positive("separation", "separation", 6.0, 100.0, "Truth",
                    "generated data: distance between adjacent true centres, in units of the smallest standard deviation"),
            ParamSpec.real("anisotropy", "anisotropy", 2.5, 1.0, 20.0, "Truth",
                    "generated data: ratio of the largest to the smallest standard deviation of each true component "
                            + "(randomly oriented); 1 = spherical truth"),
            ParamSpec.integer("k", "k", 3, 1, MAX_K, "Model", "number of fitted components"),
            ParamSpec.choice("covariance", "covariance", "full", COVARIANCES, "Model",
                    "full: any Σ_j; diag: axis-aligned Σ_j; spherical: Σ_j = s_j² I. Free parameters "
                            + "(k−1) + kd + {k d(d+1)/2, kd, k}: BIC and AIC charge for them"),
            ParamSpec.real("covariance_floor", "covariance floor ε", Double.NaN, 0.0, 1e12, "Model",
                    "every covariance eigenvalue is kept ≥ ε, and only eigenvalues that would fall below ε are raised (a "
                            + "constraint, not a ridge: where it does not bind the fit is the exact MLE); auto = 1e-6 × the "
                            + "data's mean per-coordinate variance; 0 = no floor (a collapsing component then stops the run)")
                    .withAuto(),
            ParamSpec.choice("init", "initialisation", "kmeans++", INITS, "Initialisation",
                    "kmeans++: k-means++ seeds and Lloyd's algorithm, then each component gets its cluster's weight, mean "
                            + "and covariance; random: k distinct data points as means, the data covariance, weights 1/k; "
                            + "given: every parameter from init_means, init_weights and init_covariances"),
            ParamSpec.integer("restarts", "restarts", DEFAULT_RESTARTS, 1, MAX_RESTARTS, "Initialisation",
                    "seeded starts (kmeans++ or random): each runs up to 200 EM iterations and the one with the highest ℓ "
                            + "whose floor does not bind is kept; the run shows EM from that start"),
            ParamSpec.vector("init_means", "given means", new double[] {0, 0}, -1e12, 1e12, MAX_K * MAX_DIMENSION,
                    "Initialisation", "initial means for init = given: k·d numbers, row-major (μ_1 first)"),
            ParamSpec.probabilities("init_weights", "given weights", new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, MAX_K, "k",
                    ParamRole.Fill.UNIFORM, "Initialisation", "initial weights π_j for init = given: k numbers summing to 1"),
            ParamSpec.vector("init_covariances", "given covariances", new double[] {0}, -1e12, 1e12,
                    MAX_K * MAX_DIMENSION * MAX_DIMENSION, "Initialisation",
                    "initial covariances for init = given: full: k·d·d numbers (each Σ_j row-major, Σ_1 first); diag: k·d "
                            + "diagonals; spherical: k variances. The single number 0 starts every Σ_j at the data covariance"),
            ParamSpec.seed(1));

    private static final UserDataSpec USER_DATA = UserDataSpec.of(UserDataSpec.Shape.MIXTURE, "Gaussian mixture (" + ID + ")",
            PARAMS, "k");

    /**
     * Heap a run plans to use (for {@link SizeGuard}): generated data (n × d, drawn then kept), two
     * responsibility buffers (n × k each), the spherical sweep's per-point norms, and the per-chunk
     * partial sums ({@link ChunkedSums#partialsBytes}) of the fused sweep and of the two-pass M-step it
     * falls back to (k·d² doubles per chunk of rows: 1.6 GB at n = 10⁶, d = 200, k = 20), plus the
     * history budget. With user data the table's size decides instead.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long n = p.getInt("n");
        long d = p.getInt("d");
        long k = p.getInt("k");
        // the fused sweep's sums: N_j, the first moments, then per component the trace (spherical), the
        // diagonal (diag) or the lower triangle (full) of the scatter, and ℓ
        long scatter = switch (Covariance.of(p.getString("covariance"))) {
            case SPHERICAL -> 1;
            case DIAG -> d;
            case FULL -> d * (d + 1) / 2;
        };
        long fused = k + k * d + k * scatter + 1;
        long partials = ChunkedSums.partialsBytes(n, fused) + ChunkedSums.partialsBytes(n, k + k * d)
                + ChunkedSums.partialsBytes(n, k * d * d);
        // the restarts' engines come and go one at a time: one more set of responsibility buffers and sums
        return 16L * n * d + 32L * n * k + 8L * n + 2 * partials + 64L * k * d * d + History.MEMORY_BUDGET;
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
        return "Gaussian mixture (EM)";
    }

    @Override
    public String claim() {
        return "Exact EM never decreases the log-likelihood; it stops at a fixed point of the E and M equations, "
                + "which BIC and AIC let you compare across k and covariance structures.";
    }

    @Override
    public String citation() {
        return "Dempster, Laird & Rubin (1977); docs/labs/gmm.md";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    /** A table becomes a Gaussian mixture over the picked {@code columns}, with k components. */
    @Override
    public Optional<UserDataSpec> userData() {
        return Optional.of(USER_DATA);
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        java.util.Map<String, String> out = UserDataSupport.unusedByData(p,
                List.of("k_true", "d", "n", "separation", "anisotropy"), List.of("columns"));
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
        // init_weights is a probability vector of length k only where it is used (init = given); otherwise a
        // length left over from another k is no error
        Roles.validate(given ? p : Roles.repair(p), errors);
        if (source) {
            UserDataSupport.checkSource(p, errors);
        }
        boolean generated = org.emlab.core.data.DataSources.isGenerated(p.getString("data"));
        if (generated) {
            int d = p.getInt("d");
            int k = p.getInt("k");
            int n = p.getInt("n");
            if (p.getInt("k_true") > 2 && d < 2) {
                errors.add(new FieldError("k_true", "k_true = " + p.getInt("k_true") + " centres on a polygon need d ≥ 2 (got d = 1)"));
            }
            if (n < k) {
                errors.add(new FieldError("n", "n must be at least k = " + k + " (got " + n + ")"));
            }
            if ((long) n * k > MAX_RESPONSIBILITIES) {
                errors.add(new FieldError("n", "n·k = " + (long) n * k + " is too large; at most " + MAX_RESPONSIBILITIES));
            }
            if (given) {
                givenSizes(p, k, d, errors);
            }
            if (p.getDouble("covariance_floor") == 0 && n <= d) {
                errors.add(new FieldError("covariance_floor", "covariance_floor = 0 needs n > d (" + n + " points in d = " + d
                        + " dimensions have a singular covariance)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** A generated sample with its truth. */
    record Truth(UnitGaussianMixture centres, double[] cov, Dataset data) {
    }

    /**
     * The generated truth: k_true equally weighted components centred on a regular polygon whose
     * adjacent centres are {@code separation} apart (on a line when d = 1), each with covariance
     * {@code Q diag(a², 1, ..., 1) Qᵀ} for a random rotation Q and {@code a = anisotropy}; then n draws.
     */
    static Truth generate(ParamValues p) {
        int kt = p.getInt("k_true");
        int d = p.getInt("d");
        int n = p.getInt("n");
        double[] w = new double[kt];
        Arrays.fill(w, 1.0 / kt);
        double sep = p.getDouble("separation");
        UnitGaussianMixture centres = d >= 2 ? UnitGaussianMixture.polygon(d, w, sep) : UnitGaussianMixture.line(d, w, sep);
        RandomGenerator rng = Rng.stream(p.getLong("seed"), Rng.DATA);
        double a = p.getDouble("anisotropy");
        double[] cov = new double[kt * d * d];
        double[] factor = new double[kt * d * d]; // Q diag(a, 1, ...): x = μ + factor · z
        for (int j = 0; j < kt; j++) {
            double[] q = randomRotation(rng, d);
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    factor[j * d * d + r * d + c] = q[r * d + c] * (c == 0 ? a : 1.0);
                }
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int m = 0; m < d; m++) {
                        s += factor[j * d * d + r * d + m] * factor[j * d * d + c * d + m];
                    }
                    cov[j * d * d + r * d + c] = s;
                }
            }
        }
        double[] x = new double[n * d];
        int[] label = new int[n];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            int j = Gaussians.categorical(rng, w);
            label[i] = j;
            for (int c = 0; c < d; c++) {
                z[c] = rng.nextGaussian();
            }
            for (int r = 0; r < d; r++) {
                double s = centres.mean(j, r);
                for (int c = 0; c < d; c++) {
                    s += factor[j * d * d + r * d + c] * z[c];
                }
                x[i * d + r] = s;
            }
        }
        return new Truth(centres, cov, new Dataset(n, d, x, null, null, label, null, null));
    }

    /** A random orthogonal matrix (Gram–Schmidt on Gaussian columns), row-major d × d. */
    static double[] randomRotation(RandomGenerator rng, int d) {
        double[] q = new double[d * d];
        for (int c = 0; c < d; c++) {
            double norm;
            do {
                for (int r = 0; r < d; r++) {
                    q[r * d + c] = rng.nextGaussian();
                }
                for (int b = 0; b < c; b++) {
                    double dot = 0;
                    for (int r = 0; r < d; r++) {
                        dot += q[r * d + c] * q[r * d + b];
                    }
                    for (int r = 0; r < d; r++) {
                        q[r * d + c] -= dot * q[r * d + b];
                    }
                }
                norm = 0;
                for (int r = 0; r < d; r++) {
                    norm += q[r * d + c] * q[r * d + c];
                }
            } while (norm < 1e-12);
            norm = Math.sqrt(norm);
            for (int r = 0; r < d; r++) {
                q[r * d + c] /= norm;
            }
        }
        return q;
    }

    /** The columns of {@code table} picked by the {@code columns} parameter, checked. */
    static Dataset select(Dataset table, ParamValues p) {
        String spec = p.getString("columns");
        int[] picked;
        if (Columns.isAll(spec)) {
            picked = new int[table.d()];
            for (int c = 0; c < picked.length; c++) {
                picked[c] = c;
            }
        } else {
            picked = Columns.resolve(table.xNames(), spec, "columns");
        }
        Columns.check(table, picked, MAX_DIMENSION, "columns", ID);
        return new Dataset(table.n(), picked.length, Columns.gather(table, picked), null, null, null,
                Columns.names(table, picked), null);
    }

    /** The mean per-coordinate variance of the data (for the covariance floor). */
    static double meanVariance(Dataset data) {
        int n = data.n();
        int d = data.d();
        double total = 0;
        for (int c = 0; c < d; c++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += data.x(i, c);
            }
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double u = data.x(i, c) - m;
                v += u * u;
            }
            total += v / n;
        }
        return total / d;
    }

    /**
     * Adds an error for every given-start vector whose length does not fit k components in d dimensions
     * (the dimension of the columns actually fitted: generated, or picked from the user's table).
     */
    static void givenSizes(ParamValues p, int k, int d, List<FieldError> errors) {
        int means = p.getVector("init_means").length;
        if (means != k * d) {
            errors.add(new FieldError("init_means", "init_means has " + means + " entries; init = given needs k·d = " + k
                    + "·" + d + " = " + k * d + " (row-major: μ_1 first)"));
        }
        double[] cov = p.getVector("init_covariances");
        Covariance type = Covariance.of(p.getString("covariance"));
        int need = covarianceEntries(type, k, d);
        if (!isDataCovariance(cov) && cov.length == need) {
            String bad = covarianceProblem(cov, type, k, d);
            if (bad != null) {
                errors.add(new FieldError("init_covariances", "init_covariances: " + bad));
            }
        }
        if (!isDataCovariance(cov) && cov.length != need) {
            errors.add(new FieldError("init_covariances", "init_covariances has " + cov.length + " entries; init = given with "
                    + type.text() + " covariances needs " + switch (type) {
                        case FULL -> "k·d·d = " + k + "·" + d + "·" + d;
                        case DIAG -> "k·d = " + k + "·" + d;
                        case SPHERICAL -> "k";
                    } + " = " + need + " (or the single number 0 for the data covariance)"));
        }
    }

    /**
     * What is wrong with given covariances of the right length, or null: each Σ_j must be symmetric (to
     * 1e-12 relative) and positive definite (diag and spherical: every variance above 0).
     */
    static String covarianceProblem(double[] given, Covariance type, int k, int d) {
        double[] block = new double[d * d];
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    block[r * d + c] = switch (type) {
                        case FULL -> given[j * d * d + r * d + c];
                        case DIAG -> r == c ? given[j * d + r] : 0;
                        case SPHERICAL -> r == c ? given[j] : 0;
                    };
                }
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < r; c++) {
                    double a = block[r * d + c];
                    double b = block[c * d + r];
                    if (Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b))) {
                        return "Σ_" + (j + 1) + " is not symmetric (entry " + (r + 1) + "," + (c + 1) + " is " + a + ", entry "
                                + (c + 1) + "," + (r + 1) + " is " + b + ")";
                    }
                }
            }
            if (!org.emlab.core.numeric.Cholesky.decompose(block, 0, d, new double[d * d], 0)) {
                return "Σ_" + (j + 1) + " is not positive definite";
            }
        }
        return null;
    }

    /** Entries of a given covariance vector: k·d·d (full), k·d (diag), k (spherical). */
    static int covarianceEntries(Covariance type, int k, int d) {
        return switch (type) {
            case FULL -> k * d * d;
            case DIAG -> k * d;
            case SPHERICAL -> k;
        };
    }

    /** The single number 0: every Σ_j starts at the data covariance. */
    static boolean isDataCovariance(double[] v) {
        return v.length == 1 && v[0] == 0;
    }

    /** The covariance floor ε: {@code covariance_floor}, or with auto {@link #FLOOR_FRACTION} × the mean variance. */
    static double floor(ParamValues p, Dataset data) {
        double given = p.getDouble("covariance_floor");
        double floor = Double.isNaN(given) ? FLOOR_FRACTION * meanVariance(data) : given;
        if (!Double.isFinite(floor)) {
            throw new ValidationException("data", "the data's variance is beyond double precision (values of size "
                    + "1e154 and more): rescale the columns, for example in other units");
        }
        return floor;
    }

    /**
     * The data covariance with the structure of {@code type} and the floor rule (eigenvalues below ε raised
     * to ε), for the initial Σ_j.
     */
    static double[] dataCovariance(Dataset data, Covariance type, double floor) {
        int n = data.n();
        int d = data.d();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return clusterCovariance(data, all, n, type, floor);
    }

    /**
     * The maximum-likelihood covariance of the rows {@code idx[0..m)} (about their mean, divided by m), with
     * the structure of {@code type}, and the floor rule: eigenvalues below ε raised to ε (diag: each
     * variance; spherical: the mean variance). Not necessarily positive definite when ε = 0.
     */
    static double[] clusterCovariance(Dataset data, int[] idx, int m, Covariance type, double floor) {
        int d = data.d();
        double[] mean = new double[d];
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < d; c++) {
                mean[c] += data.x(idx[a], c);
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= m;
        }
        double[] s = new double[d * d];
        double[] u = new double[d];
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < d; c++) {
                u[c] = data.x(idx[a], c) - mean[c];
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c <= r; c++) {
                    s[r * d + c] += u[r] * u[c];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c <= r; c++) {
                s[r * d + c] /= m;
                s[c * d + r] = s[r * d + c];
            }
        }
        return structured(s, d, type, floor);
    }

    /** {@code s} with the structure of {@code type} and the floor rule (see {@link #clusterCovariance}). */
    static double[] structured(double[] s, int d, Covariance type, double floor) {
        double tr = 0;
        for (int r = 0; r < d; r++) {
            tr += s[r * d + r];
        }
        double[] out = s.clone();
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                if (type != Covariance.FULL && r != c) {
                    out[r * d + c] = 0;
                }
            }
            if (type == Covariance.SPHERICAL) {
                out[r * d + r] = Math.max(tr / d, floor);
            } else if (type == Covariance.DIAG) {
                out[r * d + r] = Math.max(out[r * d + r], floor);
            }
        }
        if (type == Covariance.FULL && floor > 0) {
            GaussianMixtureEm.raiseToFloor(out, d, floor);
        }
        return out;
    }

    /** A start: weights, means (k × d) and covariances (k d × d blocks). */
    record Start(double[] pi, double[] mu, double[] cov) {
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
        if (n < k) {
            throw new ValidationException("k", "k = " + k + " components need at least k data rows (the data have " + n + ")");
        }
        if ((long) n * k > MAX_RESPONSIBILITIES) {
            throw new ValidationException("k", "n·k = " + (long) n * k + " is too large; at most " + MAX_RESPONSIBILITIES);
        }
        Covariance type = Covariance.of(p.getString("covariance"));
        double floor = floor(p, data);
        double[] cov1 = dataCovariance(data, type, floor);
        if (!positiveDefinite(cov1, d)) {
            throw new ValidationException("covariance_floor", "the data covariance of the fitted columns is singular (a "
                    + "constant or collinear column, or fewer rows than columns); set covariance_floor above 0");
        }
        String init = p.getString("init");
        String note = "";
        Start start;
        if (init.equals("given")) {
            start = given(p, data, k, type, cov1);
        } else {
            int count = p.getInt("restarts");
            long seed = p.getLong("seed");
            Start[] starts = new Start[count + 1];
            for (int r = 1; r <= count; r++) {
                RandomGenerator rng = Restarts.stream(seed, r);
                starts[r] = init.equals("random") ? randomStart(data, k, cov1, rng)
                        : kmeansStart(data, k, type, floor, cov1, rng, lloydIterations(n, k, d));
            }
            int won = 1;
            if (count > 1) {
                double cost = (double) n * k * ((type == Covariance.FULL ? d * (double) d : d) + Restarts.EXP_COST);
                Restarts.Result result = Restarts.best(count, Restarts.shortIterations(cost, count), r -> {
                    GaussianMixtureEm e = new GaussianMixtureEm(data, type, floor, starts[r].pi(), starts[r].mu(),
                            starts[r].cov());
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
                            return !e.floorBinding().isEmpty();
                        }
                    };
                });
                won = result.winner();
                note = result.event();
            }
            start = starts[won];
        }
        GaussianMixtureEm engine = new GaussianMixtureEm(data, type, floor, start.pi(), start.mu(), start.cov());
        if (!note.isEmpty()) {
            engine.note(note);
        }
        return new GmmRun(this, p, data, engine, truth, table != null, note);
    }

    private static boolean positiveDefinite(double[] block, int d) {
        return org.emlab.core.numeric.Cholesky.decompose(block, 0, d, new double[d * d], 0);
    }

    /** Lloyd iterations of a k-means++ start: {@code min(300, max(1, ⌊10⁸ / (n·k·d)⌋))}. */
    static int lloydIterations(long n, int k, int d) {
        double budget = Math.floor(LLOYD_WORK / ((double) n * k * d));
        return (int) Math.max(1, Math.min(LLOYD_ITERATIONS, budget));
    }

    /** The given start: every parameter from {@code init_means}, {@code init_weights}, {@code init_covariances}. */
    static Start given(ParamValues p, Dataset data, int k, Covariance type, double[] dataCov) {
        int d = data.d();
        List<FieldError> errors = new ArrayList<>();
        givenSizes(p, k, d, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        double[] mu = p.getVector("init_means");
        double[] pi = org.emlab.core.param.ProbabilityVectors.normalised(p.getVector("init_weights"));
        double[] given = p.getVector("init_covariances");
        double[] cov = new double[k * d * d];
        for (int j = 0; j < k; j++) {
            int o = j * d * d;
            if (isDataCovariance(given)) {
                System.arraycopy(dataCov, 0, cov, o, d * d);
                continue;
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    cov[o + r * d + c] = switch (type) {
                        case FULL -> given[o + r * d + c];
                        case DIAG -> r == c ? given[j * d + r] : 0;
                        case SPHERICAL -> r == c ? given[j] : 0;
                    };
                }
            }
            double half = 0; // symmetric to 1e-12 relative (checked): make it exactly so
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < r; c++) {
                    half = 0.5 * (cov[o + r * d + c] + cov[o + c * d + r]);
                    cov[o + r * d + c] = half;
                    cov[o + c * d + r] = half;
                }
            }
        }
        return new Start(pi, mu, cov);
    }

    /** {@code random}: k distinct data rows as the means, every Σ_j the data covariance, π_j = 1/k. */
    static Start randomStart(Dataset data, int k, double[] dataCov, RandomGenerator rng) {
        int n = data.n();
        int d = data.d();
        double[] mu = new double[k * d];
        int[] idx = Rng.distinctIndices(rng, n, k);
        for (int j = 0; j < k; j++) {
            System.arraycopy(data.x(), idx[j] * d, mu, j * d, d);
        }
        double[] pi = new double[k];
        double[] cov = new double[k * d * d];
        for (int j = 0; j < k; j++) {
            pi[j] = 1.0 / k;
            System.arraycopy(dataCov, 0, cov, j * d * d, d * d);
        }
        return new Start(pi, mu, cov);
    }

    /**
     * {@code kmeans++}: greedy k-means++ seeds ({@link KMeans#greedyPlusPlus}, as scikit-learn), then Lloyd's algorithm ({@code lloyd} iterations at most, see
     * {@link #lloydIterations}); each
     * component gets its cluster's share of the points as weight, its mean, and its maximum-likelihood
     * covariance with the floor rule (sklearn's {@code init_params='kmeans'}: one M-step from the hard
     * labels, but without its ridge {@code reg_covar}). A cluster whose covariance is still singular (ε = 0
     * and at most d points) gets the data covariance; an empty cluster keeps its centre, the data
     * covariance and the weight of one point (the weights are then renormalised).
     */
    static Start kmeansStart(Dataset data, int k, Covariance type, double floor, double[] dataCov, RandomGenerator rng,
                             int lloyd) {
        int n = data.n();
        int d = data.d();
        double[] centres = KMeans.greedyPlusPlus(data.x(), n, d, k, rng);
        int[] label = KMeans.lloyd(data.x(), n, d, k, centres, lloyd);
        int[][] members = new int[k][];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[label[i]]++;
        }
        for (int j = 0; j < k; j++) {
            members[j] = new int[count[j]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < n; i++) {
            members[label[i]][fill[label[i]]++] = i;
        }
        double[] pi = new double[k];
        double[] mu = new double[k * d];
        double[] cov = new double[k * d * d];
        double total = 0;
        for (int j = 0; j < k; j++) {
            int m = count[j];
            pi[j] = Math.max(m, 1);
            total += pi[j];
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int a = 0; a < m; a++) {
                    s += data.x(members[j][a], c);
                }
                mu[j * d + c] = m > 0 ? s / m : centres[j * d + c];
            }
            double[] block = m > 0 ? clusterCovariance(data, members[j], m, type, floor) : null;
            if (block == null || !positiveDefinite(block, d)) {
                block = dataCov;
            }
            System.arraycopy(block, 0, cov, j * d * d, d * d);
        }
        for (int j = 0; j < k; j++) {
            pi[j] /= total;
        }
        return new Start(pi, mu, cov);
    }

    @Override
    public List<ViewOption> viewOptions(ParamValues p) {
        boolean generated = org.emlab.core.data.DataSources.isGenerated(p.getString("data"));
        int d = generated ? p.getInt("d") : 0;
        if (!generated) {
            String spec = p.getString("columns");
            d = Columns.isAll(spec) ? 0 : Columns.tokens(spec, List.of()).size();
        }
        if (d <= 2 && d != 0) {
            return List.of();
        }
        int top = d == 0 ? 4 : Math.min(d, 6);
        List<String> choices = new ArrayList<>();
        for (int a = 1; a <= top; a++) {
            for (int b = a + 1; b <= top; b++) {
                choices.add("x" + a + "–x" + b);
            }
        }
        return d == 0 ? List.of() : List.of(new ViewOption("projection", "projection", choices, choices.get(0)));
    }
}
