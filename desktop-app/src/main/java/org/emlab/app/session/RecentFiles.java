package org.emlab.app.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.io.AtomicFiles;

/**
 * The most recently saved or opened session files, newest first, kept in a small text file in the
 * user's configuration folder ({@link org.emlab.core.io.ConfigDir}), one path a
 * line. Files that no longer exist are left out; a store that cannot be read or written only loses
 * the list, never the session.
 */
public final class RecentFiles {
    /** Longest list kept. */
    public static final int MAX = 10;
    /** File name of the store. */
    public static final String STORE = "recent-sessions.txt";

    private final Path store;

    public RecentFiles(Path store) {
        this.store = store;
    }

    /** The store in the user's configuration folder. */
    public static RecentFiles inUserConfig() {
        return new RecentFiles(org.emlab.core.io.ConfigDir.get().resolve(STORE));
    }

    /** Existing files, newest first. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (org.emlab.core.io.FileKind.of(store, false) != org.emlab.core.io.FileKind.REGULAR) {
            return out; // a pipe or a device in its place is never opened
        }
        try {
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Path p = Path.of(line.strip());
                if (Files.isRegularFile(p) && !out.contains(p) && out.size() < MAX) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Puts {@code file} first (once); returns false when the list could not be stored. */
    public boolean add(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> l = list();
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > MAX) {
            l.remove(l.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (Path p : l) {
            sb.append(p).append('\n');
        }
        try {
            Files.createDirectories(store.getParent());
            AtomicFiles.writeOwnedString(store, sb.toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public Path store() {
        return store;
    }
}
