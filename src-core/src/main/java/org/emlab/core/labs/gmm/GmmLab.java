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
import org.emlab.core.model.UnitGaussianMixture;
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
 * Lab {@code gmm} (MODELS.md §6.1): textbook exact EM for a Gaussian mixture with k components and
 * full, diagonal or spherical covariances, on a sample from a truth the user sets or on the user's
 * own data ({@code --data FILE --set columns=...}). The log-likelihood never decreases; BIC and AIC
 * compare k and covariance structures; 1σ and 2σ ellipses show each component.
 */
public final class GmmLab implements Lab {
    public static final String ID = "gmm";
    /** The covariance floor ε is this fraction of the data's mean per-coordinate variance. */
    public static final double FLOOR_FRACTION = 1e-6;
    /** Most columns a fit may use. */
    public static final int MAX_DIMENSION = Extremes.MAX_DIMENSION;
    /** Largest n·k (responsibilities are kept, twice). */
    public static final long MAX_RESPONSIBILITIES = 20_000_000L;
    /** Most components. */
    public static final int MAX_K = 20;

    private static final List<String> COVARIANCES = List.of("full", "diag", "spherical");
    private static final List<String> INITS = List.of("kmeans++", "random", "given");

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
            ParamSpec.choice("init", "initialisation", "kmeans++", INITS, "Initialisation",
                    "kmeans++: k-means++ seeds (seeded) as the means; random: k distinct data points; given: the means "
                            + "in init_means. Covariances start at the data covariance, weights at 1/k"),
            ParamSpec.vector("init_means", "given means", new double[] {0, 0}, -1e12, 1e12, MAX_K * MAX_DIMENSION,
                    "Initialisation", "initial means for init = given: k·d numbers, row-major (μ_1 first)"),
            ParamSpec.seed(1));

    private static final UserDataSpec USER_DATA = UserDataSpec.of(UserDataSpec.Shape.MIXTURE, "Gaussian mixture (" + ID + ")",
            PARAMS, "k");

    /**
     * Heap a run plans to use (for {@link SizeGuard}): generated data (n × d, drawn then kept), two
     * responsibility buffers (n × k each), the spherical sweep's per-point norms, the M-step's chunk
     * partials (k·d² per chunk) and the history budget. With user data the table's size decides instead.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long n = p.getInt("n");
        long d = p.getInt("d");
        long k = p.getInt("k");
        return 16L * n * d + 16L * n * k + 8L * n + 64L * k * d * d + History.MEMORY_BUDGET;
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
        return "Dempster, Laird & Rubin (1977); MODELS.md §6.1";
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
            out.put("init_means", "used only with initialisation = given");
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
        Roles.validate(p, errors);
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
            if (p.getString("init").equals("given") && p.getVector("init_means").length != k * d) {
                errors.add(new FieldError("init_means", "init_means has " + p.getVector("init_means").length
                        + " entries; init = given needs k·d = " + k * d));
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

    /** The data covariance with the structure of {@code type} (plus the floor), for the initial Σ_j. */
    static double[] dataCovariance(Dataset data, Covariance type, double floor) {
        int n = data.n();
        int d = data.d();
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                m[c] += data.x(i, c) / n;
            }
        }
        double[] s = new double[d * d];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    s[r * d + c] += (data.x(i, r) - m[r]) * (data.x(i, c) - m[c]) / n;
                }
            }
        }
        double tr = 0;
        for (int r = 0; r < d; r++) {
            tr += s[r * d + r];
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                if (type == Covariance.DIAG && r != c) {
                    s[r * d + c] = 0;
                }
                if (type == Covariance.SPHERICAL) {
                    s[r * d + c] = r == c ? tr / d : 0;
                }
            }
            s[r * d + r] += floor;
        }
        return s;
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
        double floor = FLOOR_FRACTION * meanVariance(data);
        double[] mu0 = initialMeans(p, data, k);
        double[] cov1 = dataCovariance(data, type, floor);
        double[] cov0 = new double[k * d * d];
        double[] pi0 = new double[k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(cov1, 0, cov0, j * d * d, d * d);
            pi0[j] = 1.0 / k;
        }
        GaussianMixtureEm engine = new GaussianMixtureEm(data, type, floor, pi0, mu0, cov0);
        return new GmmRun(this, p, data, engine, truth, table != null);
    }

    /** The initial means for the chosen initialisation. */
    static double[] initialMeans(ParamValues p, Dataset data, int k) {
        int n = data.n();
        int d = data.d();
        RandomGenerator rng = Rng.stream(p.getLong("seed"), Rng.INIT);
        switch (p.getString("init")) {
            case "given": {
                double[] m = p.getVector("init_means");
                if (m.length != k * d) {
                    throw new ValidationException("init_means", "init_means has " + m.length + " entries; init = given needs "
                            + "k·d = " + k + "·" + d + " = " + k * d + " (row-major: μ_1 first)");
                }
                return m;
            }
            case "random": {
                double[] m = new double[k * d];
                int[] idx = Rng.distinctIndices(rng, n, k);
                for (int j = 0; j < k; j++) {
                    System.arraycopy(data.x(), idx[j] * d, m, j * d, d);
                }
                return m;
            }
            case "kmeans++":
            default:
                return KMeans.plusPlus(data.x(), n, d, k, rng);
        }
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
