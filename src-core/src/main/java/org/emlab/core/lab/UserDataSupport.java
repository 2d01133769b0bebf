package org.emlab.core.lab;

import java.util.List;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;

/**
 * What the labs that run on the user's own data ({@code gmm}, {@code mlr}) share: the {@code data}
 * parameter, resolving the table to fit (given, loaded by name or path, or none), data ranges, and
 * points coloured by their responsibilities.
 */
public final class UserDataSupport {
    /** Fraction of the data range added on each side of a plot. */
    public static final double PAD = 0.08;

    private UserDataSupport() {
    }

    /** The {@code data} parameter (role {@link ParamRole.DataSource}). */
    public static ParamSpec dataParam(String example) {
        return ParamSpec.text("data", "data", DataSources.GENERATED, "Data",
                "generated: draw a sample from the truth below; or a shipped data set (faithful, tonedata), or the path of "
                        + "a CSV file (File → Open data… sets it). " + example).withRole(new ParamRole.DataSource());
    }

    /**
     * What the {@code data} parameter leaves unused: the truth's parameters when the data come from
     * a file or a shipped data set, the column parameters when they are generated.
     */
    public static java.util.Map<String, String> unusedByData(ParamValues p, List<String> truth, List<String> columns) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        String spec = p.getString("data");
        if (DataSources.isGenerated(spec)) {
            for (String c : columns) {
                out.put(c, "not used: the data are generated from the truth (columns pick from a data file)");
            }
        } else {
            for (String t : truth) {
                out.put(t, "not used: the data come from " + spec.strip() + ", not from a generated truth");
            }
        }
        return out;
    }

    /**
     * The full table to fit: {@code userData} when given, else the data set named by the {@code data}
     * parameter, else null (generate from the truth).
     */
    public static Dataset table(ParamValues p, Dataset userData) {
        if (userData != null) {
            return userData;
        }
        String spec = p.getString("data");
        if (DataSources.isGenerated(spec)) {
            return null;
        }
        return DataSources.load(spec).toDataset();
    }

    /**
     * Adds an error on {@code data} when it names neither generated data, a shipped data set nor an
     * existing file (cheap: no file is read here; problems inside the file are reported at start).
     */
    public static void checkSource(ParamValues p, List<org.emlab.core.param.FieldError> errors) {
        String spec = p.getString("data").strip();
        if (DataSources.isGenerated(spec) || DataSources.shippedName(spec) != null || "-".equals(spec)) {
            return; // "-": standard input, read by the CLI with the size guards
        }
        java.nio.file.Path path;
        try {
            path = java.nio.file.Path.of(spec);
        } catch (java.nio.file.InvalidPathException e) {
            errors.add(new org.emlab.core.param.FieldError("data", "data is not a valid file path (got "
                    + org.emlab.core.text.Snippet.quoted(spec) + ")"));
            return;
        }
        org.emlab.core.io.FileKind kind = org.emlab.core.io.FileKind.of(path);
        if (kind == org.emlab.core.io.FileKind.MISSING && !java.nio.file.Files.isSymbolicLink(path)) {
            errors.add(new org.emlab.core.param.FieldError("data", "data must be generated, a shipped data set ("
                    + String.join(", ", DataSources.SHIPPED) + ") or an existing CSV file (no such file: "
                    + org.emlab.core.io.IoReasons.show(spec) + ")"));
        } else if (kind != org.emlab.core.io.FileKind.REGULAR) {
            try {
                org.emlab.core.io.InputFiles.requireRegular(path, "data", "the data file");
            } catch (org.emlab.core.param.ValidationException e) {
                errors.add(new org.emlab.core.param.FieldError("data", e.getMessage()));
            }
        }
    }

    /** {lo, hi} of coordinate {@code c} of {@code x} (row-major, stride d), padded by {@link #PAD}. */
    public static double[] range(double[] x, int n, int d, int c) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = x[i * d + c];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double pad = PAD * (hi - lo);
        if (!(pad > 0)) {
            pad = Math.max(1e-9, Math.abs(lo) * 0.1 + 0.5);
        }
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Points coloured by their most responsible component (palette index j), with an opacity that
     * grows with the responsibility (faint where the assignment is uncertain). {@code resp} may be
     * null (before the first E-step): then every point is drawn muted.
     */
    public static Layer.Points colouredPoints(String name, double[] px, double[] py, double[] resp, int k, double size) {
        int n = px.length;
        int[] colors = resp == null ? null : new int[n];
        double[] alphas = resp == null ? null : new double[n];
        if (resp != null) {
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (resp[i * k + j] > resp[i * k + best]) {
                        best = j;
                    }
                }
                colors[i] = best;
                double conf = k == 1 ? 1 : (resp[i * k + best] - 1.0 / k) / (1.0 - 1.0 / k);
                alphas[i] = 0.3 + 0.65 * Math.max(0, Math.min(1, conf));
            }
        }
        return new Layer.Points(resp == null ? name : name + " (colour: most responsible component)",
                Ink.points(Ink.MUTED, Ink.Marker.CIRCLE, size).withOpacity(0.75), px, py, null, colors, alphas);
    }

    /**
     * The ellipse {@code {x : (x − c)ᵀ S⁻¹ (x − c) = r²}} of the 2 × 2 covariance
     * {@code [[sxx, sxy], [sxy, syy]]}: semi-axes {@code r √λ} along the eigenvectors.
     */
    public static Layer.Ellipse ellipse(String name, Ink ink, double cx, double cy, double sxx, double sxy, double syy, double r,
                                 double fill) {
        double mean = 0.5 * (sxx + syy);
        double rad = Math.hypot(0.5 * (sxx - syy), sxy);
        double l1 = Math.max(0, mean + rad);
        double l2 = Math.max(0, mean - rad);
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        return new Layer.Ellipse(name, ink, cx, cy, r * Math.sqrt(l1), r * Math.sqrt(l2), angle, fill);
    }

    /** Axis label of column c. */
    public static String label(List<String> names, int c) {
        return c < names.size() ? names.get(c) : "x" + (c + 1);
    }
}
