package org.emlab.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Role rules applied the same way for every lab: probability vectors checked and resized, parameters found by role. */
class RolesTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("k", "k", 3, 1, 16, "Model", "components"),
            ParamSpec.probabilities("weights", "π", new double[] {0.5, 0.3, 0.2}, 16, "k", ParamRole.Fill.DECREASING, "Model", ""),
            ParamSpec.integer("m", "m", 2, 1, 16, "Truth", "true components"),
            ParamSpec.probabilities("truth", "π*", new double[] {0.5, 0.5}, 16, "m", ParamRole.Fill.UNIFORM, "Truth", ""),
            ParamSpec.text("data", "data", "generated", "Data", "").withRole(new ParamRole.DataSource()),
            ParamSpec.text("cols", "cols", "all", "Data", "").withRole(new ParamRole.Columns(ParamRole.Pick.FEATURES)),
            ParamSpec.seed(4));

    private static List<FieldError> errors(ParamValues p) {
        List<FieldError> out = new ArrayList<>();
        Roles.validate(p, out);
        return out;
    }

    @Test
    void aVectorOfTheWrongLengthNamesItsCount() {
        ParamValues p = ParamValues.defaults(SPECS).with("weights", "0.5,0.5").with("m", "3");
        assertEquals(List.of(new FieldError("weights", "weights has 2 entries; k = 3 needs 3"),
                new FieldError("truth", "truth has 2 entries; m = 3 needs 3")), errors(p));
    }

    @Test
    void aVectorThatDoesNotSumToOneSaysWhatItSums() {
        ParamValues p = ParamValues.defaults(SPECS).with("weights", "0.5,0.3,0.1");
        ValidationException e = assertThrows(ValidationException.class, () -> Roles.check(p));
        assertEquals("weights must sum to 1 (got 0.9)", e.getMessage());
        assertEquals("weights", e.errors().get(0).field());
        assertEquals(List.of(), errors(p.with("weights", "0.5,0.3,0.2000005")), "within 1e-6");
        assertEquals(1, errors(p.with("weights", "0.5,0.3,0.200002")).size(), "outside 1e-6");
    }

    @Test
    void repairRefillsOnlyVectorsWhoseLengthNoLongerMatchesTheirCount() {
        ParamValues p = ParamValues.defaults(SPECS).with("k", "4").with("m", "4");
        ParamValues r = Roles.repair(p);
        assertEquals("0.4,0.3,0.2,0.1", r.text("weights"));
        assertEquals("0.25,0.25,0.25,0.25", r.text("truth"));
        Roles.check(r);
        ParamValues good = ParamValues.defaults(SPECS).with("weights", "0.6,0.3,0.1");
        assertSame(good, Roles.repair(good), "a vector of the right length is the user's choice");
        assertEquals(Optional.empty(), Roles.resized(SPECS.get(1), "0.6,0.3,0.1", 3));
        assertEquals(Optional.of("0.5,0.3333333333333333,0.16666666666666666"), Roles.resized(SPECS.get(1), "oops", 3));
        assertThrows(IllegalArgumentException.class, () -> Roles.resized(SPECS.get(0), "3", 3));
    }

    @Test
    void parametersAreFoundByRoleNotByName() {
        assertEquals("seed", Roles.seedName(SPECS));
        assertEquals(List.of(SPECS.get(1)), Roles.sizedBy(SPECS, "k"));
        assertEquals(List.of(SPECS.get(3)), Roles.sizedBy(SPECS, "m"));
        assertEquals(List.of(SPECS.get(4)), Roles.withRole(SPECS, ParamRole.DataSource.class));
        assertEquals(Optional.of(SPECS.get(5)), Roles.columns(SPECS, ParamRole.Pick.FEATURES));
        assertEquals(Optional.empty(), Roles.columns(SPECS, ParamRole.Pick.RESPONSE));
        assertTrue(SPECS.get(0).role() instanceof ParamRole.Plain);
    }

    @Test
    void aRoleMustFitTheType() {
        ParamSpec k = ParamSpec.integer("k", "k", 3, 1, 16, "Model", "");
        assertThrows(IllegalArgumentException.class, () -> k.withRole(new ParamRole.ProbabilityVector("m", ParamRole.Fill.UNIFORM)));
        assertThrows(IllegalArgumentException.class, () -> k.withRole(new ParamRole.Seed()));
    }
}
