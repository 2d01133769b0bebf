package org.emlab.core.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.BuildInfo;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.StrictJson;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ValidationException;

/**
 * The metadata sidecar of a sweep's CSV, {@code NAME.meta.json}: version and commit, the command line,
 * the complete sweep (every base parameter, the varied ranges, trials, horizon, statistics and fit window,
 * in the format of a spec file), the trial seeds, the fitted slopes with their bootstrap intervals, the
 * outputs with their SHA-256 and the time taken. {@code ./emlab sweep --replay NAME.meta.json} runs the
 * sweep again and checks its CSV is byte for byte the same.
 */
public final class SweepMetadata {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "emlab-sweep-metadata";
    /** The format version. */
    public static final int VERSION = 1;

    private static final Set<String> FIELDS = Set.of("format", "version", "emlab", "java", "os", "command",
            "working_directory", "sweep", "seeds", "points", "runs", "completed", "cancelled", "results", "outputs", "started",
            "seconds");

    private SweepMetadata() {
    }

    /**
     * A sweep's metadata as read: the {@code "sweep"} object (a spec, for {@code org.emlab.core.api.SweepPlan}), the
     * reader for its messages, the metadata's folder, and the SHA-256 of the recorded CSV (null when not recorded).
     */
    public record Raw(JsonNode sweep, StrictJson json, Path folder, String sha256) {
    }

    /** The metadata of {@code r}. */
    public static String json(SweepResult r, List<String> command, Map<String, RunMetadata.OutputFile> outputs,
                              Instant started, double seconds) {
        SweepSpec s = r.spec();
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        RunMetadata.putProvenance(o, BuildInfo.current(), command, Path.of("").toAbsolutePath().toString());
        ObjectNode sw = s.toJson();
        if (s.title() == null) {
            sw.put("title", s.displayTitle());
        }
        o.set("sweep", sw);
        ArrayNode seeds = o.putArray("seeds");
        for (long seed : r.seeds()) {
            seeds.add(seed);
        }
        o.put("points", r.points());
        o.put("runs", r.points() * r.trials());
        o.put("completed", r.completed());
        o.put("cancelled", r.cancelled());
        ArrayNode results = o.putArray("results");
        for (int m = 0; m < s.measures().size(); m++) {
            for (int sr = 0; sr < s.series(); sr++) {
                SweepSummary sum = SweepSummary.of(r, m, sr);
                ObjectNode x = results.addObject();
                x.put("stat", s.measures().get(m).id());
                x.put("column", s.headers().get(m));
                if (s.series() > 1) {
                    x.put(s.ranges().get(1).param(), s.valueText(sr * s.pointsPerSeries(), 1));
                }
                ArrayNode med = x.putArray("median");
                for (double v : sum.median()) {
                    number(med, v);
                }
                if (sum.hasSlope()) {
                    x.put("slope", sum.fit().slope());
                    x.put("fit_points", sum.fit().points());
                    SlopeInterval i = sum.interval();
                    if (i.valid()) {
                        ArrayNode iv = x.putArray("interval");
                        iv.add(i.lo());
                        iv.add(i.hi());
                        x.put("interval_method", "percentile bootstrap over seeds (trials resampled with replacement, the "
                                + "same at every point)");
                        x.put("level", i.level());
                        x.put("resamples", i.resamples());
                        x.put("bootstrap_seed", i.seed());
                    }
                }
                if (sum.theory().isPresent()) {
                    x.put("theory_slope", sum.theory().getAsDouble());
                }
            }
        }
        ObjectNode outs = o.putObject("outputs");
        for (Map.Entry<String, RunMetadata.OutputFile> f : outputs.entrySet()) {
            ObjectNode x = outs.putObject(f.getKey());
            x.put("file", f.getValue().file());
            if (f.getValue().sha256() != null) {
                x.put("sha256", f.getValue().sha256());
            } else {
                x.putNull("sha256");
            }
            x.put("bytes", f.getValue().bytes());
        }
        o.put("started", started.toString());
        o.putObject("seconds").put("total", Math.round(seconds * 1e3) / 1e3);
        try {
            return StrictJson.MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the sweep's metadata as JSON", ex);
        }
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isNaN(v)) {
            a.addNull();
        } else if (Double.isInfinite(v)) {
            a.add(v > 0 ? "inf" : "-inf");
        } else {
            a.add(v);
        }
    }

    /** Writes the metadata of {@code r} to {@code file} ({@link AtomicFiles}). */
    public static void write(Path file, SweepResult r, List<String> command, Map<String, RunMetadata.OutputFile> outputs,
                             Instant started, double seconds) throws IOException {
        AtomicFiles.writeString(file, json(r, command, outputs, started, seconds));
    }

    /** Reads a sweep's metadata strictly: its fields, its format and version, the recorded CSV's SHA-256. */
    public static Raw read(Path file) {
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
        JsonNode root = j.parse(text);
        j.fields(root, "", FIELDS, Set.of("format", "version", "sweep"));
        if (!FORMAT.equals(root.get("format").asText())) {
            throw j.fail("field \"format\" must be \"" + FORMAT + "\" (is it the metadata of a sweep? a run's is replayed by "
                    + "./emlab run --replay)");
        }
        j.version(root, VERSION, "update EM Lab to replay this sweep");
        JsonNode sweep = j.object(root, "", "sweep");
        String sha = null;
        JsonNode outs = root.get("outputs");
        if (outs != null && outs.isObject() && outs.has("sweep") && outs.get("sweep").has("sha256")
                && outs.get("sweep").get("sha256").isTextual()) {
            sha = outs.get("sweep").get("sha256").textValue();
            if (!sha.matches("[0-9a-f]{64}")) {
                throw j.fail("field \"outputs.sweep.sha256\" must be 64 hexadecimal digits");
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        return new Raw(sweep, new StrictJson("metadata", IoReasons.show(name) + " (sweep)"), folder == null
                ? Path.of("").toAbsolutePath() : folder, sha);
    }

    /** The outputs map in order. */
    public static Map<String, RunMetadata.OutputFile> outputs() {
        return new LinkedHashMap<>();
    }
}
