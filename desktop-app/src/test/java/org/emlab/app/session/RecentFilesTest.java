package org.emlab.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesTest {
    @Test
    void newestFirstWithoutRepeatsAndAtMostTen(@TempDir Path dir) throws Exception {
        RecentFiles r = new RecentFiles(dir.resolve("config").resolve("emlab").resolve(RecentFiles.STORE));
        assertTrue(r.list().isEmpty());
        Path[] files = new Path[12];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.writeString(dir.resolve("s" + i + ".emlab.json"), "{}");
            assertTrue(r.add(files[i]));
        }
        List<Path> l = r.list();
        assertEquals(RecentFiles.MAX, l.size());
        assertEquals(files[11].toAbsolutePath(), l.get(0));
        assertEquals(files[2].toAbsolutePath(), l.get(9));
        r.add(files[5]);
        assertEquals(files[5].toAbsolutePath(), r.list().get(0));
        assertEquals(RecentFiles.MAX, r.list().size(), "moved to the front, not repeated");
        Files.delete(files[11]);
        assertFalse(r.list().contains(files[11].toAbsolutePath()), "deleted files are left out");
        // a second instance (the next start of the app) reads the same list
        assertEquals(r.list(), new RecentFiles(r.store()).list());
    }

    @Test
    void anUnwritableStoreOnlyLosesTheList(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        RecentFiles r = new RecentFiles(blocker.resolve("emlab").resolve(RecentFiles.STORE));
        assertFalse(r.add(Files.writeString(dir.resolve("a.emlab.json"), "{}")));
        assertTrue(r.list().isEmpty());
    }
}
