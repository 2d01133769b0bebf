package org.emlab.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.emlab.core.data.CsvReader;
import org.emlab.core.data.DataTable;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

/** The column picker's view model and the window's user-data holder, without a stage. */
class ColumnChoiceTest {
    private static final DataTable TABLE = CsvReader.parse(
            "id,const,eruptions,waiting\n1,7,3.6,79\n2,7,1.8,54\n3,7,3.3,74\n4,7,2.3,62\n5,7,4.5,85\n",
            "geyser.csv", CsvReader.Header.AUTO);

    /** The picker's targets, built from the lab descriptors that declare user data. */
    private static final ColumnChoice.Target GMM = ColumnChoice.Target.of(LabRegistry.get("gmm")).orElseThrow();
    private static final ColumnChoice.Target MLR = ColumnChoice.Target.of(LabRegistry.get("mlr")).orElseThrow();

    @Test
    void theTargetsAreTheLabsThatDeclareUserDataInRegistryOrder() {
        assertEquals(java.util.List.of("Gaussian mixture (gmm)", "mixture of regressions (mlr)"),
                ColumnChoice.Target.all().stream().map(Object::toString).toList());
        assertSame(LabRegistry.get("gmm"), GMM.lab());
        assertFalse(GMM.regression());
        assertTrue(MLR.regression());
        assertTrue(ColumnChoice.Target.of(LabRegistry.get("gmm-simplex")).isEmpty());
    }

    @Test
    void kIsCheckedAgainstTheLabsCountParameter() {
        ColumnChoice c = new ColumnChoice(TABLE, "/data/geyser.csv", MLR);
        c.setK(0);
        assertEquals("k must be at least 1", c.problem());
        c.setK(17);
        assertEquals("k must be at most 16", c.problem());
        c.setK(6);
        assertEquals("k = 6 is more than the 5 rows", c.problem());
    }

    @Test
    void mixtureDefaultsToEveryNonConstantColumn() {
        ColumnChoice c = new ColumnChoice(TABLE, "/data/geyser.csv", GMM);
        assertTrue(c.isConstant(1));
        assertFalse(c.isPicked(1));
        c.setPicked(0, false);
        assertEquals("", c.problem());
        assertEquals(Map.of("data", "/data/geyser.csv", "columns", "eruptions,waiting", "k", "2"), c.params());
        c.setPicked(2, false);
        c.setPicked(3, false);
        assertEquals("pick at least one column", c.problem());
    }

    @Test
    void regressionUsesTheLastColumnAsResponse() {
        ColumnChoice c = new ColumnChoice(TABLE, "/data/geyser.csv", MLR);
        assertEquals(3, c.response());
        assertEquals("id,eruptions", c.params().get("x_columns"));
        assertEquals("waiting", c.params().get("y_column"));
        c.setResponse(2);
        c.setTarget(MLR);
        assertEquals("id,waiting", c.params().get("x_columns"));
        c.setResponse(1);
        assertTrue(c.problem().contains("constant"));
    }

    /** Opening data in the lab already shown keeps the user's settings; another lab starts from its defaults. */
    @Test
    void theSameLabKeepsItsSettingsAndTheChoiceReplacesDataColumnsAndK() {
        Lab gmm = LabRegistry.get("gmm");
        ParamValues shown = gmm.defaults().with("seed", "77").with("covariance", "spherical").with("k", "4");
        java.util.List<ParamValues> loaded = new java.util.ArrayList<>();
        DataImport same = new DataImport(null, new UserData(), (l, p) -> loaded.add(p), () -> gmm, () -> shown);
        ColumnChoice c = new ColumnChoice(TABLE, "/data/geyser.csv", GMM);
        c.setK(3);
        same.apply(c, "/data/geyser.csv");
        ParamValues p = loaded.get(0);
        assertEquals(77L, p.getLong("seed"));
        assertEquals("spherical", p.get("covariance"));
        assertEquals(3, p.getInt("k"));
        assertEquals("/data/geyser.csv", p.get("data"));

        Lab mlr = LabRegistry.get("mlr");
        DataImport other = new DataImport(null, new UserData(), (l, q) -> loaded.add(q), () -> mlr,
                () -> mlr.defaults().with("seed", "5"));
        other.apply(c, "/data/geyser.csv");
        assertEquals(gmm.defaults().getLong("seed"), loaded.get(1).getLong("seed"), "a switch of lab: the gmm defaults");
        assertEquals(gmm.defaults().get("covariance"), loaded.get(1).get("covariance"));
    }

    @Test
    void userDataGoesOnlyToTheLabAndSourceItWasOpenedFor() {
        UserData u = new UserData();
        Lab gmm = LabRegistry.get("gmm");
        ColumnChoice c = new ColumnChoice(TABLE, "/data/geyser.csv", GMM);
        c.setPicked(0, false);
        u.set(TABLE, "/data/geyser.csv");
        ParamValues p = gmm.defaults().withAll(c.params());
        assertSame(u.forRun(gmm, p).x(), u.forRun(gmm, p).x());
        LabRun run = gmm.start(p, u.forRun(gmm, p));
        assertEquals(java.util.List.of("eruptions", "waiting"), run.data().xNames());
        assertNull(u.forRun(gmm, p.with("data", "faithful")));
        assertNull(u.forRun(LabRegistry.get("gmm-overparam"), LabRegistry.get("gmm-overparam").defaults()));
    }
}
