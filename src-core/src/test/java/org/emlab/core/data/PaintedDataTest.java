package org.emlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Painted data: points added, sprayed, laid along a line and erased; saved as CSV that reads back bit for bit. */
class PaintedDataTest {
    @TempDir
    Path dir;

    private static DataTable table() {
        return new DataTable("t", List.of("a", "b", "c"), 2, new double[] {1, 2, 3, 5, 6, 7}, true);
    }

    @Test
    void addedPointsGoInTheTwoPaintedColumnsAndTheOthersTakeTheirMean() {
        DataTable t = PaintedData.add(table(), 0, 2, new double[] {10, 11}, new double[] {-1, -2});
        assertEquals(4, t.rows());
        assertArrayEquals(new double[] {10, 4, -1, 11, 4, -2}, java.util.Arrays.copyOfRange(t.values(), 6, 12));
        DataTable e = PaintedData.erase(t, 0, 2, 10.5, -1.5, 1, 1);
        assertEquals(2, e.rows(), "both new points are within the eraser");
        assertArrayEquals(table().values(), e.values());
    }

    @Test
    void sprayAndLineAreReproducibleFromTheirSeed() {
        double[][] a = PaintedData.spray(Rng.stream(7, 1L << 20), 1, 2, 0.5, 0.25, 20);
        double[][] b = PaintedData.spray(Rng.stream(7, 1L << 20), 1, 2, 0.5, 0.25, 20);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        double[][] l = PaintedData.along(Rng.stream(7, 3), 0, 0, 2, 4, 0, 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(2 * l[0][i], l[1][i], 1e-12, "without noise the points lie on the segment");
            assertEquals(true, l[0][i] >= 0 && l[0][i] <= 2);
        }
    }

    @Test
    void aSavedTableReadsBackBitForBitUnderANameOfItsContent() throws Exception {
        DataTable t = PaintedData.add(PaintedData.empty(List.of("x_1", "y"), "p"), 0, 1, new double[] {0.1, 1 / 3.0, -2e-300},
                new double[] {Math.PI, 1e300, -0.0});
        Path f = PaintedData.save(t, dir);
        assertEquals(f, PaintedData.save(t, dir), "the same content, the same file");
        DataTable back = CsvReader.read(f);
        assertEquals(t.names(), back.names());
        assertEquals(3, back.rows());
        for (int i = 0; i < t.values().length; i++) {
            assertEquals(Double.doubleToLongBits(t.values()[i] == 0 ? 0.0 : t.values()[i]),
                    Double.doubleToLongBits(back.values()[i] == 0 ? 0.0 : back.values()[i]), "entry " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> PaintedData.add(t, 0, 1, new double[PaintedData.MAX_ROWS],
                new double[PaintedData.MAX_ROWS]));
    }

    @Test
    void aSampleBecomesATableWithItsResponseLast() {
        Dataset d = new Dataset(2, 1, new double[] {1, 2}, new double[] {3, 4}, null, null, null, "y");
        DataTable t = PaintedData.fromDataset(d, "s");
        assertEquals(List.of("x_1", "y"), t.names());
        assertArrayEquals(new double[] {1, 3, 2, 4}, t.values());
    }
}
