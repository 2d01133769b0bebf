package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./emlab run … --set init=given …} from the published starts, against a textbook EM written
 * independently in numpy ({@code src/test/resources/reference/given_start_em.py}: explicit 2 × 2
 * inverses, normalised weighted densities, weighted means, scatters and {@code lstsq}; no floor, no
 * ridge). The values below are that script's output, pasted. docs/labs/gmm.md and docs/labs/mlr.md,
 * "Reference values used by tests".
 *
 * <ul>
 *   <li>Old Faithful, k = 2, full covariances, from means (2, 55) and (4.5, 80), Σ = diag(0.25, 36) for
 *       both, π = ½: every parameter and ℓ (the {@code loglik} column is the total log-likelihood) after
 *       1, 2 and 5 iterations to 1e-10 relative; ℓ after 2000 iterations equal to the MLE
 *       −1130.2639601847 to 1e-9 relative.</li>
 *   <li>Cohen's tone data, k = 2, one σ per line (the variant whose MLE is 141.1984022997; a common σ
 *       ends at 107.26), from β₁ = (1.9, 0), β₂ = (0, 1) (intercept first), σ = 0.1, π = ½: the same
 *       checks.</li>
 * </ul>
 * With the old ridge (Σ + εI, σ² + ε) neither run reached its MLE; the floor (auto) does not bind here.
 */
class GivenStartReferenceTest {
    @TempDir
    Path dir;

    /** faithful: π (2), μ (4), Σ (8), then ℓ at θ_t; t = 1, 2, 5. */
    private static final double[][] FAITHFUL = {
        {0.36507663195269535, 0.6349233680473042, 2.0675587092001777, 54.773237189988777, 4.3044024772961516,
            80.168146945994749, 0.10599896137990263, 0.77603972266843113, 0.77603972266843113, 36.339324305227564,
            0.15664627718321281, 0.74982199641042935, 0.74982199641042935, 33.691948658977928, -1134.6282259642585},
        {0.35813572242032354, 0.64186427757967646, 2.0426908504466157, 54.555670869546816, 4.2940892975416789,
            80.014928417890516, 0.075098761058624189, 0.51020262340607248, 0.51020262340607248, 34.482275184110911,
            0.16492037452898117, 0.88419702738930472, 0.88419702738930472, 35.515040774375159, -1130.4921074424926},
        {0.3558997294483579, 0.6441002705516421, 2.0364538944619963, 54.479175900079426, 4.2897198223435407,
            79.96881419721727, 0.069219671458588705, 0.43571146711740488, 0.43571146711740488, 33.701009352208082,
            0.16989502929479783, 0.93967642791443884, 0.93967642791443884, 36.035720203999595, -1130.26398562132}};

    /** tonedata: π (2), β (4, intercept first), σ (2), then ℓ at θ_t; t = 1, 2, 5. */
    private static final double[][] TONE = {
        {0.55690906347618507, 0.44309093652381504, 1.9054213420400286, 0.04447364239458669, 0.034286475274877014,
            0.97463450510898608, 0.05214816571525744, 0.10863295763466028, 133.52094698177763},
        {0.64205586698983408, 0.35794413301016581, 1.9172651151383233, 0.041680132775514835, 0.0029583525571032802,
            0.98537810636718948, 0.045642796123182436, 0.12159302961681849, 140.35362411012909},
        {0.69110464597252141, 0.30889535402747847, 1.9172537077522043, 0.042216693926786418, -0.01670240315657983,
            0.99144664067634247, 0.045852787741875581, 0.13151414138912967, 141.18545341109851}};

    private static final int[] ITERATIONS = {1, 2, 5};

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** The trajectory rows of a CLI run: header, then one row per iteration. */
    private List<double[]> run(String name, String... args) throws Exception {
        Path out = dir.resolve(name + ".csv");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--out");
        all.add(out.toString());
        Result r = cli(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(out);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] v = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                v[c] = Double.parseDouble(cells[c]);
            }
            rows.add(v);
        }
        return rows;
    }

    private static void close(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void faithfulFromThePublishedStartFollowsTextbookEmToTheMle() throws Exception {
        String[] args = {"run", "gmm", "--data", "faithful", "--set", "k=2", "--set", "covariance=full", "--set",
            "init=given", "--set", "init_means=2,55,4.5,80", "--set", "init_weights=0.5,0.5", "--set",
            "init_covariances=0.25,0,0,36,0.25,0,0,36"};
        List<double[]> rows = run("faithful", concat(args, "--iterations", "5"));
        assertEquals(6, rows.size());
        // columns: iter, loglik, bic, aic, pi_1..2, mu_1_1..mu_2_2, cov_1_1_1..cov_2_2_2
        for (int a = 0; a < ITERATIONS.length; a++) {
            double[] row = rows.get(ITERATIONS[a]);
            double[] ref = FAITHFUL[a];
            assertEquals(ITERATIONS[a], row[0]);
            for (int c = 0; c < 14; c++) {
                close(ref[c], row[4 + c], 1e-10, "t=" + ITERATIONS[a] + " parameter " + c);
            }
            close(ref[14], row[1], 1e-10, "t=" + ITERATIONS[a] + " loglik (total)");
        }
        double[] last = run("faithful-long", concat(args, "--iterations", "2000")).get(2000);
        close(-1130.2639601847, last[1], 1e-9, "ℓ at convergence = the MLE");
    }

    @Test
    void toneDataFromThePublishedStartFollowsTextbookEmToTheMle() throws Exception {
        String[] args = {"run", "mlr", "--data", "tonedata", "--set", "x_columns=stretchratio", "--set", "y_column=tuned",
            "--set", "k=2", "--set", "intercept=true", "--set", "common_sigma=false", "--set", "init=given", "--set",
            "init_beta=1.9,0,0,1", "--set", "init_weights=0.5,0.5", "--set", "init_sigma=0.1,0.1"};
        List<double[]> rows = run("tone", concat(args, "--iterations", "5"));
        // columns: iter, loglik, pi_1..2, beta_1_0, beta_1_1, beta_2_0, beta_2_1, sigma_1..2
        for (int a = 0; a < ITERATIONS.length; a++) {
            double[] row = rows.get(ITERATIONS[a]);
            double[] ref = TONE[a];
            for (int c = 0; c < 8; c++) {
                close(ref[c], row[2 + c], 1e-10, "t=" + ITERATIONS[a] + " parameter " + c);
            }
            close(ref[8], row[1], 1e-10, "t=" + ITERATIONS[a] + " loglik (total)");
        }
        double[] last = run("tone-long", concat(args, "--iterations", "2000")).get(2000);
        close(141.1984022997, last[1], 1e-9, "ℓ at convergence = the MLE");
    }

    @Test
    void givenSizesAreCheckedAgainstTheFileColumnsNotTheGeneratedDimension() {
        // faithful has 2 columns; the generated default d is also 2, so pick one column: d = 1
        Path out = dir.resolve("o.csv");
        Result ok = cli("run", "gmm", "--data", "faithful", "--set", "columns=waiting", "--set", "k=2", "--set", "init=given",
                "--set", "init_means=55,80", "--set", "init_weights=0.5,0.5", "--set", "init_covariances=36,36", "--set",
                "covariance=spherical", "--iterations", "2", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        Result bad = cli("run", "gmm", "--data", "faithful", "--set", "columns=waiting", "--set", "k=2", "--set", "init=given",
                "--set", "init_means=2,55,4.5,80", "--set", "init_weights=0.5,0.5", "--iterations", "2", "--out",
                out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("init_means has 4 entries; init = given needs k·d = 2·1 = 2"), bad.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
