package org.emlab.core.preset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ValidationException;
import org.emlab.core.io.StrictJson;
import org.emlab.core.io.InputFiles;
import org.emlab.core.io.IoReasons;
import org.emlab.core.data.DataSources;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.Roles;

/**
 * Reads presets: JSON files shipped with each lab in {@code assets/presets/<lab-id>/} (on the class
 * path under {@code org/emlab/presets/<lab-id>/}), listed in that folder's {@code index.json} because
 * a directory inside a jar cannot be listed portably. A lab without presets has no folder. The format:
 *
 * <pre>
 * {"version": 1, "name": "gmm-simplex-dft-vs-uniform", "title": "…", "lab": "gmm-simplex",
 *  "description": "what it shows and what to look for", "params": {"k": "3", "population": "true"},
 *  "iterations": 300, "compare": {"param": "weights", "value": "…"}}
 * </pre>
 *
 * Reading is strict: malformed JSON, a wrong type, an unknown or missing field, an unknown lab, a
 * newer format version and a parameter value the lab rejects each give a one-line message naming
 * the file and the field. Parameter values are the text the CLI takes, so they must be strings.
 */
public final class Presets {
    /** The preset format this version of EM Lab reads and writes. */
    public static final int VERSION = 1;
    /** Class-path folder of the shipped presets. */
    public static final String RESOURCE_DIR = "/org/emlab/presets/";
    /** The list of a lab's shipped preset files, in its folder {@link #RESOURCE_DIR}{@code <lab-id>/}. */
    public static final String INDEX = "index.json";
    /** Longest suggested horizon. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Preset names: lower case words joined by dashes (they are also file names and CLI arguments). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Most trials per point a shipped sweep may ask for. */
    public static final int MAX_SWEEP_TRIALS = 1000;
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("version", "name", "title", "lab",
            "description", "params", "iterations", "compare", "sweep"));
    private static final Set<String> REQUIRED = new LinkedHashSet<>(List.of("version", "name", "title", "lab",
            "description", "params"));
    private static final Set<String> COMPARE_FIELDS = new LinkedHashSet<>(List.of("param", "value"));
    private static final Set<String> SWEEP_FIELDS = new LinkedHashSet<>(List.of("vary", "trials", "iterations", "stat", "eps"));
    private static final Set<String> SWEEP_REQUIRED = new LinkedHashSet<>(List.of("vary", "stat"));

    private static volatile List<Preset> shipped;
    /** Set while {@link #isLecture} loads the shipped lectures, whose scenes look their presets up here. */
    private static final ThreadLocal<Boolean> LOADING_LECTURES = ThreadLocal.withInitial(() -> false);

    private Presets() {
    }

    /**
     * Reads and validates one preset.
     *
     * @param json   the file's text
     * @param source the file name, for messages
     */
    public static Preset parse(String json, String source) {
        return parse(json, source, null);
    }

    /**
     * Reads and validates one preset read from a file in {@code folder} (null for a shipped preset): its
     * data file, if it names one, is resolved against that folder and must lie inside it
     * ({@link DataSources#inFolder}).
     */
    static Preset parse(String json, String source, java.nio.file.Path folder) {
        StrictJson j = new StrictJson("preset", source);
        JsonNode root = j.parse(json);
        j.version(root, VERSION, "update EM Lab to use this preset");
        j.fields(root, "", FIELDS, REQUIRED);
        String name = j.nonEmptyText(root, "", "name");
        if (!NAME.matcher(name).matches()) {
            throw j.fail("field \"name\" must be lower-case words joined by dashes, such as gmm-simplex-k4 (got \"" + name
                    + "\")");
        }
        j.nonEmptyText(root, "", "title");
        j.nonEmptyText(root, "", "description");
        String labId = j.nonEmptyText(root, "", "lab");
        Lab lab;
        try {
            lab = LabRegistry.get(labId);
        } catch (IllegalArgumentException e) {
            throw j.fail("field \"lab\": " + e.getMessage());
        }
        Map<String, String> params = j.stringMap(root, "", "params", " holding the value as the CLI takes it, e.g. \"3\"");
        if (folder != null) {
            for (org.emlab.core.param.ParamSpec ds : Roles.withRole(lab.parameters(), ParamRole.DataSource.class)) {
                String v = params.get(ds.name());
                if (v != null) {
                    try {
                        params.put(ds.name(), DataSources.inFolder(v, folder, false, "preset"));
                    } catch (ValidationException e) {
                        throw j.fail("field \"params." + ds.name() + "\": " + e.getMessage());
                    }
                }
            }
        }
        if (root.has("iterations") && !root.get("iterations").isNull()) {
            j.integer(root, "", "iterations", 0, MAX_ITERATIONS);
        }
        if (root.has("compare") && !root.get("compare").isNull()) {
            JsonNode c = j.object(root, "", "compare");
            j.fields(c, "compare", COMPARE_FIELDS, COMPARE_FIELDS);
            j.nonEmptyText(c, "compare", "param");
            j.nonEmptyText(c, "compare", "value");
        }
        if (root.has("sweep") && !root.get("sweep").isNull()) {
            JsonNode sw = j.object(root, "", "sweep");
            j.fields(sw, "sweep", SWEEP_FIELDS, SWEEP_REQUIRED);
            j.nonEmptyText(sw, "sweep", "vary");
            j.nonEmptyText(sw, "sweep", "stat");
            if (sw.has("trials")) {
                j.integer(sw, "sweep", "trials", 1, MAX_SWEEP_TRIALS);
            }
            if (sw.has("iterations")) {
                j.integer(sw, "sweep", "iterations", 1, MAX_ITERATIONS);
            }
            try {
                org.emlab.core.sweep.SweepPresets.parse(source.replaceAll("^.*/", "").replaceAll("\\.json$", ""), root).orElseThrow()
                        .spec();
            } catch (IllegalArgumentException e) {
                throw j.fail("sweep: " + e.getMessage());
            }
        }
        Preset bound = j.bind(root, Preset.class);
        Preset p = new Preset(bound.version(), bound.name(), bound.title(), bound.lab(), bound.description(), params,
                bound.iterations(), bound.compare(), bound.sweep());
        // values the lab rejects: unknown parameters, out of range, cross-field rules
        try {
            lab.defaults().withAll(params);
            p.values();
        } catch (ValidationException e) {
            throw j.fail("params: " + e.getMessage());
        }
        if (p.compare() != null) {
            if (!lab.defaults().has(p.compare().param())) {
                throw j.fail("field \"compare.param\": lab " + labId + " has no parameter \"" + p.compare().param() + "\"");
            }
            try {
                p.compareValues();
            } catch (ValidationException e) {
                throw j.fail("compare: " + e.getMessage());
            }
        }
        return p;
    }

    /**
     * Reads and validates a preset file (the user's own, written in the shipped presets' format).
     *
     * @throws ValidationException a problem with the file, naming the file and the field
     */
    public static Preset read(java.nio.file.Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = new StrictJson("preset", IoReasons.show(name)).readFile(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ValidationException("preset", "no such preset file: " + IoReasons.show(file));
        } catch (IOException e) {
            throw new ValidationException("preset", "cannot read the preset " + IoReasons.show(file) + ": "
                    + IoReasons.reason(e));
        }
        java.nio.file.Path folder = file.toAbsolutePath().getParent();
        return parse(text, IoReasons.show(name), folder == null ? java.nio.file.Path.of("").toAbsolutePath() : folder);
    }

    /** Reads a preset from standard input ({@code --preset -}); a data file it names is relative to the current folder. */
    public static Preset readStdin() {
        String text;
        try {
            text = new StrictJson("preset", "(standard input)").readStdin();
        } catch (IOException e) {
            throw new ValidationException("preset", "cannot read the preset from standard input: " + IoReasons.reason(e));
        }
        return parse(text, "(standard input)", java.nio.file.Path.of("").toAbsolutePath());
    }

    /**
     * A shipped preset by name, or a preset file: {@code -} (standard input), a name ending in
     * {@code .json}, a path with a folder in it, or the name of anything that exists (which must then be a
     * regular file: a named pipe or a device is refused without being opened) (the CLI's and the
     * window's {@code --preset}).
     */
    public static Preset resolve(String nameOrFile) {
        String s = nameOrFile.strip();
        if (InputFiles.isStdin(s)) {
            return readStdin();
        }
        java.nio.file.Path p;
        try {
            p = java.nio.file.Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            return find(s);
        }
        if (s.endsWith(".json") || s.contains("/") || java.nio.file.Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return read(p);
        }
        return find(s);
    }

    /**
     * The shipped preset files, as {@code <lab-id>/<file>.json}: every registered lab's
     * {@code index.json}, in registry order, then index order.
     */
    public static List<String> index() {
        List<String> out = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            String listing = lab.id() + "/" + INDEX;
            String text = optionalResource(listing);
            if (text == null) {
                continue;
            }
            StrictJson j = new StrictJson("index", listing);
            JsonNode root = j.parse(text);
            j.fields(root, "", Set.of("presets", "lectures"), Set.of("presets"));
            JsonNode list = root.get("presets");
            if (!list.isArray()) {
                throw j.fail("field \"presets\" must be an array of file names");
            }
            for (JsonNode n : list) {
                if (!n.isTextual() || !n.textValue().endsWith(".json") || n.textValue().contains("/")) {
                    throw j.fail("every entry of \"presets\" must be a file name ending in .json (got "
                            + StrictJson.describe(n) + ")");
                }
                out.add(lab.id() + "/" + n.textValue());
            }
        }
        return out;
    }

    /** Every shipped preset, in index order (loaded once). */
    public static List<Preset> shipped() {
        List<Preset> s = shipped;
        if (s == null) {
            List<Preset> out = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (String file : index()) {
                Preset p = parse(resource(file), file);
                if (!file.equals(p.lab() + "/" + p.name() + ".json")) {
                    throw Preset.invalid(file, "a preset of lab " + p.lab() + " called " + p.name() + " must be the file "
                            + p.lab() + "/" + p.name() + ".json");
                }
                if (!names.add(p.name())) {
                    throw Preset.invalid(file, "a second preset called " + p.name());
                }
                out.add(p);
            }
            s = List.copyOf(out);
            shipped = s;
        }
        return s;
    }

    /** The shipped preset called {@code name}, or a message listing the names. */
    public static Preset find(String name) {
        for (Preset p : shipped()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        if (isLecture(name)) {
            throw new ValidationException("preset", org.emlab.core.text.Snippet.quoted(name) + " is a lecture, not a "
                    + "preset: open it in the window from the Lecture menu");
        }
        // the pointer first: a long list is cut at the end of the one-line message
        throw new ValidationException("preset", "unknown preset " + org.emlab.core.text.Snippet.quoted(name)
                + " (./emlab presets lists them): " + StrictJson.names(shipped(), Preset::name));
    }

    /**
     * True when a shipped lecture is called {@code name} (for the message of a lecture given as a preset). False while
     * the lectures are being loaded from here (a shipped lecture naming an unknown preset would otherwise load them
     * again, without end) or when they cannot be loaded.
     */
    private static boolean isLecture(String name) {
        if (LOADING_LECTURES.get()) {
            return false;
        }
        LOADING_LECTURES.set(true);
        try {
            return Lectures.shipped().stream().anyMatch(l -> l.name().equals(name));
        } catch (RuntimeException e) {
            return false; // the lecture files' own error is reported where they are opened
        } finally {
            LOADING_LECTURES.set(false);
        }
    }

    /** The shipped presets of one lab, in index order. */
    public static List<Preset> forLab(String labId) {
        List<Preset> out = new ArrayList<>();
        for (Preset p : shipped()) {
            if (p.lab().equals(labId)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The text of a shipped resource ({@code <lab-id>/<file>}). */
    static String resource(String file) {
        String text = optionalResource(file);
        if (text == null) {
            throw Preset.invalid(file, "listed in an " + INDEX + " but not on the class path under " + RESOURCE_DIR);
        }
        return text;
    }

    private static String optionalResource(String file) {
        try (InputStream in = Presets.class.getResourceAsStream(RESOURCE_DIR + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE_DIR + file + ": " + e.getMessage(), e);
        }
    }
}
