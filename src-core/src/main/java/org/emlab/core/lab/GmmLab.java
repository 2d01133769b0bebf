package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Columns;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.GaussianMixtureEm;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.emlab.core.em.KMeans;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.Rasters;

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
                    "the columns of the data set to fit, by name or 1-based index (e.g. eruptions,waiting or 1,2); all = every column"),
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

    @Override
    public boolean acceptsUserData() {
        return true;
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
        return new Run(this, p, data, engine, truth, table != null);
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
                int[] idx = distinctRows(rng, n, k);
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

    /** k distinct row indices, uniformly at random. */
    static int[] distinctRows(RandomGenerator rng, int n, int k) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return Arrays.copyOf(perm, k);
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

    // ---- the run and its views ----------------------------------------------------------------

    private static final class Run extends BaseRun<GmmLab, GaussianMixtureEm> {
        private final Truth truth;
        private final boolean user;
        private final int k;
        private final int d;
        private final double[][] ranges;

        Run(GmmLab lab, ParamValues params, Dataset data, GaussianMixtureEm engine, Truth truth, boolean user) {
            super(lab, params, data, engine);
            this.truth = truth;
            this.user = user;
            this.k = engine.components();
            this.d = data.d();
            this.ranges = new double[d][];
            for (int c = 0; c < d; c++) {
                ranges[c] = UserDataSupport.range(data.x(), data.n(), d, c);
            }
            if (!user) {
                // a common scale for every axis, so that circles look round
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] r : ranges) {
                    lo = Math.min(lo, r[0]);
                    hi = Math.max(hi, r[1]);
                }
                for (int c = 0; c < d; c++) {
                    ranges[c] = new double[] {lo, hi};
                }
            }
        }

        @Override
        public Figure figure(History h, int cursor, Map<String, String> view) {
            int row = Math.max(0, Math.min(cursor, h.size() - 1));
            List<Panel> panels = new ArrayList<>();
            panels.add(d == 1 ? histogram(h, row) : geometry(h, row, projection(view.getOrDefault("projection", ""))));
            panels.add(CurvePanels.metric(h, row, "loglik", "loglik", "log-likelihood ℓ (total)", "ℓ", false, Ink.line(0),
                    null, List.of("exact EM: ℓ never decreases", "ℓ/n = " + CurvePanels.num(h.row(row)[0] / data.n()))));
            panels.add(criteria(h, row));
            panels.add(weights(h, row));
            return new Figure(lab.title(), panels);
        }

        private int[] projection(String p) {
            int a = 0;
            int b = 1;
            if (p.startsWith("x") && p.contains("–")) {
                String[] parts = p.substring(1).split("–x");
                try {
                    a = Integer.parseInt(parts[0]) - 1;
                    b = Integer.parseInt(parts[1]) - 1;
                } catch (RuntimeException e) {
                    a = 0;
                    b = 1;
                }
            }
            if (a < 0 || b < 0 || a >= d || b >= d || a == b) {
                a = 0;
                b = 1;
            }
            return new int[] {a, b};
        }

        private List<String> stateNotes(History h, int row) {
            double[] r = h.row(row);
            List<String> notes = new ArrayList<>();
            notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6));
            notes.add("BIC = " + CurvePanels.num(r[1], 6) + ",  AIC = " + CurvePanels.num(r[2], 6));
            List<Integer> bound = engine.floorBinding();
            notes.add("covariance floor ε = " + CurvePanels.num(engine.floor(), 2)
                    + (bound.isEmpty() ? " (not binding)" : " binds on component " + join(bound)
                    + ": a collapsing component"));
            return notes;
        }

        private static String join(List<Integer> l) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(l.get(i) + 1);
            }
            return sb.toString();
        }

        private Panel geometry(History h, int row, int[] axes) {
            int ax = axes[0];
            int ay = axes[1];
            double[] r = h.row(row);
            int piBase = h.column("pi_1");
            int muBase = h.column("mu_1_1");
            int covBase = h.column("cov_1_1_1");
            List<Layer> layers = new ArrayList<>();
            int n = data.n();
            if (n <= Rasters.MAX_MARKERS) {
                double[] px = new double[n];
                double[] py = new double[n];
                for (int i = 0; i < n; i++) {
                    px[i] = data.x(i, ax);
                    py[i] = data.x(i, ay);
                }
                boolean live = row == h.size() - 1;
                double[] resp = live ? engine.shownResponsibilities() : null;
                if (!live) {
                    resp = engine.responsibilities();
                }
                layers.add(UserDataSupport.colouredPoints("data", px, py, resp, k, n > 1000 ? 4 : 6));
            } else {
                layers.add(Rasters.density("data density", data.x(), n, d, ax, ay, ranges[ax][0], ranges[ax][1],
                        ranges[ay][0], ranges[ay][1], 170, 170, Ink.MUTED));
            }
            if (truth != null) {
                int kt = truth.centres().m();
                double[] tx = new double[kt];
                double[] ty = new double[kt];
                for (int j = 0; j < kt; j++) {
                    tx[j] = truth.centres().mean(j, ax);
                    ty[j] = truth.centres().mean(j, ay);
                    int o = j * d * d;
                    layers.add(UserDataSupport.ellipse(j == 0 ? "truth (2σ)" : null,
                            Ink.dotted(Ink.FOREGROUND).withWidth(1.2).withOpacity(0.6), tx[j], ty[j],
                            truth.cov()[o + ax * d + ax], truth.cov()[o + ax * d + ay], truth.cov()[o + ay * d + ay], 2, 0));
                }
                layers.add(new Layer.Points(null, Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 14).withWidth(2), tx, ty));
            }
            double[] mx = new double[k];
            double[] my = new double[k];
            double[] sizes = new double[k];
            int[] colors = new int[k];
            for (int j = 0; j < k; j++) {
                mx[j] = r[muBase + j * d + ax];
                my[j] = r[muBase + j * d + ay];
                int o = covBase + j * d * d;
                double sxx = r[o + ax * d + ax];
                double sxy = r[o + ax * d + ay];
                double syy = r[o + ay * d + ay];
                Ink ink = Ink.component(j).withMarker(Ink.Marker.NONE, 0);
                layers.add(UserDataSupport.ellipse(j == 0 ? "1σ and 2σ ellipses" : null, ink.withWidth(2.2), mx[j], my[j],
                        sxx, sxy, syy, 1, 0.10));
                layers.add(UserDataSupport.ellipse(null, ink.withDash(Ink.Dash.DASHED).withWidth(1.5), mx[j], my[j], sxx, sxy,
                        syy, 2, 0));
                sizes[j] = 9 + 18 * Math.sqrt(Math.max(0, r[piBase + j]));
                colors[j] = j;
            }
            layers.add(new Layer.Points("means (size ∝ √π)", Ink.points(0, Ink.Marker.DIAMOND, 12), mx, my, sizes, colors,
                    null));
            List<String> notes = stateNotes(h, row);
            if (d > 2) {
                notes.add("projection on " + UserDataSupport.label(data.xNames(), ax) + "–"
                        + UserDataSupport.label(data.xNames(), ay) + " (ellipses of the marginals)");
            }
            return new Panel("geometry", user ? "Data, responsibilities and components" : "Sample, truth and fit",
                    Panel.Kind.GEOMETRY, Axis.fixed(UserDataSupport.label(data.xNames(), ax), ranges[ax][0], ranges[ax][1]),
                    Axis.fixed(UserDataSupport.label(data.xNames(), ay), ranges[ay][0], ranges[ay][1]), !user, layers, notes);
        }

        /** d = 1: a histogram of the data with the fitted mixture and its weighted components. */
        private Panel histogram(History h, int row) {
            double[] r = h.row(row);
            int piBase = h.column("pi_1");
            int muBase = h.column("mu_1_1");
            int covBase = h.column("cov_1_1_1");
            int n = data.n();
            double lo = ranges[0][0];
            double hi = ranges[0][1];
            int bins = (int) Math.max(10, Math.min(80, Math.round(2 * Math.cbrt(n))));
            double width = (hi - lo) / bins;
            double[] bx = new double[bins];
            double[] bh = new double[bins];
            for (int b = 0; b < bins; b++) {
                bx[b] = lo + (b + 0.5) * width;
            }
            for (int i = 0; i < n; i++) {
                int b = (int) Math.floor((data.x(i, 0) - lo) / width);
                if (b >= 0 && b < bins) {
                    bh[b] += 1.0 / (n * width);
                }
            }
            List<Layer> layers = new ArrayList<>();
            layers.add(new Layer.Bars("data (histogram)", Ink.line(Ink.MUTED).withOpacity(0.5), bx, bh, width * 0.95, null));
            int g = 400;
            double[] gx = new double[g];
            double[] mix = new double[g];
            double[][] comp = new double[k][g];
            for (int s = 0; s < g; s++) {
                double x = lo + (hi - lo) * s / (g - 1.0);
                gx[s] = x;
                for (int j = 0; j < k; j++) {
                    double v = r[covBase + j];
                    double u = x - r[muBase + j];
                    double f = r[piBase + j] * Math.exp(-0.5 * u * u / v) / Math.sqrt(2 * Math.PI * v);
                    comp[j][s] = f;
                    mix[s] += f;
                }
            }
            double top = 0;
            for (double v : bh) {
                top = Math.max(top, v);
            }
            for (double v : mix) {
                top = Math.max(top, v);
            }
            for (int j = 0; j < k; j++) {
                layers.add(new Layer.Line(j == 0 ? "π_j N(μ_j, σ_j²)" : null, Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                        gx, comp[j]));
            }
            layers.add(new Layer.Line("mixture", Ink.line(Ink.FOREGROUND).withWidth(2.5), gx, mix));
            double[] px = new double[n];
            double[] py = new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = data.x(i, 0);
                py[i] = -0.04 * top;
            }
            double[] resp = row == h.size() - 1 ? engine.shownResponsibilities() : engine.responsibilities();
            if (n <= Rasters.MAX_MARKERS) {
                layers.add(UserDataSupport.colouredPoints("data", px, py, resp, k, 5));
            }
            return new Panel("geometry", "Data and the fitted density", Panel.Kind.GEOMETRY,
                    Axis.fixed(UserDataSupport.label(data.xNames(), 0), lo, hi), Axis.fixed("density", -0.08 * top, 1.15 * top),
                    false, layers, stateNotes(h, row));
        }

        private Panel criteria(History h, int row) {
            List<Layer> layers = new ArrayList<>();
            layers.add(CurvePanels.line("BIC", Ink.line(1), CurvePanels.series(h, "bic"), false));
            layers.add(CurvePanels.line("AIC", Ink.dashed(2).withWidth(2), CurvePanels.series(h, "aic"), false));
            layers.add(CurvePanels.cursor(h, row));
            int p = GaussianMixtureEm.freeParameters(k, d, engine.covarianceType());
            return new Panel("criteria", "BIC and AIC (lower is better)", Panel.Kind.CURVE, Axis.iterations(),
                    Axis.linear("criterion"), false, layers,
                    List.of("p = " + p + " free parameters: BIC = −2ℓ + p log n, AIC = −2ℓ + 2p"));
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
    }
}
