package org.emlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part-way leaves the old file intact and no temporary file behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Writes a megabyte, then fails as a full disk would. */
    private static void failHalfway(OutputStream out) throws IOException {
        byte[] junk = new byte[1 << 16];
        for (int i = 0; i < 16; i++) {
            out.write(junk);
        }
        throw new IOException("No space left on device");
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("figure.png");
        Files.writeString(f, "the old figure");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, AtomicFilesTest::failHalfway));
        assertEquals("cannot write " + f + ": the disk is full (no space left on the device)", e.getMessage(),
                "the message names the target, never the temporary file");
        assertEquals("the old figure", Files.readString(f));
        assertEquals(List.of("figure.png"), names());
        assertTrue(AtomicFiles.inFlight().isEmpty(), "nothing left for the exit hook");
    }

    @Test
    void whileWritingTheTemporaryFileIsHiddenBesideTheTargetAndKnownToTheExitHook() throws IOException {
        Path f = dir.resolve("curves.csv");
        List<Path> during = new java.util.ArrayList<>();
        AtomicFiles.writeString(dir.resolve("other.txt"), "x");
        AtomicFiles.write(f, out -> {
            during.addAll(AtomicFiles.inFlight());
            out.write(1);
        });
        assertEquals(1, during.stream().filter(p -> p.getParent().equals(dir)).count());
        Path tmp = during.stream().filter(p -> p.getParent().equals(dir)).findFirst().orElseThrow();
        assertTrue(tmp.getFileName().toString().startsWith(".curves.csv.") && tmp.getFileName().toString().endsWith(".tmp"),
                tmp.toString());
        assertTrue(AtomicFiles.inFlight().stream().noneMatch(p -> p.getParent().equals(dir)));
    }

    @Test
    void aRuntimeFailureOrACancelMidWriteLeavesNothingNew() throws IOException {
        Path f = dir.resolve("iterates.csv");
        assertThrows(java.util.concurrent.CancellationException.class, () -> AtomicFiles.write(f, out -> {
            out.write("iter,loglik\n".getBytes(StandardCharsets.UTF_8));
            throw new java.util.concurrent.CancellationException("cancelled");
        }));
        assertEquals(List.of(), names(), "no half-written file, no temporary file");
    }

    @Test
    void aSuccessfulWriteReplacesTheFileWhole() throws IOException {
        Path f = dir.resolve("s.emlab.json");
        Files.writeString(f, "old");
        AtomicFiles.writeString(f, "new content");
        assertEquals("new content", Files.readString(f));
        assertEquals(List.of("s.emlab.json"), names());
    }

    @Test
    void everyWriterOfExportsGoesThroughTheAtomicWrite() throws IOException {
        // the writers of figures, curves, iterates, data, sessions and sweeps call AtomicFiles.write
        Path src = Path.of("src/main/java/org/emlab/core");
        for (String file : List.of("figure/render/FigureWriter.java", "output/CurveCsv.java", "output/TrajectoryCsv.java",
                "output/DataCsv.java", "session/Sessions.java", "sweep/SweepCsv.java", "sweep/SweepReport.java",
                "cli/RunCommand.java")) {
            String text = Files.readString(src.resolve(file));
            assertTrue(text.contains("AtomicFiles.write"), file + " writes atomically");
            assertTrue(!java.util.regex.Pattern.compile("(?<!Atomic)Files\\.(newOutputStream|write|writeString)\\(|"
                    + "new FileOutputStream|new FileWriter").matcher(text).find(), file + " writes no file directly");
        }
    }
}
