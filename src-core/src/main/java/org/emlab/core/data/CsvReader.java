package org.emlab.core.data;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import org.emlab.core.io.InputFiles;
import org.emlab.core.io.IoReasons;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.NumberSyntax;
import org.emlab.core.text.Snippet;

/**
 * Reads a numeric CSV file into a {@link DataTable}, strictly: every cell of every data row must be
 * a finite decimal number, and a bad file is rejected with a message that names the line and the
 * column, e.g. {@code faithful.csv line 12, column 2 ("waiting"): "7x" is not a number}.
 *
 * <p>Accepted: UTF-8 with or without a byte-order mark; LF, CRLF or CR line ends; a trailing newline
 * or none; blank lines and lines starting with {@code #} (comments, as in EM Lab's own exports)
 * anywhere; comma, semicolon or tab as the delimiter (detected from the first lines: among the
 * delimiters that split every sampled line into the same number of fields, tab is preferred, then
 * semicolon, then comma); RFC 4180 quoted fields (a quoted field may hold the delimiter, a line
 * break or a doubled quote {@code ""}); a decimal comma when the delimiter is not a comma
 * ({@code 1,5;2,25}); a header row (detected when any cell of the first record is not a number, or
 * forced by {@link Header}). Without a header the columns are named {@code x_1 .. x_d}.
 *
 * <p>Rejected: an empty file, a header without data, a single data row, a ragged row (a different
 * number of fields than the first record), an empty cell, a non-numeric cell (including {@code NA},
 * {@code NaN} and infinities), a number too large to represent, duplicate header names, bytes that
 * are not UTF-8, and a table that would not fit in the memory left to the JVM (refused early, with
 * the number of rows that would fit). Constant columns and too many columns depend on the lab and
 * are checked when columns are picked ({@link Columns}). Every problem is a {@link ValidationException}
 * on the field {@code data}.
 *
 * <p>Reading streams: the file is decoded block by block ({@link #BLOCK_CHARS} characters), never
 * held as one string; only the numbers are kept, in one growing {@code double[]}. After each block a
 * {@link Progress} hears the bytes read so far and may cancel: then a {@link CancellationException}
 * ends the import and nothing is kept.
 */
public final class CsvReader {
    /** Characters decoded per block (progress is reported and cancellation checked once per block). */
    public static final int BLOCK_CHARS = 1 << 16;
    /** Lines sampled to detect the delimiter. */
    static final int DETECT_LINES = 8;
    /** Bytes at the start of a stream kept for detecting the delimiter. */
    static final int DETECT_BYTES = 1 << 16;
    /** Fewest data rows a table may have. */
    public static final int MIN_ROWS = 2;
    /** Rows read before the size of the whole table is estimated from the file size. */
    static final int ESTIMATE_AFTER_ROWS = 1024;
    /**
     * Memory a table needs, in multiples of its numbers' bytes (rows × columns × 8): the table
     * itself and one copy (the final trim, or the columns a lab gathers).
     */
    public static final double MEMORY_FACTOR = 2.0;
    /** Largest number of values one Java array (the table) can hold. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    /** Whether the first record is a header. */
    public enum Header { AUTO, YES, NO }

    /** Hears how far a read has come, and may cancel it. */
    public interface Progress {
        /** No progress reports, never cancelled. */
        Progress NONE = (read, total) -> { };

        /**
         * Called after each block.
         *
         * @param bytesRead bytes of the file read so far
         * @param totalBytes the file's size, or -1 when unknown
         */
        void update(long bytesRead, long totalBytes);

        /** True to stop the read (checked once per block). */
        default boolean cancelled() {
            return false;
        }
    }

    private static final char[] DELIMITERS = {'\t', ';', ','};

    private CsvReader() {
    }

    /** Reads a file (header detected automatically). */
    public static DataTable read(Path file) {
        return read(file, Header.AUTO, Progress.NONE);
    }

    /** Reads a file. */
    public static DataTable read(Path file, Header header) {
        return read(file, header, Progress.NONE);
    }

    /**
     * Reads a file, streaming, with progress reports and cancellation.
     *
     * @throws ValidationException   a problem with the file, naming line and column
     * @throws CancellationException when {@code progress} cancelled the read (nothing is kept)
     */
    public static DataTable read(Path file, Header header, Progress progress) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        // a named pipe or a device (/dev/zero, /dev/stdin) is refused before it is opened
        InputFiles.requireRegular(file, "data", "the data file");
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ValidationException("data", "no such file: " + IoReasons.show(file));
        } catch (IOException e) {
            throw new ValidationException("data", "cannot read " + IoReasons.show(file) + ": " + IoReasons.reason(e));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, header, size, progress, CsvReader::heapHeadroom);
        } catch (NoSuchFileException e) {
            throw new ValidationException("data", "no such file: " + IoReasons.show(file));
        } catch (IOException e) {
            throw new ValidationException("data", "cannot read " + IoReasons.show(file) + ": " + IoReasons.reason(e));
        }
    }

    /** Reads a stream to its end (for data sets on the class path). */
    public static DataTable read(InputStream in, String source) throws IOException {
        return read(in, source, Header.AUTO, -1, Progress.NONE, CsvReader::heapHeadroom);
    }

    /** Parses the bytes of a CSV file. */
    public static DataTable parse(byte[] bytes, String source, Header header) {
        try {
            return read(new ByteArrayInputStream(bytes), source, header, bytes.length, Progress.NONE,
                    CsvReader::heapHeadroom);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses CSV text. */
    public static DataTable parse(String text, String source, Header header) {
        try {
            return new Parser(new StringReader(text), null, source, header, text.length(), Progress.NONE,
                    CsvReader::heapHeadroom, detectDelimiter(text)).parse();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a stream of UTF-8 bytes.
     *
     * @param total    the stream's length in bytes, or -1 when unknown (then no early size check)
     * @param headroom the bytes of memory the table may use
     */
    static DataTable read(InputStream raw, String source, Header header, long total, Progress progress,
                          LongSupplier headroom) throws IOException {
        Counting in = new Counting(raw.markSupported() ? raw : new java.io.BufferedInputStream(raw, DETECT_BYTES));
        in.mark(DETECT_BYTES + 1);
        byte[] head = in.readNBytes(DETECT_BYTES);
        in.reset();
        in.count = 0;
        // the head may end inside a UTF-8 sequence: decode it leniently, only to find the delimiter
        char delimiter = detectDelimiter(new String(head, StandardCharsets.UTF_8));
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return new Parser(reader, in, source, header, total, progress, headroom, delimiter).parse();
    }

    /** Bytes of heap the JVM may still allocate: the maximum heap less what is in use now. */
    public static long heapHeadroom() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** An input stream that counts the bytes read from it (the progress). */
    private static final class Counting extends FilterInputStream {
        long count;
        private long markCount;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += k;
            return k;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = markCount;
        }
    }

    // ---- the streaming parser ---------------------------------------------------------------------

    /** One pass over the characters: records, then numbers into a growing array. */
    private static final class Parser {
        private final Reader reader;
        private final Counting bytes;
        /** The source as messages show it (escaped). */
        private final String source;
        /** The source as given (the table's name). */
        private final String tableName;
        private final Header header;
        private final long total;
        private final Progress progress;
        private final LongSupplier headroom;
        private final char delimiter;
        private final char[] buf = new char[BLOCK_CHARS];
        private int pos;
        private int lim;
        private long charsBefore;
        private boolean eof;
        private boolean started;
        /** Current (1-based) line. */
        private int line = 1;
        /** Line the record read last starts on. */
        private int recordLine;
        private final StringBuilder cell = new StringBuilder();

        Parser(Reader reader, Counting bytes, String source, Header header, long total, Progress progress,
               LongSupplier headroom, char delimiter) {
            this.reader = reader;
            this.bytes = bytes;
            this.source = Snippet.escapeAll(source);
            this.tableName = source;
            this.header = header;
            this.total = total;
            this.progress = progress;
            this.headroom = headroom;
            this.delimiter = delimiter;
        }

        DataTable parse() throws IOException {
            List<String> first = record();
            if (first == null) {
                throw new ValidationException("data", source + " is empty: no rows of numbers");
            }
            int firstLine = recordLine;
            int width = first.size();
            boolean hasHeader = switch (header) {
                case YES -> true;
                case NO -> false;
                case AUTO -> !allNumeric(first, delimiter);
            };
            List<String> names = new ArrayList<>();
            if (hasHeader) {
                Map<String, Integer> seen = new HashMap<>();
                for (int c = 0; c < width; c++) {
                    // a line break inside a quoted name (RFC 4180) or a tab becomes a space; other control
                    // characters (NUL, escape sequences) are refused: names go into figures and files
                    String nm = first.get(c).replaceAll("[\\r\\n\\t]+", " ").strip();
                    if (nm.isEmpty()) {
                        nm = "x_" + (c + 1);
                    }
                    if (Snippet.hasUnsafe(nm)) {
                        throw new ValidationException("data", source + " line " + firstLine + ", column " + (c + 1)
                                + ": the column name " + Snippet.quoted(nm) + " contains control characters "
                                + "(rename the column)");
                    }
                    Integer prev = seen.put(nm, c);
                    if (prev != null) {
                        throw new ValidationException("data", source + " line " + firstLine + ": the column name "
                                + Snippet.quoted(nm) + " appears twice (columns " + (prev + 1) + " and " + (c + 1) + ")");
                    }
                    names.add(nm);
                }
            } else {
                names.addAll(Dataset.defaultNames(width));
            }
            double[] values = new double[Math.max(width, 1) * ESTIMATE_AFTER_ROWS];
            int rows = 0;
            int firstDataLine = -1;
            List<String> rec = hasHeader ? record() : first;
            boolean estimated = false;
            while (rec != null) {
                if (rows == 0) {
                    firstDataLine = recordLine;
                }
                if (rec.size() != width) {
                    throw new ValidationException("data", source + " line " + recordLine + " has " + rec.size()
                            + (rec.size() == 1 ? " field" : " fields") + ", but line " + firstLine + " has " + width
                            + " (is a delimiter missing or extra?)");
                }
                long need = (long) (rows + 1) * width;
                if (need > values.length) {
                    long grown = Math.max(need, values.length + (values.length >> 1));
                    if (!estimated && total > 0 && rows > 0) {
                        // the first growth, after ESTIMATE_AFTER_ROWS rows: size the table from the file size once
                        estimated = true;
                        long estimate = estimateRows(rows);
                        checkFits(estimate, width, true);
                        grown = Math.max(need, (long) Math.ceil(estimate * 1.02) * width);
                    }
                    grown = Math.min(grown, MAX_VALUES);
                    if (need > MAX_VALUES) {
                        throw tooBig(rows + 1L, width, "more numbers than one table can hold");
                    }
                    checkFits(grown / Math.max(width, 1), width, false);
                    values = Arrays.copyOf(values, (int) grown);
                }
                for (int c = 0; c < width; c++) {
                    values[rows * width + c] = number(rec.get(c), delimiter, source, recordLine, c, names.get(c));
                }
                rows++;
                rec = record();
            }
            if (rows == 0) {
                throw new ValidationException("data", source + " has a header but no rows of numbers");
            }
            if (rows < MIN_ROWS) {
                throw new ValidationException("data", source + " has only one row of numbers (line " + firstDataLine
                        + "); at least " + MIN_ROWS + " are needed");
            }
            report();
            return new DataTable(tableName, names, rows, values.length == rows * width ? values
                    : Arrays.copyOf(values, rows * width), hasHeader);
        }

        /** Rows the whole file holds, judged from the characters the first {@code rows} took. */
        private long estimateRows(int rows) {
            long chars = charsBefore + pos;
            double perRow = Math.max(1.0, (double) chars / rows);
            return Math.max(rows, (long) Math.ceil(total / perRow));
        }

        /** Refuses a table of {@code rows × width} numbers that would not fit in the memory left. */
        private void checkFits(long rows, int width, boolean estimate) {
            double need = MEMORY_FACTOR * 8.0 * rows * width;
            long free = headroom.getAsLong();
            if (need > free) {
                throw tooBig(rows, width, (estimate ? "about " : "") + mb(need) + " MB of memory, but only " + mb(free)
                        + " MB are free");
            }
        }

        private ValidationException tooBig(long rows, int width, String why) {
            long free = headroom.getAsLong();
            long fit = (long) (free / (MEMORY_FACTOR * 8.0 * Math.max(width, 1)));
            fit = Math.min(fit, MAX_VALUES / Math.max(width, 1));
            return new ValidationException("data", source + " is too large: about " + rows + " rows × " + width
                    + " columns need " + why + "; about " + fit + " rows would fit. Use a sample of the file (its first "
                    + fit + " rows), or give EM Lab more memory (EMLAB_JAVA_OPTS=-Xmx8g ./emlab ...)");
        }

        private static long mb(double bytes) {
            return (long) Math.ceil(bytes / (1 << 20));
        }

        // ---- characters ----

        /** The next character, or -1 at the end. */
        private int next() throws IOException {
            while (pos >= lim) {
                if (!fill()) {
                    return -1;
                }
            }
            return buf[pos++];
        }

        /** The next character without taking it, or -1 at the end. */
        private int peek() throws IOException {
            while (pos >= lim) {
                if (!fill()) {
                    return -1;
                }
            }
            return buf[pos];
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (started) {
                report();
            }
            started = true;
            charsBefore += lim;
            pos = 0;
            lim = 0;
            int n;
            try {
                n = reader.read(buf, 0, buf.length);
            } catch (CharacterCodingException e) {
                throw new ValidationException("data", source + " is not UTF-8 text near line " + line
                        + " (is it a spreadsheet? save it as CSV, UTF-8)");
            }
            if (n <= 0) {
                eof = true;
                return false;
            }
            lim = n;
            if (charsBefore == 0 && buf[0] == '\uFEFF') {
                pos = 1;
            }
            return true;
        }

        /** Reports progress and honours a cancel (once per block). */
        private void report() {
            long read = bytes != null ? bytes.count : Math.min(total, charsBefore + lim);
            progress.update(read, total);
            if (progress.cancelled()) {
                throw new CancellationException("import of " + source + " cancelled; nothing was loaded");
            }
        }

        /** Consumes a line end whose first character {@code c} was read (CR LF counts once). */
        private void endLine(int c) throws IOException {
            if (c == '\r' && peek() == '\n') {
                pos++;
            }
            line++;
        }

        private void skipRestOfLine() throws IOException {
            while (true) {
                int c = next();
                if (c < 0) {
                    return;
                }
                if (c == '\n' || c == '\r') {
                    endLine(c);
                    return;
                }
            }
        }

        /** The next record (blank and comment lines skipped), or null at the end. */
        private List<String> record() throws IOException {
            while (true) {
                cell.setLength(0);
                int c;
                // leading blanks of the line
                while (true) {
                    c = next();
                    if (c < 0) {
                        return null;
                    }
                    if (c != '\n' && c != '\r' && Character.isWhitespace(c)) {
                        cell.append((char) c);
                    } else {
                        break;
                    }
                }
                if (c == '\n' || c == '\r') {
                    endLine(c);
                    continue;
                }
                if (c == '#') {
                    skipRestOfLine();
                    continue;
                }
                recordLine = line;
                return fields(c);
            }
        }

        /** The fields of a record whose first non-blank character {@code c} was read. */
        private List<String> fields(int c) throws IOException {
            List<String> cells = new ArrayList<>(8);
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        throw new ValidationException("data", source + " line " + recordLine
                                + ": a quoted field is never closed (a \" is missing)");
                    }
                    cells.add(take(wasQuoted));
                    return cells;
                }
                if (quoted) {
                    if (c == '"') {
                        if (peek() == '"') {
                            pos++;
                            cell.append('"');
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append((char) c);
                        if (c == '\n' || (c == '\r' && peek() != '\n')) {
                            line++;
                        }
                    }
                } else if (c == '"' && isBlank(cell)) {
                    quoted = true;
                    wasQuoted = true;
                    cell.setLength(0);
                } else if (c == delimiter) {
                    cells.add(take(wasQuoted));
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    cells.add(take(wasQuoted));
                    endLine(c);
                    return cells;
                } else {
                    cell.append((char) c);
                }
                c = next();
            }
        }

        private String take(boolean wasQuoted) {
            String s = wasQuoted ? cell.toString() : cell.toString().strip();
            cell.setLength(0);
            return s;
        }

        private static boolean isBlank(CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---- delimiter and numbers -------------------------------------------------------------------

    /**
     * The delimiter: among tab, semicolon and comma (in that order of preference), the first that
     * splits every sampled line into the same number (&gt; 1) of fields outside quotes; otherwise the
     * one found most often; a comma when the file has a single column.
     */
    static char detectDelimiter(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>();
        int from = 0;
        int n = text.length();
        while (from <= n && lines.size() < DETECT_LINES) {
            int to = from;
            while (to < n && text.charAt(to) != '\n' && text.charAt(to) != '\r') {
                to++;
            }
            String l = text.substring(from, to);
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                lines.add(l);
            }
            if (to >= n) {
                break;
            }
            from = to + (text.charAt(to) == '\r' && to + 1 < n && text.charAt(to + 1) == '\n' ? 2 : 1);
        }
        if (lines.isEmpty()) {
            return ',';
        }
        char best = ',';
        int bestCount = 0;
        for (char d : DELIMITERS) {
            int common = -1;
            boolean consistent = true;
            int total = 0;
            for (String l : lines) {
                int k = countOutsideQuotes(l, d);
                total += k;
                if (common < 0) {
                    common = k;
                } else if (k != common) {
                    consistent = false;
                }
            }
            if (consistent && common > 0) {
                return d;
            }
            if (total > bestCount) {
                bestCount = total;
                best = d;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String l, char d) {
        int k = 0;
        boolean q = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"') {
                q = !q;
            } else if (c == d && !q) {
                k++;
            }
        }
        return k;
    }

    private static boolean allNumeric(List<String> r, char delimiter) {
        for (String c : r) {
            if (parse(c, delimiter) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code s} is a plain decimal number {@code [+-]?(d+.?d*|.d+)([eE][+-]?d+)?}, with
     * {@code sep} as the decimal separator.
     */
    static boolean isDecimal(String s, char sep) {
        return NumberSyntax.isDecimal(s, sep);
    }

    /** The number in a cell, or null when it is not a plain finite decimal number. */
    private static Double parse(String cell, char delimiter) {
        String s = cell.strip();
        if (isDecimal(s, '.')) {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        }
        if (delimiter != ',' && isDecimal(s, ',')) {
            double v = Double.parseDouble(s.replace(',', '.'));
            return Double.isFinite(v) ? v : null;
        }
        return null;
    }

    private static double number(String cell, char delimiter, String source, int line, int c, String name) {
        if (isDecimal(cell, '.')) {
            // the fast path: cells are stripped already
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        }
        Double v = parse(cell, delimiter);
        if (v != null) {
            return v;
        }
        String where = source + " line " + line + ", column " + (c + 1) + " (" + Snippet.quoted(name) + ")";
        String s = cell.strip();
        if (s.isEmpty()) {
            throw new ValidationException("data", where + " is empty; missing values are not supported (remove the row)");
        }
        NumberSyntax.Problem problem = NumberSyntax.problem(s);
        if (problem == NumberSyntax.Problem.MISSING) {
            throw new ValidationException("data", where + ": " + Snippet.quoted(s) + " is a missing value; missing values "
                    + "are not supported (remove the row)");
        }
        if (problem == NumberSyntax.Problem.NOT_FINITE) {
            throw new ValidationException("data", where + ": " + Snippet.quoted(s) + " is not a finite number");
        }
        throw new ValidationException("data", where + ": " + Snippet.quoted(s) + " is not a number");
    }
}
