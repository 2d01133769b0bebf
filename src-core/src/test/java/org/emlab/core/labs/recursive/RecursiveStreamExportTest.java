package org.emlab.core.labs.recursive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.cli.EmlabCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./emlab run mlr-recursive --iterations 200 --out t.csv --data-out d.csv} writes the sample
 * stream the recursion consumed (docs/labs/mlr-recursive.md, "Data file"), and the trajectory can be
 * replayed from that file alone: this test re-implements the recursion of docs/labs/mlr-recursive.md
 * ("Sample EM update": weighted recursive least squares for θ, the EM-scalar recursion for q, the
 * projection onto [1, max(q_max, sqrt(log(n + e)))], the online Bayes and oracle labels) on the rows
 * of d.csv, without the app's engine, and matches every column of t.csv to 1e-12.
 */
class RecursiveStreamExportTest {
    @TempDir
    Path dir;

    private static int run(String... args) {
        return EmlabCli.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private static List<double[]> rows(Path csv, List<String> header) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        header.addAll(List.of(lines.get(0).split(",")));
        List<double[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = Double.parseDouble(f[i]);
            }
            out.add(v);
        }
        return out;
    }

    @Test
    void theStreamReplaysTheTrajectory() throws IOException {
        Path t = dir.resolve("t.csv");
        Path d = dir.resolve("d.csv");
        assertEquals(0, run("run", "mlr-recursive", "--iterations", "200", "--out", t.toString(), "--data-out", d.toString()));
        List<String> th = new ArrayList<>();
        List<String> dh = new ArrayList<>();
        List<double[]> traj = rows(t, th);
        List<double[]> data = rows(d, dh);
        assertEquals(List.of("x_1", "x_2", "y", "label"), dh);
        assertEquals(201, traj.size()); // iter = 0..200
        assertEquals(200, data.size()); // one sample per iteration (batch = 1)

        // the lab's defaults (docs/labs/mlr-recursive.md): d = 2, p = 0.6, σ = 1, β* = (2, −1), δ = 0, q_max = 20
        double p = 0.6;
        double sigma2 = 1;
        double[] betaStar = {2, -1};
        double[] thetaStar = {(2 * p - 1) * betaStar[0], (2 * p - 1) * betaStar[1]};
        double[] dagger = betaStar; // sign(2p − 1) = +1
        double qStar = 1 / Math.abs(2 * p - 1);
        double[] theta = {0.01, 0.01};
        double[][] pm = {{1, 0}, {0, 1}};
        double q = 1;
        double r = 1;
        double[][] gram = new double[2][2];
        long right = 0;
        long oracleRight = 0;
        for (int k = 1; k <= 200; k++) {
            double[] row = data.get(k - 1);
            double[] phi = {row[0], row[1]};
            double y = row[2];
            int z = (int) row[3];
            assertTrue(z == 1 || z == -1);
            // online labels, scored before the update
            double pHat = Math.min(1 - 1e-9, Math.max(0.5, 0.5 * (1 + 1 / q)));
            double bphi = q * (theta[0] * phi[0] + theta[1] * phi[1]);
            int zHat = 2 * y * bphi / sigma2 + Math.log(pHat / (1 - pHat)) >= 0 ? 1 : -1;
            int zOracle = 2 * y * (betaStar[0] * phi[0] + betaStar[1] * phi[1]) / sigma2 + Math.log(p / (1 - p)) >= 0 ? 1 : -1;
            right += zHat == z ? 1 : 0;
            oracleRight += zOracle == z ? 1 : 0;
            // step 1: recursive least squares (δ = 0)
            double[] pphi = {pm[0][0] * phi[0] + pm[0][1] * phi[1], pm[1][0] * phi[0] + pm[1][1] * phi[1]};
            double a = 1 / (1 + phi[0] * pphi[0] + phi[1] * pphi[1]);
            double u = phi[0] * theta[0] + phi[1] * theta[1];
            theta[0] += a * pphi[0] * (y - u);
            theta[1] += a * pphi[1] * (y - u);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    pm[i][j] -= a * pphi[i] * pphi[j];
                    gram[i][j] += phi[i] * phi[j];
                }
            }
            double off = 0.5 * (pm[0][1] + pm[1][0]);
            pm[0][1] = off;
            pm[1][0] = off;
            // step 2: EM-scalar recursion with the projection bound U_{k+1}
            double s = y * Math.tanh(q * u * y / sigma2);
            r += u * u;
            double bound = Math.max(20, Math.sqrt(Math.log(k + 1 + Math.E)));
            q = Math.min(bound, Math.max(1, q + u * (s - q * u) / r));

            double[] got = traj.get(k);
            assertEquals(k, got[0], 0.0);
            double[] beta = {q * theta[0], q * theta[1]};
            double tr = gram[0][0] + gram[1][1];
            double det = gram[0][0] * gram[1][1] - gram[0][1] * gram[1][0];
            double lambdaMin = 0.5 * tr - Math.sqrt(Math.max(0, 0.25 * tr * tr - det));
            check(th, got, "error", Math.hypot(beta[0] - dagger[0], beta[1] - dagger[1]), k);
            check(th, got, "theta_error", Math.hypot(theta[0] - thetaStar[0], theta[1] - thetaStar[1]), k);
            check(th, got, "q", q, k);
            check(th, got, "q_error", Math.abs(q - qStar), k);
            check(th, got, "q_bound", Math.max(20, Math.sqrt(Math.log(k + 1 + Math.E))), k);
            check(th, got, "lambda_min", lambdaMin, k);
            check(th, got, "accuracy", (double) right / k, k);
            check(th, got, "oracle_accuracy", (double) oracleRight / k, k);
            check(th, got, "theta_1", theta[0], k);
            check(th, got, "theta_2", theta[1], k);
            check(th, got, "beta_1", beta[0], k);
            check(th, got, "beta_2", beta[1], k);
        }
    }

    private static void check(List<String> header, double[] row, String column, double expected, int k) {
        double got = row[header.indexOf(column)];
        assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), column + " at sample " + k);
    }
}
