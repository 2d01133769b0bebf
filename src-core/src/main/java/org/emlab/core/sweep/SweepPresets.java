package org.emlab.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * The sweep extension of the preset format. A preset (a JSON file under {@code assets/presets/<lab-id>/},
 * on the class path under {@code org/emlab/presets/}) describes a sweep when it has a
 * {@code "sweep"} block:
 * <pre>
 * {"version": 1, "name": "gmm-simplex-sweep-kl-vs-n", "title": "…", "lab": "gmm-simplex",
 *  "description": "…", "params": {"weights": "0.5,0.3,0.2", "population": "false"},
 *  "sweep": {"vary": "n=1000:256000:log:5", "trials": 8, "iterations": 300, "stat": "final_kl"}}
 * </pre>
 * {@code params} are the base parameters (text, as the CLI takes them; the others keep their
 * defaults); {@code vary} is {@code NAME=FROM:TO[:log][:POINTS]}; {@code stat} is one of
 * {@code final_error}, {@code iterations_to_eps} (then also {@code "eps": 1e-6}), {@code final_kl},
 * {@code stuck}; {@code trials} defaults to {@link #DEFAULT_TRIALS} and {@code iterations} to the
 * preset's top-level {@code iterations}, else {@link #DEFAULT_ITERATIONS}.
 */
public final class SweepPresets {
    /** Class-path folder of the shipped presets. */
    public static final String FOLDER = "org/emlab/presets";
    /** Trials when a sweep block gives none. */
    public static final int DEFAULT_TRIALS = 8;
    /** Horizon when neither the sweep block nor the preset gives one. */
    public static final int DEFAULT_ITERATIONS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepPresets() {
    }

    /**
     * A preset's sweep.
     *
     * @param name        file name without {@code .json}
     * @param title       human title
     * @param description what it shows and what to look for
     * @param labId       the lab
     * @param params      base parameters as text
     * @param range       the varied parameter
     * @param trials      trials per point
     * @param iterations  horizon
     * @param stat        statistic
     * @param eps         ε for iterations_to_eps, else NaN
     */
    public record SweepPreset(String name, String title, String description, String labId, Map<String, String> params,
                              SweepRange range, int trials, int iterations, Statistic stat, double eps) {
        public SweepPreset {
            params = Map.copyOf(params);
        }

        /** The lab. */
        public Lab lab() {
            return LabRegistry.get(labId);
        }

        /** The base parameters: the lab's defaults with {@link #params()} applied. */
        public ParamValues base() {
            Lab lab = lab();
            return lab.defaults().withAll(new LinkedHashMap<>(params));
        }

        /** The sweep, validated, titled with the preset's title. */
        public SweepSpec spec() {
            return new SweepSpec(lab(), base(), List.of(range), trials, iterations, List.of(Measure.of(stat, eps)),
                    FitWindow.ALL, title);
        }

        /** The vary text, e.g. {@code n=1000:256000:log:5}. */
        public String vary() {
            return range.format();
        }
    }

    /** Parses a preset; empty when it has no sweep block. */
    public static java.util.Optional<SweepPreset> parse(String name, JsonNode root) {
        JsonNode sweep = root.get("sweep");
        if (sweep == null || sweep.isNull()) {
            return java.util.Optional.empty();
        }
        String lab = text(root, "lab", name);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode ps = root.get("params");
        if (ps != null && ps.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ps.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        SweepRange range = SweepRange.parse(text(sweep, "vary", name));
        int trials = sweep.path("trials").asInt(DEFAULT_TRIALS);
        int iterations = sweep.has("iterations") ? sweep.get("iterations").asInt()
                : root.path("iterations").asInt(DEFAULT_ITERATIONS);
        Statistic stat = Statistic.parse(text(sweep, "stat", name));
        double eps = sweep.has("eps") ? sweep.get("eps").asDouble() : Double.NaN;
        String title = root.path("title").asText(name);
        String description = root.path("description").asText("");
        return java.util.Optional.of(new SweepPreset(name, title, description, lab, params, range, trials, iterations, stat,
                eps));
    }

    private static String text(JsonNode n, String field, String preset) {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode()) {
            throw new ValidationException("preset", "preset " + preset + ": the sweep needs \"" + field + "\"");
        }
        return v.asText();
    }

    /** The shipped preset called {@code name} (file {@code <lab-id>/name.json}) as a sweep. */
    public static SweepPreset load(String name) {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new ValidationException("preset", "no sweep preset " + org.emlab.core.text.Snippet.quoted(
                    name == null ? "" : name) + "; sweep --preset takes the name of a shipped preset with a sweep "
                    + "(./emlab presets lists them)");
        }
        String res = FOLDER + "/" + name + ".json";
        for (Lab lab : LabRegistry.all()) {
            String r = FOLDER + "/" + lab.id() + "/" + name + ".json";
            if (SweepPresets.class.getClassLoader().getResource(r) != null) {
                res = r;
            }
        }
        try (InputStream in = SweepPresets.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                List<String> names = new ArrayList<>();
                for (SweepPreset p : all()) {
                    names.add(p.name());
                }
                throw new ValidationException("preset", "no sweep preset \"" + name + "\"; shipped sweeps: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            return parse(name, JSON.readTree(in)).orElseThrow(() -> new ValidationException("preset",
                    "preset " + name + " has no \"sweep\" block"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read preset " + name, e);
        }
    }

    /** Every shipped preset with a sweep block, by name. */
    public static List<SweepPreset> all() {
        List<SweepPreset> out = new ArrayList<>();
        for (Path p : presetFiles()) {
            String file = p.getFileName().toString();
            String name = file.substring(0, file.length() - ".json".length());
            try (InputStream in = Files.newInputStream(p)) {
                parse(name, JSON.readTree(in)).ifPresent(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read preset " + name, e);
            }
        }
        return out;
    }

    /** The shipped sweeps of one lab. */
    public static List<SweepPreset> forLab(String labId) {
        List<SweepPreset> out = new ArrayList<>();
        for (SweepPreset p : all()) {
            if (p.labId().equals(labId)) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> presetFiles() {
        List<Path> out = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            out.addAll(presetFiles(FOLDER + "/" + lab.id()));
        }
        return out;
    }

    private static List<Path> presetFiles(String folder) {
        URL url = SweepPresets.class.getClassLoader().getResource(folder);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            Path dir;
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                dir = fs.getPath(folder);
            } else {
                dir = Path.of(uri);
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".json")
                        && !p.getFileName().toString().equals("index.json")).sorted().toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("could not list the presets: " + e.getMessage(), e);
        }
    }
}
