package org.emlab.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests of what EM Lab writes and reads, as lower-case hex (for a run's metadata and its replay). */
public final class Digests {
    private Digests() {
    }

    /** A new SHA-256 digest (every Java runtime has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Lower-case hex of {@code bytes}. */
    public static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return b.toString();
    }

    /** The SHA-256 of a file's content. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    /** An output stream that passes everything on and keeps its SHA-256 and its length. */
    public static final class Counting extends FilterOutputStream {
        private final MessageDigest md = Digests.sha256();
        private long bytes;
        private String hex;

        public Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the stream underneath belongs to the caller
        }

        /** Bytes written so far. */
        public long bytes() {
            return bytes;
        }

        /** The SHA-256 of everything written (call once writing is over). */
        public String sha256() {
            if (hex == null) {
                hex = hex(md.digest());
            }
            return hex;
        }
    }
}
