package org.emlab.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes written into a {@link Writer} (the CLI's standard output, which tests capture), decoded
 * as they stream (a character split across two writes is kept until its end arrives), so an output of
 * any size never sits in memory. {@link #close} flushes but leaves the writer open. A
 * {@link PrintWriter} hides its errors: they are checked at every flush, so writing into a closed pipe
 * ({@code ./emlab run ... --out - | head -1}) stops with an {@link IOException} instead of running on.
 */
public final class WriterOutputStream extends OutputStream {
    private final Writer out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 13);
    private final CharBuffer chars = CharBuffer.allocate(1 << 13);
    private boolean closed;

    public WriterOutputStream(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        while (len > 0) {
            int n = Math.min(len, bytes.remaining());
            bytes.put(b, off, n);
            off += n;
            len -= n;
            decode(false);
        }
    }

    private void decode(boolean end) throws IOException {
        bytes.flip();
        while (true) {
            CoderResult r = decoder.decode(bytes, chars, end);
            drain();
            if (r.isUnderflow()) {
                break;
            }
        }
        bytes.compact();
    }

    private void drain() throws IOException {
        chars.flip();
        if (chars.hasRemaining()) {
            out.write(chars.array(), chars.position(), chars.remaining());
        }
        chars.clear();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        if (out instanceof PrintWriter pw && pw.checkError()) {
            throw new IOException("the output was refused (was the reading end of the pipe closed?)");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        decode(true);
        decoder.flush(chars);
        drain();
        closed = true;
        flush();
    }
}
