package org.emlab.core.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ValidationException;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.StrictJson;
import org.emlab.core.io.IoReasons;
import org.emlab.core.data.DataSources;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.Roles;

/**
 * Saves and opens {@link Session}s: a pretty-printed JSON file ({@code .emlab.json}) or a compact
 * text for the clipboard, {@code emlab:} followed by the deflated JSON in base64url. Reading is
 * strict, and a session saved by a newer EM Lab, or with an unknown format, gets a clear message.
 */
public final class Sessions {
    /** The {@code format} field of every session file. */
    public static final String FORMAT = "emlab-session";
    /** The session format this EM Lab reads and writes. */
    public static final int VERSION = 1;
    /** Prefix of the clipboard form. */
    public static final String TEXT_PREFIX = "emlab:";
    /** File name ending of session files. */
    public static final String EXTENSION = ".emlab.json";
    /** Largest accepted inflated clipboard text, in bytes. */
    public static final int MAX_TEXT_BYTES = 1 << 20;
    /** Largest iteration a session may ask to step to. */
    public static final int MAX_ITERATION = 100_000_000;

    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("format", "version", "app", "lab", "params",
            "iteration", "view"));
    private static final Set<String> VIEW_FIELDS = new LinkedHashSet<>(List.of("options", "logAxes", "theme", "lecture"));
    private static final Set<String> AXES_FIELDS = new LinkedHashSet<>(List.of("x", "y"));

    private Sessions() {
    }

    /** Pretty-printed JSON. */
    public static String toJson(Session s) {
        try {
            return StrictJson.MAPPER.writeValueAsString(s) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session: " + e.getMessage(), e);
        }
    }

    /** Reads and validates a session. */
    public static Session parse(String json, String source) {
        return parse(json, source, null);
    }

    /**
     * Reads and validates a session from a file in {@code folder} (null: pasted text). A data file it
     * names by a relative path is resolved against that folder and may not leave it; the absolute path
     * the window saves is kept ({@link DataSources#inFolder}). Either must be a regular file when the
     * run starts.
     */
    static Session parse(String json, String source, Path folder) {
        StrictJson j = new StrictJson("session", source);
        JsonNode root = j.parse(json);
        if (root.has("format") && !(root.get("format").isTextual() && FORMAT.equals(root.get("format").textValue()))) {
            throw j.fail("this is not an EM Lab session (field \"format\" is " + StrictJson.describe(root.get("format"))
                    + ", expected \"" + FORMAT + "\")");
        }
        String app = root.has("app") && root.get("app").isTextual() ? root.get("app").textValue() : "unknown";
        j.version(root, VERSION, "it was saved by EM Lab " + app + "; open it with that version or a newer one");
        j.fields(root, "", FIELDS, FIELDS);
        j.nonEmptyText(root, "", "format");
        j.nonEmptyText(root, "", "app");
        String labId = j.nonEmptyText(root, "", "lab");
        Lab lab;
        try {
            lab = LabRegistry.get(labId);
        } catch (IllegalArgumentException e) {
            throw j.fail("field \"lab\": " + e.getMessage());
        }
        Map<String, String> params = j.stringMap(root, "", "params", " holding the value as the CLI takes it");
        for (org.emlab.core.param.ParamSpec ds : Roles.withRole(lab.parameters(), ParamRole.DataSource.class)) {
            String v = params.get(ds.name());
            if (v != null) {
                try {
                    params.put(ds.name(), DataSources.inFolder(v, folder, true, "session"));
                } catch (ValidationException e) {
                    throw j.fail("field \"params." + ds.name() + "\": " + e.getMessage());
                }
            }
        }
        j.integer(root, "", "iteration", 0, MAX_ITERATION);
        JsonNode view = j.object(root, "", "view");
        j.fields(view, "view", VIEW_FIELDS, VIEW_FIELDS);
        j.stringMap(view, "view", "options", "");
        j.map(view, "view", "logAxes", (v, key) -> {
            String where = "view.logAxes." + key;
            if (!v.isObject()) {
                throw j.fail("field \"" + where + "\" must be an object {\"x\": false, \"y\": true} (got "
                        + StrictJson.describe(v) + ")");
            }
            j.fields(v, where, AXES_FIELDS, AXES_FIELDS);
            j.bool(v, where, "x");
            j.bool(v, where, "y");
            return null;
        });
        String theme = j.nonEmptyText(view, "view", "theme");
        if (!theme.equals("light") && !theme.equals("projector")) {
            throw j.fail("field \"view.theme\" must be \"light\" or \"projector\" (got \"" + theme + "\")");
        }
        j.bool(view, "view", "lecture");
        Session bound = j.bind(root, Session.class);
        Session s = new Session(bound.format(), bound.version(), bound.app(), bound.lab(), params, bound.iteration(),
                bound.view());
        try {
            lab.defaults().withAll(params);
            s.values();
        } catch (ValidationException e) {
            throw j.fail("params: " + e.getMessage());
        }
        return s;
    }

    /** Writes a session file atomically. */
    public static void write(Path file, Session s) throws IOException {
        AtomicFiles.writeString(file, toJson(s));
    }

    /** Opens a session file. */
    public static Session read(Path file) throws IOException {
        String name = IoReasons.show(file.getFileName() == null ? file.toString() : file.getFileName().toString());
        Path folder = file.toAbsolutePath().getParent();
        return parse(new StrictJson("session", name).readFile(file), name, folder);
    }

    /** The compact clipboard form: {@code emlab:} + base64url(deflate(compact JSON)). */
    public static String toText(Session s) {
        byte[] json;
        try {
            json = StrictJson.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session: " + e.getMessage(), e);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(json);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Reads the clipboard form (or plain session JSON, as pasted from a file). */
    public static Session fromText(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("{")) {
            return parse(t, "from the clipboard");
        }
        if (!t.startsWith(TEXT_PREFIX)) {
            throw new ValidationException("session", "the clipboard does not hold an EM Lab session (it should start with \""
                    + TEXT_PREFIX + "\"; use Copy session as text)");
        }
        byte[] packed;
        try {
            packed = Base64.getUrlDecoder().decode(t.substring(TEXT_PREFIX.length()).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("session", "the session text is damaged (not base64url after \"" + TEXT_PREFIX
                    + "\"): was it copied completely?");
        }
        Inflater inf = new Inflater(true);
        inf.setInput(packed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_TEXT_BYTES) {
                    throw new DataFormatException("too long");
                }
            }
        } catch (DataFormatException e) {
            String why = "too long".equals(e.getMessage()) ? "longer than " + (MAX_TEXT_BYTES >> 20) + " MB unpacked"
                    : "truncated".equals(e.getMessage()) ? "truncated" : "not a packed session";
            throw new ValidationException("session", "the session text is damaged (" + why + "): was it copied completely?");
        } finally {
            inf.end();
        }
        return parse(out.toString(StandardCharsets.UTF_8), "from the clipboard");
    }
}
