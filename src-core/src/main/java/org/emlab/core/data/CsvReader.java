package org.emlab.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.emlab.core.param.ValidationException;

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
 * {@code NaN} and infinities), a number too large to represent, and duplicate header names.
 * Constant columns and too many columns depend on the lab and are checked when columns are picked
 * ({@link Columns}). Every problem is a {@link ValidationException} on the field {@code data}.
 */
public final class CsvReader {
    /** Largest file read (bytes). */
    public static final long MAX_BYTES = 512L << 20;
    /** Lines sampled to detect the delimiter. */
    static final int DETECT_LINES = 8;
    /** Fewest data rows a table may have. */
    public static final int MIN_ROWS = 2;

    /** Whether the first record is a header. */
    public enum Header { AUTO, YES, NO }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?(\\d+,\\d*|,\\d+)([eE][+-]?\\d+)?");
    private static final char[] DELIMITERS = {'\t', ';', ','};

    private CsvReader() {
    }

    /** Reads a file (header detected automatically). */
    public static DataTable read(Path file) {
        return read(file, Header.AUTO);
    }

    /** Reads a file. */
    public static DataTable read(Path file, Header header) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ValidationException("data", name + " is " + (size >> 20) + " MB; at most " + (MAX_BYTES >> 20)
                        + " MB can be read");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ValidationException("data", "no such file: " + file);
        } catch (IOException e) {
            throw new ValidationException("data", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(bytes, name, header);
    }

    /** Reads a stream to its end (for data sets on the class path). */
    public static DataTable read(InputStream in, String source) throws IOException {
        return parse(in.readAllBytes(), source, Header.AUTO);
    }

    /** Parses the bytes of a CSV file. */
    public static DataTable parse(byte[] bytes, String source, Header header) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException("data", source + " is not UTF-8 text (is it a spreadsheet? save it as CSV)");
        }
        return parse(text, source, header);
    }

    /** Parses CSV text. */
    public static DataTable parse(String text, String source, Header header) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char delimiter = detectDelimiter(text);
        List<Record> records = records(text, delimiter, source);
        if (records.isEmpty()) {
            throw new ValidationException("data", source + " is empty: no rows of numbers");
        }
        Record first = records.get(0);
        int width = first.cells.size();
        boolean hasHeader = switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> !allNumeric(first, delimiter);
        };
        List<String> names = new ArrayList<>();
        if (hasHeader) {
            Map<String, Integer> seen = new HashMap<>();
            for (int c = 0; c < width; c++) {
                String nm = first.cells.get(c).strip();
                if (nm.isEmpty()) {
                    nm = "x_" + (c + 1);
                }
                Integer prev = seen.put(nm, c);
                if (prev != null) {
                    throw new ValidationException("data", source + " line " + first.line + ": the column name \"" + nm
                            + "\" appears twice (columns " + (prev + 1) + " and " + (c + 1) + ")");
                }
                names.add(nm);
            }
        } else {
            names.addAll(Dataset.defaultNames(width));
        }
        int from = hasHeader ? 1 : 0;
        int rows = records.size() - from;
        if (rows == 0) {
            throw new ValidationException("data", source + " has a header but no rows of numbers");
        }
        if (rows < MIN_ROWS) {
            throw new ValidationException("data", source + " has only one row of numbers (line " + records.get(from).line
                    + "); at least " + MIN_ROWS + " are needed");
        }
        double[] values = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            Record rec = records.get(from + r);
            if (rec.cells.size() != width) {
                throw new ValidationException("data", source + " line " + rec.line + " has " + rec.cells.size()
                        + (rec.cells.size() == 1 ? " field" : " fields") + ", but line " + first.line + " has " + width
                        + " (is a delimiter missing or extra?)");
            }
            for (int c = 0; c < width; c++) {
                values[r * width + c] = number(rec.cells.get(c), delimiter, source, rec.line, c, names.get(c));
            }
        }
        return new DataTable(source, names, rows, values, hasHeader);
    }

    // ---- records ----------------------------------------------------------------------------------

    /** One CSV record and the (1-based) line it starts on. */
    private record Record(int line, List<String> cells) {
    }

    /** Splits the text into records, honouring quotes; blank and comment lines are skipped. */
    private static List<Record> records(String text, char delimiter, String source) {
        List<Record> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            int start = i;
            int startLine = line;
            // skip blank lines and comment lines
            int j = i;
            while (j < n && text.charAt(j) != '\n' && text.charAt(j) != '\r' && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (j >= n) {
                break;
            }
            char c0 = text.charAt(j);
            if (c0 == '\n' || c0 == '\r' || c0 == '#') {
                i = skipLine(text, j);
                line++;
                continue;
            }
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            i = start;
            while (true) {
                if (i >= n) {
                    if (quoted) {
                        throw new ValidationException("data", source + " line " + startLine
                                + ": a quoted field is never closed (a \" is missing)");
                    }
                    cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                    break;
                }
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                        } else {
                            quoted = false;
                            i++;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                            line++;
                        }
                        cell.append(c);
                        i++;
                    }
                    continue;
                }
                if (c == '"' && cell.toString().isBlank()) {
                    quoted = true;
                    wasQuoted = true;
                    cell.setLength(0);
                    i++;
                } else if (c == delimiter) {
                    cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                    cell.setLength(0);
                    wasQuoted = false;
                    i++;
                } else if (c == '\n' || c == '\r') {
                    cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                    i = skipLine(text, i);
                    line++;
                    break;
                } else {
                    cell.append(c);
                    i++;
                }
            }
            out.add(new Record(startLine, cells));
        }
        return out;
    }

    /** Index after the line end that starts at or after {@code i}. */
    private static int skipLine(String text, int i) {
        int n = text.length();
        while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        if (i < n && text.charAt(i) == '\r') {
            i++;
            if (i < n && text.charAt(i) == '\n') {
                i++;
            }
        } else if (i < n) {
            i++;
        }
        return i;
    }

    // ---- delimiter and numbers -------------------------------------------------------------------

    /**
     * The delimiter: among tab, semicolon and comma (in that order of preference), the first that
     * splits every sampled line into the same number (&gt; 1) of fields outside quotes; otherwise the
     * one found most often; a comma when the file has a single column.
     */
    static char detectDelimiter(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\r\n|\r|\n", -1)) {
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                lines.add(l);
                if (lines.size() >= DETECT_LINES) {
                    break;
                }
            }
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

    private static boolean allNumeric(Record r, char delimiter) {
        for (String c : r.cells) {
            if (parse(c, delimiter) == null) {
                return false;
            }
        }
        return true;
    }

    /** The number in a cell, or null when it is not a plain finite decimal number. */
    private static Double parse(String cell, char delimiter) {
        String s = cell.strip();
        if (NUMBER.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        }
        if (delimiter != ',' && DECIMAL_COMMA.matcher(s).matches()) {
            double v = Double.parseDouble(s.replace(',', '.'));
            return Double.isFinite(v) ? v : null;
        }
        return null;
    }

    private static double number(String cell, char delimiter, String source, int line, int c, String name) {
        Double v = parse(cell, delimiter);
        if (v != null) {
            return v;
        }
        String where = source + " line " + line + ", column " + (c + 1) + " (\"" + name + "\")";
        String s = cell.strip();
        if (s.isEmpty()) {
            throw new ValidationException("data", where + " is empty; missing values are not supported (remove the row)");
        }
        String low = s.toLowerCase(Locale.ROOT);
        if (low.equals("nan") || low.equals("na") || low.equals("n/a") || low.equals("null")) {
            throw new ValidationException("data", where + ": \"" + s + "\" is a missing value; missing values are not "
                    + "supported (remove the row)");
        }
        if (low.matches("[+-]?(inf|infinity)") || NUMBER.matcher(s).matches()) {
            throw new ValidationException("data", where + ": \"" + s + "\" is not a finite number");
        }
        throw new ValidationException("data", where + ": \"" + abbreviate(s) + "\" is not a number");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
