package org.emlab.core.preset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.StrictJson;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ValidationException;

/**
 * Reads and writes lectures ({@link Lecture}). Shipped lectures sit with their lab's presets, in
 * {@code assets/presets/<lab-id>/}, listed under {@code "lectures"} in that folder's
 * {@code index.json}. The format:
 *
 * <pre>
 * {"version": 1, "name": "gmm-simplex-story", "title": "…",
 *  "scenes": [{"preset": "gmm-simplex-dft-vs-uniform", "caption": "…", "iterations": 120,
 *              "maximise": "kl", "play": true, "theory": false},
 *             {"lab": "gmm-simplex", "params": {"k": "4"}, "caption": "…"}]}
 * </pre>
 *
 * Reading is strict, as for presets: every problem is one line naming the file, the scene and the
 * field.
 */
public final class Lectures {
    /** The lecture format this version reads and writes. */
    public static final int VERSION = 1;
    /** File-name ending of a lecture saved by the window. */
    public static final String EXTENSION = ".lecture.json";
    private static final Set<String> FIELDS = Set.of("version", "name", "title", "scenes");
    private static final Set<String> SCENE_FIELDS = new LinkedHashSet<>(List.of("preset", "lab", "params", "compare",
            "caption", "iterations", "maximise", "play", "theory"));
    private static volatile List<Lecture> shipped;

    private Lectures() {
    }

    /** Reads and validates a lecture; {@code source} names it in messages. */
    public static Lecture parse(String json, String source) {
        StrictJson j = new StrictJson("lecture", source);
        JsonNode root = j.parse(json);
        j.version(root, VERSION, "update EM Lab to use this lecture");
        j.fields(root, "", FIELDS, FIELDS);
        String name = j.nonEmptyText(root, "", "name");
        if (!Presets.NAME.matcher(name).matches()) {
            throw j.fail("field \"name\" must be lower-case words joined by dashes (got \"" + name + "\")");
        }
        String title = j.nonEmptyText(root, "", "title");
        JsonNode list = root.get("scenes");
        if (!list.isArray() || list.isEmpty()) {
            throw j.fail("field \"scenes\" must be a non-empty array of scenes");
        }
        List<Lecture.Scene> scenes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "scenes[" + i + "]";
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                throw j.fail(where + " must be an object");
            }
            j.fields(s, where, SCENE_FIELDS, Set.of("caption"));
            String preset = s.hasNonNull("preset") ? j.nonEmptyText(s, where, "preset") : null;
            String lab = s.hasNonNull("lab") ? j.nonEmptyText(s, where, "lab") : null;
            if ((preset == null) == (lab == null)) {
                throw j.fail(where + " names either a \"preset\" or a \"lab\" (with \"params\"), exactly one of them");
            }
            Map<String, String> params = s.hasNonNull("params") ? j.stringMap(s, where, "params",
                    " holding the value as the CLI takes it, e.g. \"3\"") : Map.of();
            Preset.Compare compare = null;
            if (s.hasNonNull("compare")) {
                JsonNode c = j.object(s, where, "compare");
                j.fields(c, where + ".compare", Set.of("param", "value"), Set.of("param", "value"));
                compare = new Preset.Compare(j.nonEmptyText(c, where + ".compare", "param"),
                        j.nonEmptyText(c, where + ".compare", "value"));
            }
            String caption = j.nonEmptyText(s, where, "caption");
            Integer iterations = s.hasNonNull("iterations") ? j.integer(s, where, "iterations", 0,
                    Presets.MAX_ITERATIONS) : null;
            String maximise = s.hasNonNull("maximise") ? j.nonEmptyText(s, where, "maximise") : null;
            boolean play = s.has("play") && j.bool(s, where, "play");
            boolean theory = s.has("theory") && j.bool(s, where, "theory");
            Lecture.Scene scene = new Lecture.Scene(preset, lab, params, compare, caption, iterations, maximise, play,
                    theory);
            try {
                scene.values();
                if (scene.contrast() != null) {
                    Lab l = scene.labObject();
                    l.validate(scene.values().with(scene.contrast().param(), scene.contrast().value()));
                }
            } catch (IllegalArgumentException e) {
                throw j.fail(where + ": " + e.getMessage());
            }
            scenes.add(scene);
        }
        return new Lecture(VERSION, name, title, scenes);
    }

    /** Reads a lecture file (one saved by the window, or written by hand in the same format). */
    public static Lecture read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return parse(new StrictJson("lecture", name).readFile(file), name);
        } catch (IOException e) {
            throw new ValidationException("lecture", "lecture " + name + ": cannot read it ("
                    + (e.getMessage() == null ? "read error" : e.getMessage()) + ")");
        }
    }

    /** The JSON text of a lecture, in the format {@link #parse} reads. */
    public static String toJson(Lecture lecture) {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("name", lecture.name());
        root.put("title", lecture.title());
        ArrayNode scenes = root.putArray("scenes");
        for (Lecture.Scene s : lecture.scenes()) {
            ObjectNode n = scenes.addObject();
            if (s.preset() != null) {
                n.put("preset", s.preset());
            } else {
                n.put("lab", s.lab());
            }
            if (!s.params().isEmpty()) {
                ObjectNode p = n.putObject("params");
                s.params().forEach(p::put);
            }
            if (s.compare() != null) {
                ObjectNode c = n.putObject("compare");
                c.put("param", s.compare().param());
                c.put("value", s.compare().value());
            }
            n.put("caption", s.caption());
            if (s.iterations() != null) {
                n.put("iterations", s.iterations());
            }
            if (s.maximise() != null) {
                n.put("maximise", s.maximise());
            }
            n.put("play", s.play());
            n.put("theory", s.theory());
        }
        try {
            return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a lecture: " + e.getMessage(), e);
        }
    }

    /** Writes {@code lecture} to {@code file} (atomically: the old file stays whole until the new one is). */
    public static void write(Path file, Lecture lecture) throws IOException {
        AtomicFiles.writeString(file, toJson(lecture));
    }

    /** Every shipped lecture, in lab order (loaded once). */
    public static List<Lecture> shipped() {
        List<Lecture> s = shipped;
        if (s == null) {
            List<Lecture> out = new ArrayList<>();
            for (String file : index()) {
                out.add(parse(Presets.resource(file), file));
            }
            s = List.copyOf(out);
            shipped = s;
        }
        return s;
    }

    /** The shipped lecture called {@code name}, or a message listing the names. */
    public static Lecture find(String name) {
        for (Lecture l : shipped()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new ValidationException("lecture", "unknown lecture \"" + name + "\"; choose one of: "
                + StrictJson.names(shipped(), Lecture::name));
    }

    /** The shipped lecture files, as {@code <lab-id>/<file>.json}, from each lab folder's index. */
    public static List<String> index() {
        List<String> out = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            String listing = lab.id() + "/" + Presets.INDEX;
            String text = optional(listing);
            if (text == null) {
                continue;
            }
            StrictJson j = new StrictJson("index", listing);
            JsonNode root = j.parse(text);
            JsonNode list = root.get("lectures");
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw j.fail("field \"lectures\" must be an array of file names");
            }
            for (JsonNode n : list) {
                if (!n.isTextual() || !n.textValue().endsWith(".json") || n.textValue().contains("/")) {
                    throw j.fail("every entry of \"lectures\" must be a file name ending in .json (got "
                            + StrictJson.describe(n) + ")");
                }
                out.add(lab.id() + "/" + n.textValue());
            }
        }
        return out;
    }

    private static String optional(String file) {
        try (InputStream in = Lectures.class.getResourceAsStream(Presets.RESOURCE_DIR + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + Presets.RESOURCE_DIR + file + ": " + e.getMessage(), e);
        }
    }
}
