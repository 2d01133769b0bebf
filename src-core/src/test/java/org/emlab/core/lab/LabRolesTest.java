package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ProbabilityVectors;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

/** What the labs declare through parameter roles, and the role rules as each lab applies them. */
class LabRolesTest {

    /** The vectors a fill should be accepted for: every count in [1, 20] that the count parameter allows. */
    @Test
    void everyUniformAndDecreasingFillForCountsOneToTwentyPassesTheLabsValidation() {
        List<String> checked = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            for (ParamSpec v : Roles.withRole(lab.parameters(), ParamRole.ProbabilityVector.class)) {
                String count = ((ParamRole.ProbabilityVector) v.role()).sizedBy();
                ParamSpec c = lab.defaults().spec(count);
                for (int k = 1; k <= 20; k++) {
                    if (k < c.min() || k > c.max()) {
                        continue;
                    }
                    ParamValues base = lab.repair(lab.defaults().with(count, Integer.toString(k)));
                    for (ParamRole.Fill fill : ParamRole.Fill.values()) {
                        ParamValues p = base.with(v.name(), ProbabilityVectors.fillText(fill, k));
                        try {
                            lab.validate(p);
                        } catch (ValidationException e) {
                            throw new AssertionError(lab.id() + " " + count + " = " + k + " " + fill + ": " + e.getMessage(), e);
                        }
                    }
                }
                checked.add(lab.id() + ":" + v.name());
            }
        }
        assertEquals(List.of("gmm-simplex:weights", "gmm-overparam:weights", "gmm:init_weights", "mlr:init_weights"), checked);
    }

    @Test
    void aChangedCountRefillsTheWeightsWithTheLabsFill() {
        Lab simplex = LabRegistry.get("gmm-simplex");
        ParamValues s = simplex.repair(simplex.defaults().with("k", "4"));
        assertEquals("0.4,0.3,0.2,0.1", s.text("weights"));
        assertEquals(3, s.getInt("d"), "gmm-simplex also raises d to k − 1");
        Lab overparam = LabRegistry.get("gmm-overparam");
        ParamValues o = overparam.repair(overparam.defaults().with("m", "4"));
        assertEquals("0.25,0.25,0.25,0.25", o.text("weights"));
        overparam.validate(o);
    }

    @Test
    void theLabsReportWrongLengthsAndSumsWithTheCountsName() {
        Lab simplex = LabRegistry.get("gmm-simplex");
        assertEquals("weights has 2 entries; k = 3 needs 3", assertThrows(ValidationException.class,
                () -> simplex.validate(simplex.defaults().with("weights", "0.5,0.5"))).getMessage());
        Lab overparam = LabRegistry.get("gmm-overparam");
        assertEquals("weights has 3 entries; m = 4 needs 4", assertThrows(ValidationException.class,
                () -> overparam.validate(overparam.defaults().with("m", "4"))).getMessage());
        assertEquals("weights must sum to 1 (got 0.9)", assertThrows(ValidationException.class,
                () -> overparam.validate(overparam.defaults().with("weights", "0.5,0.3,0.1"))).getMessage());
    }

    @Test
    void everyLabHasOneSeedAndEveryVectorIsSizedByAnIntegerOfTheSameLab() {
        for (Lab lab : LabRegistry.all()) {
            assertEquals(1, Roles.withRole(lab.parameters(), ParamRole.Seed.class).size(), lab.id());
            for (ParamSpec v : Roles.withRole(lab.parameters(), ParamRole.ProbabilityVector.class)) {
                String count = ((ParamRole.ProbabilityVector) v.role()).sizedBy();
                assertEquals(ParamType.INT, lab.defaults().spec(count).type(), lab.id() + ": " + v.name());
                assertTrue(v.maxLength() >= lab.defaults().spec(count).max(), lab.id() + ": room for every count");
            }
        }
    }

    @Test
    void theLabsThatTakeUserDataSayWhatATableBecomes() {
        List<String> takers = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            assertEquals(lab.userData().isPresent(), lab.acceptsUserData(), lab.id());
            lab.userData().ifPresent(u -> takers.add(lab.id()));
        }
        assertEquals(List.of("gmm", "mlr"), takers);

        UserDataSpec gmm = LabRegistry.get("gmm").userData().orElseThrow();
        assertEquals(UserDataSpec.Shape.MIXTURE, gmm.shape());
        assertEquals("Gaussian mixture (gmm)", gmm.label());
        assertEquals(Optional.empty(), gmm.responseParam());
        assertEquals(Map.of("data", "faithful", "columns", "eruptions,waiting", "k", "2"),
                gmm.texts("faithful", List.of("eruptions", "waiting"), "ignored", 2));

        UserDataSpec mlr = LabRegistry.get("mlr").userData().orElseThrow();
        assertEquals(UserDataSpec.Shape.REGRESSION, mlr.shape());
        assertEquals("mixture of regressions (mlr)", mlr.label());
        assertEquals(Map.of("data", "tonedata", "x_columns", "stretchratio", "y_column", "tuned", "k", "3"),
                mlr.texts("tonedata", List.of("stretchratio"), "tuned", 3));
        ParamValues p = LabRegistry.get("mlr").defaults().withAll(mlr.texts("tonedata", List.of("stretchratio"), "tuned", 3));
        LabRegistry.get("mlr").validate(p);
    }
}
