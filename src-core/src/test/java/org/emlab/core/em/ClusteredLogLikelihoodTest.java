package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.clustered.MlrClusteredLab;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The structured log-likelihood column of mlr-clustered against a direct per-node evaluation of
 * the lab documentation's ℓ(θ) = (1/m) Σ_j [Σ_i (−½ log 2πσ² − (y² + <x,θ>²)/2σ²) + log cosh T_j], in both of
 * the engine's forms: the sufficient-statistics one (snr 1) and the cancellation-free one it switches
 * to at high SNR (snr 68), with more than one batch of nodes per chunk. The 5000-configuration fuzz
 * run found the second form missing log(1 + e^{−2|T_j|}) for all but the last batch of 64 nodes, so
 * ℓ seemed to fall by 3e-7.
 */
class ClusteredLogLikelihoodTest {
    @ParameterizedTest
    @CsvSource({"1014, 1, 24, 1, 158185", "1014, 1, 24, 68.74275823907843, 158185", "300, 4, 6, 40, 7"})
    void theLogLikelihoodColumnIsTheDirectSumOverNodes(int m, int n, int d, double snr, long seed) {
        MlrClusteredLab lab = new MlrClusteredLab();
        ParamValues p = lab.defaults().with("m", Integer.toString(m)).with("n", Integer.toString(n))
                .with("d", Integer.toString(d)).with("snr", Double.toString(snr)).with("init_radius", "0.0076")
                .with("seed", Long.toString(seed));
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        List<String> cols = e.columns();
        double[] row = new double[cols.size()];
        for (int t = 0; t <= 3; t++) {
            if (t > 0) {
                e.step();
            }
            e.row(row);
            double[] theta = new double[d];
            for (int c = 0; c < d; c++) {
                theta[c] = row[cols.indexOf("beta_" + (c + 1))];
            }
            double direct = direct(run.data(), theta, 1.0, m);
            assertEquals(direct, row[cols.indexOf("loglik")], 1e-11 * (1 + Math.abs(direct)), "t = " + t);
        }
    }

    /** ℓ(θ) per node, summed sample by sample and node by node (σ known). */
    private static double direct(Dataset data, double[] theta, double sigma, int m) {
        double s2 = sigma * sigma;
        double[] tNode = new double[m];
        double quad = 0;
        for (int i = 0; i < data.n(); i++) {
            double u = 0;
            for (int c = 0; c < data.d(); c++) {
                u += data.x(i, c) * theta[c];
            }
            double y = data.y()[i];
            quad += -0.5 * Math.log(2 * Math.PI * s2) - (y * y + u * u) / (2 * s2);
            tNode[data.node()[i]] += y * u / s2;
        }
        double logCosh = 0;
        for (double t : tNode) {
            double a = Math.abs(t);
            logCosh += a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
        }
        return (quad + logCosh) / m;
    }
}
