package org.emlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every logged failure gets its own file, also when several come within one millisecond. */
class FailuresLogTest {
    @Test
    void failuresLoggedInTheSameMillisecondGetFilesOfTheirOwn() throws Exception {
        Set<Path> files = new HashSet<>();
        // logged back to back: on any machine several of these share a millisecond (and so a time stamp)
        for (int i = 0; i < Failures.KEPT_LOGS; i++) {
            Path f = Failures.log(new IllegalStateException("failure " + i), "test");
            assertNotNull(f, "failure " + i + " was not logged");
            assertTrue(files.add(f), "two failures in one file: " + f);
            assertTrue(Files.readString(f).contains("failure " + i), f.toString());
        }
        assertEquals(Failures.KEPT_LOGS, files.size());
    }
}
