package org.emlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Big files: the reader streams with progress, can be cancelled, and refuses tables that would not fit. */
class CsvStreamingTest {
    /** Rows of the generated file (3 columns, about 4 MB). */
    static final int ROWS = 150_000;

    @TempDir
    Path dir;

    /** First index: every row has the same length (6-digit indices), as in most measured data. */
    static final int FIRST = 100_000;

    /** Row r holds i = FIRST + r, i/4 and -i (exact in binary), so every value can be checked. */
    private Path bigFile() throws IOException {
        Path f = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("i,quarter,minus\n");
            for (int i = FIRST; i < FIRST + ROWS; i++) {
                w.write(i + "," + String.format(Locale.ROOT, "%.2f", i / 4.0) + "," + (-i) + "\n");
            }
        }
        return f;
    }

    @Test
    void aFewMegabytesStreamWithMonotoneProgressAndEveryValueIntact() throws IOException {
        Path f = bigFile();
        long size = Files.size(f);
        List<long[]> reports = new ArrayList<>();
        DataTable t = CsvReader.read(f, CsvReader.Header.AUTO, (read, total) -> reports.add(new long[] {read, total}));
        assertEquals(ROWS, t.rows());
        assertEquals(List.of("i", "quarter", "minus"), t.names());
        for (int r = 0; r < ROWS; r += 997) {
            int i = FIRST + r;
            assertEquals(i, t.value(r, 0));
            assertEquals(i / 4.0, t.value(r, 1));
            assertEquals(-i, t.value(r, 2));
        }
        assertEquals(FIRST + ROWS - 1.0, t.value(ROWS - 1, 0));
        // one report per block of characters, at least size / block of them, bytes never decreasing
        assertTrue(reports.size() >= size / CsvReader.BLOCK_CHARS, "reports: " + reports.size());
        long last = -1;
        for (long[] r : reports) {
            assertEquals(size, r[1]);
            assertTrue(r[0] >= last && r[0] <= size);
            last = r[0];
        }
        assertEquals(size, last, "the last report is the whole file");
    }

    @Test
    void cancellingStopsTheReadWithinABlockAndKeepsNothing() throws IOException {
        Path f = bigFile();
        long size = Files.size(f);
        long[] seen = {0, 0};
        CsvReader.Progress cancelHalfway = new CsvReader.Progress() {
            @Override
            public void update(long read, long total) {
                seen[0] = read;
                seen[1]++;
            }

            @Override
            public boolean cancelled() {
                return seen[0] >= size / 2;
            }
        };
        CancellationException e = assertThrows(CancellationException.class,
                () -> CsvReader.read(f, CsvReader.Header.AUTO, cancelHalfway));
        assertTrue(e.getMessage().contains("import of big.csv cancelled"), e.getMessage());
        // stopped at the first block boundary past half the file, not at the end
        assertTrue(seen[0] < size / 2 + 2L * CsvReader.BLOCK_CHARS + 8192, seen[0] + " of " + size);
    }

    @Test
    void aTableThatWouldNotFitIsRefusedEarlyWithTheRowsThatWouldFit() throws IOException {
        Path f = bigFile();
        long size = Files.size(f);
        // 1 MB free: 150 000 rows × 3 columns × 8 bytes × 2 = 7.2 MB do not fit; 1 MB / 48 bytes ≈ 21845 rows do
        long free = 1L << 20;
        long[] readWhenRefused = {0};
        ValidationException e;
        try (InputStream in = Files.newInputStream(f)) {
            e = assertThrows(ValidationException.class, () -> CsvReader.read(in, "big.csv", CsvReader.Header.AUTO, size,
                    (read, total) -> readWhenRefused[0] = read, () -> free));
        }
        String m = e.getMessage();
        assertTrue(m.startsWith("big.csv is too large: about "), m);
        assertTrue(m.contains("× 3 columns"), m);
        assertTrue(m.contains("about " + (free / 48) + " rows would fit"), m);
        assertTrue(m.contains("-Xmx"), m);
        // refused from the first rows, long before the end of the file
        assertTrue(readWhenRefused[0] < size / 4, readWhenRefused[0] + " of " + size);
        // the estimate is close to the truth (rows of similar length)
        long estimated = Long.parseLong(m.replaceAll("(?s).*about (\\d+) rows × 3.*", "$1"));
        assertTrue(Math.abs(estimated - ROWS) < ROWS / 5, "estimated " + estimated);
    }

    @Test
    void withoutAKnownSizeTheGrowingTableIsStillRefusedBeforeItOverflows() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(i % 7).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        ValidationException e = assertThrows(ValidationException.class, () -> CsvReader.read(new ByteArrayInputStream(bytes),
                "pipe.csv", CsvReader.Header.AUTO, -1, CsvReader.Progress.NONE, () -> 64_000));
        assertTrue(e.getMessage().contains("pipe.csv is too large") && e.getMessage().contains("rows would fit"),
                e.getMessage());
    }

    @Test
    void aMultiByteCharacterAcrossABlockBoundaryAndLineNumbersPastManyBlocksAreRight() throws IOException {
        StringBuilder sb = new StringBuilder("größe,wert\n");
        int rows = 40_000;
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(",").append(i % 10).append('\n');
        }
        sb.append("7,x9\n");
        Path f = dir.resolve("u.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        ValidationException e = assertThrows(ValidationException.class, () -> CsvReader.read(f));
        assertTrue(e.getMessage().contains("line " + (rows + 2) + ", column 2 (\"wert\")"), e.getMessage());
    }
}
