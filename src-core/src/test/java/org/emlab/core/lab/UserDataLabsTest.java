package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.CsvReader;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.Java2DCanvas;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.labs.overparam.GmmOverparamLab;

/**
 * The labs gmm-overparam, gmm and mlr as a user meets them: catalogue columns, parameter rules with
 * messages that name the field, user data picked by column, and figures that build and paint.
 */
class UserDataLabsTest {

    private static Dataset table(String csv) {
        return CsvReader.parse(csv, "u.csv", CsvReader.Header.AUTO).toDataset();
    }

    @Test
    void componentsAcceptNumbersAndMultiplesOfM() {
        assertEquals(12, GmmOverparamLab.components("auto", 3));
        assertEquals(3, GmmOverparamLab.components("m", 3));
        assertEquals(20, GmmOverparamLab.components("4m", 5));
        assertEquals(7, GmmOverparamLab.components("2 m log m", 3)); // ⌈2·3·ln 3⌉ = ⌈6.59⌉
        assertEquals(9, GmmOverparamLab.components("9", 3));
        ValidationException e = assertThrows(ValidationException.class, () -> GmmOverparamLab.components("lots", 3));
        assertEquals("components", e.errors().get(0).field());
    }

    @Test
    void catalogueColumns() {
        assertEquals(List.of("loss", "active", "loglik", "coverage", "pi_1", "pi_2", "pi_3"),
                columnsOf("gmm-overparam", Map.of("m", "1", "weights", "1", "components", "3", "d", "1", "population", "true"))
                        .subList(0, 7));
        List<String> gmm = columnsOf("gmm", Map.of("k", "2", "d", "2"));
        assertEquals(List.of("loglik", "bic", "aic", "pi_1", "pi_2", "mu_1_1", "mu_1_2", "mu_2_1", "mu_2_2", "cov_1_1_1",
                "cov_1_1_2", "cov_1_2_1", "cov_1_2_2", "cov_2_1_1", "cov_2_1_2", "cov_2_2_1", "cov_2_2_2"), gmm);
        assertEquals(List.of("loglik", "pi_1", "pi_2", "beta_1_0", "beta_1_1", "beta_2_0", "beta_2_1", "sigma_1", "sigma_2"),
                columnsOf("mlr", Map.of()));
    }

    private static List<String> columnsOf(String lab, Map<String, String> set) {
        Lab l = LabRegistry.get(lab);
        return l.start(l.defaults().withAll(set), null).engine().columns();
    }

    @Test
    void validationNamesTheField() {
        Lab over = LabRegistry.get("gmm-overparam");
        ValidationException w = assertThrows(ValidationException.class, () -> over.validate(over.defaults().with("m", "5")));
        assertEquals("weights", w.errors().get(0).field());
        assertTrue(w.getMessage().contains("m = 5 needs 5"), w.getMessage());
        Lab gmm = LabRegistry.get("gmm");
        ValidationException g = assertThrows(ValidationException.class,
                () -> gmm.validate(gmm.defaults().with("init", "given").with("init_means", "1,2,3")));
        assertEquals("init_means", g.errors().get(0).field());
        assertThrows(ValidationException.class, () -> over.start(over.defaults(), table("a,b\n1,2\n3,4\n")));
        ValidationException missing = assertThrows(ValidationException.class,
                () -> gmm.validate(gmm.defaults().with("data", "/no/such/dir/geyser.csv")));
        assertEquals("data", missing.errors().get(0).field());
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        LabRegistry.get("mlr").validate(LabRegistry.get("mlr").defaults().with("data", "TONEDATA.csv"));
    }

    @Test
    void gmmFitsThePickedColumnsOfUserData() {
        Dataset t = table("id,eruptions,waiting\n1,3.6,79\n2,1.8,54\n3,3.3,74\n4,2.3,62\n5,4.5,85\n6,2.9,55\n7,4.7,88\n");
        Lab gmm = LabRegistry.get("gmm");
        LabRun r = gmm.start(gmm.defaults().with("columns", "waiting,2").with("k", "2"), t);
        assertEquals(List.of("waiting", "eruptions"), r.data().xNames());
        assertEquals(79, r.data().x(0, 0));
        assertEquals(3.6, r.data().x(0, 1));
        ValidationException bad = assertThrows(ValidationException.class,
                () -> gmm.start(gmm.defaults().with("columns", "speed"), t));
        assertEquals("columns", bad.errors().get(0).field());
        ValidationException big = assertThrows(ValidationException.class,
                () -> gmm.start(gmm.defaults().with("k", "8"), t));
        assertEquals("k", big.errors().get(0).field());
    }

    @Test
    void mlrPicksResponseAndCovariates() {
        Dataset t = table("x1,x2,y\n0,1,0.5\n1,0,1.5\n2,1,2.0\n3,0,3.5\n4,1,3.9\n5,0,5.2\n");
        Lab mlr = LabRegistry.get("mlr");
        LabRun auto = mlr.start(mlr.defaults(), t);
        assertEquals(List.of("x1", "x2"), auto.data().xNames());
        assertEquals("y", auto.data().yName());
        LabRun picked = mlr.start(mlr.defaults().with("x_columns", "1").with("y_column", "y"), t);
        assertEquals(1, picked.data().d());
        ValidationException both = assertThrows(ValidationException.class,
                () -> mlr.start(mlr.defaults().with("x_columns", "y").with("y_column", "3"), t));
        assertEquals("x_columns", both.errors().get(0).field());
    }

    @Test
    void shippedDataLoadByName() {
        Lab gmm = LabRegistry.get("gmm");
        LabRun r = gmm.start(gmm.defaults().with("data", "faithful").with("k", "2"), null);
        assertEquals(272, r.data().n());
        assertEquals(List.of("eruptions", "waiting"), r.data().xNames());
        Lab mlr = LabRegistry.get("mlr");
        LabRun m = mlr.start(mlr.defaults().with("data", "tonedata"), null);
        assertEquals(150, m.data().n());
        assertEquals("tuned", m.data().yName());
    }

    /** Figures build (also when scrubbed back and at a half-step), hold no NaN, and paint headless. */
    @ParameterizedTest
    @CsvSource({
        "gmm-overparam, population=true;gh_nodes=12",
        "gmm-overparam, n=2000",
        "gmm-overparam, 'd=1;m=2;weights=0.5,0.5;population=true'",
        "gmm-overparam, d=3;population=true;gh_nodes=8",
        "gmm, ''",
        "gmm, data=faithful;k=3",
        "gmm, d=1;k_true=2;k=2",
        "gmm, d=3;k=2",
        "mlr, ''",
        "mlr, data=tonedata",
        "mlr, d=3"})
    void figuresBuildAndPaint(String labId, String sets) {
        Lab lab = LabRegistry.get(labId);
        ParamValues p = lab.defaults();
        for (String s : sets.split(";")) {
            if (!s.isBlank()) {
                p = p.with(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            }
        }
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        h.record(0, row.clone(), e.state());
        for (int t = 0; t < 6; t++) {
            e.step();
            e.row(row);
            h.record(e.iteration(), row.clone(), e.state());
        }
        e.halfStep();
        check(run.figure(h, h.size() - 1, Map.of()));
        e.restore(h.state(2), h.iteration(2));
        check(run.figure(h, 2, Map.of("projection", "x1–x3")));
    }

    private static void check(Figure f) {
        assertFalse(f.panels().isEmpty());
        assertEquals(Panel.Kind.GEOMETRY, f.panels().get(0).kind());
        BufferedImage img = new BufferedImage(500, 400, BufferedImage.TYPE_INT_ARGB);
        for (Panel panel : f.panels()) {
            for (Layer l : panel.layers()) {
                if (l instanceof Layer.Points pt) {
                    for (double v : pt.x()) {
                        assertFalse(Double.isNaN(v), panel.id() + " " + l.name());
                    }
                }
                if (l instanceof Layer.Ellipse el) {
                    assertTrue(Double.isFinite(el.r1()) && Double.isFinite(el.r2()), panel.id());
                }
            }
            java.awt.Graphics2D g = img.createGraphics();
            new PanelPainter(Theme.LIGHT).paint(panel, new Java2DCanvas(g), 0, 0, 500, 400);
            g.dispose();
        }
    }
}
