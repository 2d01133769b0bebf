package org.emlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

/** Picking columns by name or index, and the lab-level checks on the picked columns. */
class ColumnsTest {
    private static final List<String> NAMES = List.of("eruptions", "waiting", "day, of week", "const");

    @Test
    void picksByNameIndexAndMixed() {
        assertArrayEquals(new int[] {0, 1}, Columns.resolve(NAMES, "eruptions,waiting", "columns"));
        assertArrayEquals(new int[] {1, 0}, Columns.resolve(NAMES, "2, 1", "columns"));
        assertArrayEquals(new int[] {1, 0}, Columns.resolve(NAMES, "WAITING;1", "columns"));
        assertArrayEquals(new int[] {2, 0}, Columns.resolve(NAMES, "day, of week,eruptions", "columns"));
    }

    @Test
    void rejectionsNameTheParameterAndTheChoices() {
        ValidationException e = assertThrows(ValidationException.class, () -> Columns.resolve(NAMES, "speed", "columns"));
        assertEquals("columns", e.errors().get(0).field());
        assertTrue(e.getMessage().contains("\"speed\"") && e.getMessage().contains("2 waiting"), e.getMessage());
        assertTrue(assertThrows(ValidationException.class, () -> Columns.resolve(NAMES, "5", "x_columns")).getMessage()
                .contains("no column 5"));
        assertTrue(assertThrows(ValidationException.class, () -> Columns.resolve(NAMES, "1,eruptions", "columns"))
                .getMessage().contains("twice"));
    }

    @Test
    void rejectsConstantColumnsAndTooManyColumns() {
        Dataset d = new Dataset(3, 4, new double[] {1, 2, 3, 7, 2, 3, 4, 7, 3, 5, 5, 7}, null, null, null, NAMES, null);
        Columns.check(d, new int[] {0, 1, 2}, 3, "columns", "gmm");
        ValidationException c = assertThrows(ValidationException.class,
                () -> Columns.check(d, new int[] {0, 3}, 4, "columns", "gmm"));
        assertTrue(c.getMessage().contains("column 4 (\"const\") is constant"), c.getMessage());
        ValidationException m = assertThrows(ValidationException.class,
                () -> Columns.check(d, new int[] {0, 1, 2}, 2, "columns", "gmm"));
        assertTrue(m.getMessage().contains("at most 2"), m.getMessage());
        assertArrayEquals(new double[] {3, 1, 4, 2, 5, 3}, Columns.gather(d, new int[] {2, 0}));
    }
}
