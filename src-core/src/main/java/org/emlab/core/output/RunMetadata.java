package org.emlab.core.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.BuildInfo;
import org.emlab.core.io.FileKind;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.StrictJson;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;

/**
 * The metadata sidecar of a run's output, {@code NAME.meta.json} beside {@code NAME.csv}: what made it
 * (EM Lab's version and the git commit it was built from, Java, the command line), the lab and every
 * parameter value (defaults included), the seed, the population flag, the data file and its SHA-256,
 * the horizon, the iterations done and why the run stopped ({@code horizon}, {@code converged} or
 * {@code engine finished}), the columns, the outputs with their SHA-256, and timings.
 * {@code ./emlab run --replay NAME.meta.json} runs it again and checks that the trajectory comes out
 * byte for byte the same.
 *
 * <p>Use from any command or tool that writes a run's output ({@code run}, and later {@code render} or
 * {@code animate}):
 * <pre>
 * RunMetadata meta = RunMetadata.forRun(labRun, history, horizon).command(args);
 * meta.output("figure", figurePath, null, -1);
 * meta.writeBeside(figurePath);          // FIGURE.meta.json; nothing for standard output or a device
 * </pre>
 * It is written through {@link AtomicFiles}, like every output. Reading ({@link #read}) is strict, like
 * presets: unknown fields, a newer format version or a wrong type are refused with a line naming the
 * field.
 */
public final class RunMetadata {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "emlab-run-metadata";
    /** The format version this EM Lab writes and reads. */
    public static final int VERSION = 1;
    /** The sidecar's suffix. */
    public static final String SUFFIX = ".meta.json";

    private static final Set<String> FIELDS = Set.of("format", "version", "emlab", "java", "os", "command",
            "working_directory", "lab", "preset", "params", "seed", "population", "data", "horizon", "iterations_done", "rows",
            "stop_reason", "stop_detail", "columns", "outputs", "started", "seconds");
    private static final Set<String> REQUIRED = Set.of("format", "version", "lab", "params", "iterations_done");

    /** A data file a run read: its name as given (or {@code -} for standard input) and its SHA-256 (null when unknown). */
    public record DataFile(String file, String sha256) {
    }

    /** An output written: the file as given, its SHA-256 and length in bytes (null and −1 when not known). */
    public record OutputFile(String file, String sha256, long bytes) {
    }

    private BuildInfo build = BuildInfo.current();
    private List<String> command;
    private String workingDirectory = Path.of("").toAbsolutePath().toString();
    private final String lab;
    private String preset;
    private final Map<String, String> params;
    private DataFile data;
    private Horizon horizon;
    private String horizonFrom;
    private int iterations;
    private int rows;
    private Horizon.Stop stop;
    private String stopDetail;
    private List<String> columns = List.of();
    private final Map<String, OutputFile> outputs = new LinkedHashMap<>();
    private Instant started = Instant.now();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Metadata of a run of {@code lab} with {@code params} (every parameter, as the CLI takes it). */
    public RunMetadata(String lab, Map<String, String> params) {
        this.lab = lab;
        this.params = new LinkedHashMap<>(params);
    }

    /**
     * The metadata of a run recorded in {@code history} (from its iteration 0) that stopped at
     * {@code horizon} or when its engine finished: lab, parameters, iterations, stop reason, columns.
     * Add the command, the outputs and timings before writing.
     */
    public static RunMetadata forRun(LabRun run, History history, Horizon horizon) {
        RunMetadata m = new RunMetadata(run.lab().id(), run.params().asText());
        int n = history.size();
        int done = n == 0 ? 0 : history.iteration(n - 1) - history.iteration(0);
        Horizon.Stop s = horizon == null ? null : horizon.stop(history);
        if (s == null && run.engine().finished()) {
            s = Horizon.Stop.ENGINE_FINISHED;
        }
        List<String> cols = new ArrayList<>();
        cols.add("iter");
        cols.addAll(history.columns());
        return m.horizon(horizon, null).stopped(done, done + 1, s, s == null ? null : describe(s, horizon, done))
                .columns(cols);
    }

    /** "the horizon of 200 iterations", "converged to rounding at iteration 87", "the engine finished at iteration 12". */
    public static String describe(Horizon.Stop s, Horizon h, int iteration) {
        return switch (s) {
            case HORIZON -> "the horizon of " + h.iterations() + " iteration" + (h.iterations() == 1 ? "" : "s");
            case CONVERGED -> "converged to rounding at iteration " + iteration;
            case ENGINE_FINISHED -> "the engine finished at iteration " + iteration;
        };
    }

    // ---- fluent setters ----

    /** The command line (the arguments after {@code ./emlab}). */
    public RunMetadata command(List<String> args) {
        this.command = args == null ? null : List.copyOf(args);
        return this;
    }

    /** The preset the run started from (a shipped name or a file), or null. */
    public RunMetadata preset(String name) {
        this.preset = name;
        return this;
    }

    /** The data file the run read ({@code --data}), or null. */
    public RunMetadata data(DataFile d) {
        this.data = d;
        return this;
    }

    /** The horizon and where it came from ({@code --iterations}, {@code preset}, {@code lab}; null when unsaid). */
    public RunMetadata horizon(Horizon h, String from) {
        this.horizon = h;
        this.horizonFrom = from;
        return this;
    }

    /** Iterations done, rows written, why it stopped (null when it did not stop by itself) and the detail. */
    public RunMetadata stopped(int iterationsDone, int rowsWritten, Horizon.Stop why, String detail) {
        this.iterations = iterationsDone;
        this.rows = rowsWritten;
        this.stop = why;
        this.stopDetail = detail;
        return this;
    }

    /** The trajectory's columns, {@code iter} first. */
    public RunMetadata columns(List<String> cols) {
        this.columns = List.copyOf(cols);
        return this;
    }

    /** An output: its role ({@code trajectory}, {@code data}, {@code figure}), the file, its SHA-256 and length. */
    public RunMetadata output(String role, Path file, String sha256, long bytes) {
        outputs.put(role, new OutputFile(file == null ? null : file.toString(), sha256, bytes));
        return this;
    }

    /** When the run started. */
    public RunMetadata started(Instant t) {
        this.started = t;
        return this;
    }

    /** A timing, e.g. {@code ("run", 0.41)}: seconds spent in one part ({@code setup}, {@code run}, {@code write}, {@code total}). */
    public RunMetadata seconds(String part, double s) {
        seconds.put(part, s);
        return this;
    }

    /** The build that made it (for tests and replays of other builds). */
    RunMetadata build(BuildInfo b) {
        this.build = b;
        return this;
    }

    // ---- getters ----

    public String lab() {
        return lab;
    }

    /** Every parameter as text, in the lab's order. */
    public Map<String, String> params() {
        return java.util.Collections.unmodifiableMap(params);
    }

    public String preset() {
        return preset;
    }

    public DataFile data() {
        return data;
    }

    public int iterations() {
        return iterations;
    }

    public int rows() {
        return rows;
    }

    public Horizon horizon() {
        return horizon;
    }

    public Horizon.Stop stop() {
        return stop;
    }

    public String stopDetail() {
        return stopDetail;
    }

    public List<String> columns() {
        return columns;
    }

    public List<String> command() {
        return command;
    }

    public BuildInfo build() {
        return build;
    }

    /** The outputs by role. */
    public Map<String, OutputFile> outputs() {
        return java.util.Collections.unmodifiableMap(outputs);
    }

    /** The lab's defaults with {@link #params()}, validated by the lab. */
    public ParamValues values() {
        Lab l = LabRegistry.get(lab);
        ParamValues p = l.defaults().withAll(new LinkedHashMap<>(params));
        l.validate(p);
        return p;
    }

    // ---- files ----

    /** {@code NAME.meta.json} for {@code NAME.csv} (any other name gets {@code .meta.json} appended). */
    public static Path sidecarFor(Path output) {
        String name = output.getFileName() == null ? output.toString() : output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return output.resolveSibling(base + SUFFIX);
    }

    /**
     * True when an output at {@code output} gets a sidecar by default: a regular file (or a new one). Standard
     * output, pipes and devices ({@code /dev/stdout}, {@code /dev/null}) get none unless one is named.
     */
    public static boolean wantsSidecar(Path output) {
        if (output == null || AtomicFiles.isStdout(output)) {
            return false;
        }
        Path abs = output.toAbsolutePath().normalize();
        if (abs.startsWith("/dev") || abs.startsWith("/proc")) {
            return false;
        }
        FileKind k = FileKind.of(abs);
        return k == FileKind.REGULAR || k == FileKind.MISSING;
    }

    /** Writes {@code NAME.meta.json} beside {@code output} when it {@linkplain #wantsSidecar wants one}; returns it, or null. */
    public Path writeBeside(Path output) throws IOException {
        if (!wantsSidecar(output)) {
            return null;
        }
        Path meta = sidecarFor(output);
        write(meta);
        return meta;
    }

    /** Writes the JSON to {@code file} ({@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Where a result came from, as every metadata file of EM Lab writes it (runs and sweeps): the
     * "emlab" build (version, commit, dirty), "java", "os", the "command" line (null when unknown) and
     * the "working_directory", in that order.
     */
    public static void putProvenance(ObjectNode o, BuildInfo build, List<String> command, String workingDirectory) {
        ObjectNode e = o.putObject("emlab");
        e.put("version", build.version());
        e.put("commit", build.commit());
        e.put("dirty", build.dirty());
        o.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor", "") + ")");
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        if (command != null) {
            ArrayNode c = o.putArray("command");
            command.forEach(c::add);
        } else {
            o.putNull("command");
        }
        o.put("working_directory", workingDirectory);
    }

    /** The JSON text (UTF-8, indented, a final newline). */
    public String toJson() {
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        putProvenance(o, build, command, workingDirectory);
        o.put("lab", lab);
        if (preset != null) {
            o.put("preset", preset);
        } else {
            o.putNull("preset");
        }
        ObjectNode p = o.putObject("params");
        params.forEach(p::put);
        if (params.containsKey("seed")) {
            o.put("seed", params.get("seed"));
        } else {
            o.putNull("seed");
        }
        if (params.containsKey("population")) {
            o.put("population", Boolean.parseBoolean(params.get("population")));
        } else {
            o.putNull("population");
        }
        if (data != null) {
            ObjectNode d = o.putObject("data");
            d.put("file", data.file());
            putNullable(d, "sha256", data.sha256());
        } else {
            o.putNull("data");
        }
        if (horizon != null) {
            ObjectNode h = o.putObject("horizon");
            h.put("iterations", horizon.iterations());
            h.put("until_converged", horizon.untilConverged());
            putNullable(h, "from", horizonFrom);
        } else {
            o.putNull("horizon");
        }
        o.put("iterations_done", iterations);
        o.put("rows", rows);
        putNullable(o, "stop_reason", stop == null ? null : stop.id());
        putNullable(o, "stop_detail", stopDetail);
        ArrayNode cols = o.putArray("columns");
        columns.forEach(cols::add);
        ObjectNode outs = o.putObject("outputs");
        for (Map.Entry<String, OutputFile> f : outputs.entrySet()) {
            ObjectNode x = outs.putObject(f.getKey());
            putNullable(x, "file", f.getValue().file());
            putNullable(x, "sha256", f.getValue().sha256());
            x.put("bytes", f.getValue().bytes());
        }
        o.put("started", started.toString());
        ObjectNode s = o.putObject("seconds");
        seconds.forEach((k, v) -> s.put(k, Math.round(v * 1e4) / 1e4));
        try {
            return StrictJson.MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the metadata as JSON", ex);
        }
    }

    private static void putNullable(ObjectNode o, String field, String v) {
        if (v == null) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    /**
     * Reads a metadata file, strictly (unknown fields, a newer version, wrong types are refused, each
     * with one line naming the file and the field). The lab must exist and the parameters must be valid.
     */
    public static RunMetadata read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        StrictJson j = new StrictJson("metadata", IoReasons.show(name));
        String text;
        try {
            text = j.readFile(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ValidationException("metadata", "no such metadata file: " + IoReasons.show(file));
        } catch (IOException e) {
            throw new ValidationException("metadata", "cannot read the metadata " + IoReasons.show(file) + ": "
                    + IoReasons.reason(e));
        }
        return parse(j, j.parse(text));
    }

    static RunMetadata parse(StrictJson j, JsonNode root) {
        j.fields(root, "", FIELDS, REQUIRED);
        if (!FORMAT.equals(root.get("format").asText())) {
            throw j.fail("field \"format\" must be \"" + FORMAT + "\" (is it the metadata of a run? a sweep's is replayed "
                    + "by ./emlab sweep --replay)");
        }
        j.version(root, VERSION, "update EM Lab to replay this run");
        String labId = j.nonEmptyText(root, "", "lab");
        try {
            LabRegistry.get(labId);
        } catch (IllegalArgumentException e) {
            throw j.fail("field \"lab\": " + e.getMessage());
        }
        Map<String, String> params = j.stringMap(root, "", "params", "");
        RunMetadata m = new RunMetadata(labId, params);
        if (has(root, "preset")) {
            m.preset(j.text(root, "", "preset"));
        }
        if (has(root, "command")) {
            JsonNode c = root.get("command");
            if (!c.isArray()) {
                throw j.fail("field \"command\" must be an array of strings");
            }
            List<String> args = new ArrayList<>();
            for (JsonNode a : c) {
                if (!a.isTextual()) {
                    throw j.fail("field \"command\" must be an array of strings");
                }
                args.add(a.textValue());
            }
            m.command(args);
        }
        if (has(root, "data")) {
            JsonNode d = j.object(root, "", "data");
            j.fields(d, "data", Set.of("file", "sha256"), Set.of("file"));
            m.data(new DataFile(j.nonEmptyText(d, "data", "file"), has(d, "sha256") ? j.text(d, "data", "sha256") : null));
        }
        if (has(root, "horizon")) {
            JsonNode h = j.object(root, "", "horizon");
            j.fields(h, "horizon", Set.of("iterations", "until_converged", "from"), Set.of("iterations", "until_converged"));
            m.horizon(new Horizon(j.integer(h, "horizon", "iterations", 0, Integer.MAX_VALUE), j.bool(h, "horizon",
                    "until_converged")), has(h, "from") ? j.text(h, "horizon", "from") : null);
        }
        int done = j.integer(root, "", "iterations_done", 0, Integer.MAX_VALUE);
        int rows = has(root, "rows") ? j.integer(root, "", "rows", 0, Integer.MAX_VALUE) : done + 1;
        Horizon.Stop stop = null;
        if (has(root, "stop_reason")) {
            stop = Horizon.Stop.of(j.text(root, "", "stop_reason"));
            if (stop == null) {
                throw j.fail("field \"stop_reason\" must be horizon, converged or engine finished");
            }
        }
        m.stopped(done, rows, stop, has(root, "stop_detail") ? j.text(root, "", "stop_detail") : null);
        if (has(root, "columns")) {
            JsonNode c = root.get("columns");
            List<String> cols = new ArrayList<>();
            if (!c.isArray()) {
                throw j.fail("field \"columns\" must be an array of strings");
            }
            for (JsonNode a : c) {
                cols.add(a.asText());
            }
            m.columns(cols);
        }
        if (has(root, "outputs")) {
            JsonNode outs = j.object(root, "", "outputs");
            Iterator<Map.Entry<String, JsonNode>> it = outs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "outputs." + e.getKey();
                if (!e.getValue().isObject()) {
                    throw j.fail("field \"" + where + "\" must be an object { ... }");
                }
                JsonNode f = e.getValue();
                j.fields(f, where, Set.of("file", "sha256", "bytes"), Set.of());
                String sha = has(f, "sha256") ? j.text(f, where, "sha256") : null;
                if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                    throw j.fail("field \"" + where + ".sha256\" must be 64 hexadecimal digits");
                }
                m.outputs.put(e.getKey(), new OutputFile(has(f, "file") ? j.text(f, where, "file") : null, sha,
                        f.path("bytes").asLong(-1)));
            }
        }
        if (has(root, "started")) {
            try {
                m.started(Instant.parse(j.text(root, "", "started")));
            } catch (java.time.format.DateTimeParseException e) {
                throw j.fail("field \"started\" must be a time such as 2026-01-31T12:00:00Z");
            }
        }
        try {
            m.values();
        } catch (ValidationException e) {
            throw j.fail("params: " + e.getMessage());
        }
        return m;
    }

    private static boolean has(JsonNode o, String field) {
        return o.has(field) && !o.get(field).isNull();
    }
}
