package org.emlab.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.emlab.core.param.ValidationException;

/**
 * Strict reading of the small JSON files EM Lab ships and saves (presets, sessions): the text is
 * parsed into a tree, every field is checked by hand against the expected shape (so each message
 * names the file, the field, what was expected and what was found), and only then is the tree
 * bound to a plain record by jackson-databind. No polymorphic typing is enabled anywhere.
 */
public final class StrictJson {
    /** One shared mapper: strict binding, no default typing, duplicate keys rejected. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * Largest preset or session file read, in bytes (the shipped ones are below 4 kB); a bigger file is
     * refused before it is parsed, so a huge array or string cannot exhaust the memory.
     */
    static final int MAX_BYTES = 1 << 20;

    private final String kind;
    private final String source;

    /**
     * @param kind   "preset" or "session", for messages
     * @param source where the text came from (a file name), for messages
     */
    public StrictJson(String kind, String source) {
        this.kind = kind;
        this.source = source;
    }

    public ValidationException fail(String message) {
        return new ValidationException(kind, kind + " " + source + ": " + message);
    }

    /**
     * The text of a file, refused when it is not a regular file ({@link InputFiles}: a pipe or a device
     * is never opened), larger than {@link #MAX_BYTES} or not UTF-8. A UTF-8 byte-order mark is dropped.
     *
     * @throws IOException when the file cannot be read
     */
    public String readFile(Path file) throws IOException {
        byte[] bytes = InputFiles.readBounded(file, kind, "the " + kind, MAX_BYTES, this::tooBig);
        return decode(bytes);
    }

    /** The text of standard input ({@code --preset -}), with the same size guard as a file. */
    public String readStdin() throws IOException {
        return decode(InputFiles.readStdin(kind, MAX_BYTES, this::tooBig));
    }

    private String tooBig(long size) {
        return kind + " " + source + ": the file is " + sizeText(size) + "; a " + kind + " is at most " + sizeText(MAX_BYTES)
                + " (is it the right file?)";
    }

    private String decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the file is not UTF-8 text (is it the right file?)");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String sizeText(long bytes) {
        return bytes >= 1 << 20 ? (bytes + (1 << 19)) / (1 << 20) + " MB" : (bytes + 512) / 1024 + " kB";
    }

    /** Parses {@code text}; the root must be an object. */
    public JsonNode parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw fail("the text is " + sizeText(text.length()) + " long; a " + kind + " is at most "
                    + sizeText(MAX_BYTES) + " (is it the right file?)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some editors write (CSV files may have one too)
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw fail("malformed JSON" + where + ": " + jsonProblem(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw fail("the file is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw fail("expected a JSON object { ... } at the top (got " + describe(root) + ")");
        }
        return root;
    }

    /** Rejects fields outside {@code allowed} and reports missing {@code required} ones. */
    public void fields(JsonNode obj, String where, Set<String> allowed, Set<String> required) {
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw fail("unknown field \"" + path(where, f) + "\"; allowed fields: " + String.join(", ", allowed));
            }
        }
        for (String r : required) {
            if (!obj.has(r) || obj.get(r).isNull()) {
                throw fail("missing field \"" + path(where, r) + "\"");
            }
        }
    }

    /** The format version: a positive integer no newer than {@code supported}. */
    public int version(JsonNode root, int supported, String newerAdvice) {
        JsonNode v = root.get("version");
        if (v == null || v.isNull()) {
            throw fail("missing field \"version\" (this EM Lab reads version " + supported + ")");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw fail("field \"version\" must be a positive whole number (got " + describe(v) + ")");
        }
        if (v.intValue() > supported) {
            throw fail("version " + v.intValue() + " is newer than this EM Lab " + AppVersion.get()
                    + " can read (version " + supported + "); " + newerAdvice);
        }
        return v.intValue();
    }

    public String text(JsonNode obj, String where, String field) {
        JsonNode v = obj.get(field);
        if (!v.isTextual()) {
            throw fail("field \"" + path(where, field) + "\" must be a string (got " + describe(v) + ")");
        }
        return v.textValue();
    }

    public String nonEmptyText(JsonNode obj, String where, String field) {
        String s = text(obj, where, field).strip();
        if (s.isEmpty()) {
            throw fail("field \"" + path(where, field) + "\" must not be empty");
        }
        return s;
    }

    public int integer(JsonNode obj, String where, String field, int min, int max) {
        JsonNode v = obj.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw fail("field \"" + path(where, field) + "\" must be a whole number in [" + min + ", " + max + "] (got "
                    + describe(v) + ")");
        }
        return v.intValue();
    }

    public boolean bool(JsonNode obj, String where, String field) {
        JsonNode v = obj.get(field);
        if (!v.isBoolean()) {
            throw fail("field \"" + path(where, field) + "\" must be true or false (got " + describe(v) + ")");
        }
        return v.booleanValue();
    }

    public JsonNode object(JsonNode obj, String where, String field) {
        JsonNode v = obj.get(field);
        if (!v.isObject()) {
            throw fail("field \"" + path(where, field) + "\" must be an object { ... } (got " + describe(v) + ")");
        }
        return v;
    }

    /** An object whose values are all strings, in file order. */
    public Map<String, String> stringMap(JsonNode obj, String where, String field, String valueHint) {
        return map(obj, where, field, (v, key) -> {
            if (!v.isTextual()) {
                throw fail("field \"" + path(path(where, field), key) + "\" must be a string" + valueHint + " (got "
                        + describe(v) + ")");
            }
            return v.textValue();
        });
    }

    /** An object mapped value by value, in file order. */
    public <T> Map<String, T> map(JsonNode obj, String where, String field, ValueReader<T> reader) {
        JsonNode m = object(obj, where, field);
        Map<String, T> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = m.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), reader.read(e.getValue(), e.getKey()));
        }
        return out;
    }

    /** Reads one value of a map. */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(JsonNode value, String key);
    }

    /** Binds a checked tree to a record with jackson-databind (no polymorphic typing). */
    public <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // every field was checked by hand before: this is a shape the checks missed, said without the
            // binder's internals
            throw fail("the file does not have the shape of a " + kind + " (" + jsonProblem(e.getMessage()) + ")");
        }
    }

    /**
     * A JSON parser's complaint in words, without the parser's internals (feature names, class names,
     * token types): what is wrong and, where it helps, how JSON wants it.
     */
    static String jsonProblem(String raw) {
        String m = raw == null ? "" : raw.lines().findFirst().orElse("");
        java.util.regex.Matcher dup = java.util.regex.Pattern.compile("Duplicate field '(.*)'").matcher(m);
        if (dup.find()) {
            return "the field " + org.emlab.core.text.Snippet.quoted(dup.group(1)) + " appears twice";
        }
        if (m.contains("nesting depth")) {
            return "the text is nested more than 1000 levels deep";
        }
        if (m.startsWith("Trailing token") || m.contains("after value")) {
            return "there is more text after the end of the JSON object";
        }
        if (m.contains("comment")) {
            return "comments (/* */ or //) are not allowed in JSON";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON is complete (a closing } or ] or \" is missing)";
        }
        java.util.regex.Matcher tok = java.util.regex.Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'").matcher(m);
        if (tok.find()) {
            return "unexpected word " + org.emlab.core.text.Snippet.quoted(tok.group(1)) + " (text needs double quotes; NaN "
                    + "and Infinity are not JSON numbers)";
        }
        if (m.contains("Illegal unquoted character") || m.contains("CTRL-CHAR")) {
            return "a control character inside a string (write it escaped, such as \\n)";
        }
        java.util.regex.Matcher ch = java.util.regex.Pattern.compile("Unexpected character \\('(.*?)' \\(code (\\d+)")
                .matcher(m);
        if (ch.find()) {
            String c = org.emlab.core.text.Snippet.of(ch.group(1));
            if (m.contains("double-quote to start field name")) {
                return "unexpected character '" + c + "' where a field name in double quotes should start (single quotes "
                        + "and trailing commas are not JSON)";
            }
            if (m.contains("comma to separate")) {
                return "unexpected character '" + c + "': a comma is missing between two entries";
            }
            if (m.contains("colon to separate")) {
                return "unexpected character '" + c + "': a colon is missing after a field name";
            }
            return "unexpected character '" + c + "'";
        }
        if (m.contains("Leading zeroes") || m.contains("numeric value") || m.contains("Numeric value")) {
            return "a number is not written as JSON writes numbers";
        }
        if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF-16")) {
            return "the text is not UTF-8";
        }
        return "the text is not valid JSON";
    }

    /** {@code where.field}, the field name (which may come from the file) escaped and cut for messages. */
    public static String path(String where, String field) {
        String f = org.emlab.core.text.Snippet.of(field);
        return where.isEmpty() ? f : where + "." + f;
    }

    /** A short description of a JSON value for messages: "number 3", "string \"x\"", "an array". */
    public static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "string " + org.emlab.core.text.Snippet.quoted(v.textValue());
        }
        if (v.isNumber()) {
            return "number " + org.emlab.core.text.Snippet.of(v.asText());
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Names of {@code list} for messages. */
    public static <T> String names(List<T> list, Function<T, String> name) {
        List<String> out = new ArrayList<>();
        for (T t : list) {
            out.add(name.apply(t));
        }
        return String.join(", ", out);
    }
}
