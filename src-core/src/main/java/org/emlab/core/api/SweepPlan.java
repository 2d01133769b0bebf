package org.emlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.StrictJson;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.sweep.FitWindow;
import org.emlab.core.sweep.Measure;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepMetadata;
import org.emlab.core.sweep.SweepPresets;
import org.emlab.core.sweep.SweepRange;
import org.emlab.core.sweep.SweepSpec;

/**
 * A sweep as written down, before the command line's options are applied: from a sweep spec file
 * ({@code ./emlab sweep --spec FILE.json}), from a preset (its {@code "sweep"} block, if it has one, and
 * its parameters as the base), or from a sweep's metadata ({@code --replay}). Every part may be missing;
 * {@link #spec} fills in the defaults and checks the whole; {@link org.emlab.core.sweep.SweepRunner} runs it.
 * {@link SweepSpec#toJson()} writes a spec back in this format.
 *
 * <p>The spec file (JSON, read strictly: unknown fields, wrong types and a newer version are refused with
 * one line naming the field):
 * <pre>
 * {"version": 1,
 *  "title": "Claim 001: iterations of structured and i.i.d. EM against m",
 *  "lab": "mlr-clustered",                  // or "preset": a shipped preset's name, or a preset file
 *                                           //   relative to this file's folder (its values are the base)
 *  "params": {"n": "8", "d": 10},           // over the lab's defaults (or the preset's values)
 *  "vary": ["m=256:16384:log:5", "n=4:16:log:3"],   // one or two; a string for one
 *  "trials": 8, "iterations": 30,
 *  "stats": ["iterations_to_final", "iid_iterations_to_final", "final_error"],   // or one string
 *  "eps": 1e-6,                             // ε of iterations_to_eps without its own
 *  "fit": "1024:16384"}                     // the values of the first varied parameter fitted
 * </pre>
 *
 * @param lab        the lab
 * @param base       base parameters (the lab's defaults, the preset's values, the file's params)
 * @param vary       the varied parameters' ranges as text, or empty
 * @param trials     trials per point, or null
 * @param iterations horizon, or null
 * @param stats      statistics as text, or empty
 * @param eps        ε for iterations_to_eps, or null
 * @param fit        the fit window as text, or null
 * @param title      the title, or null
 */
public record SweepPlan(Lab lab, ParamValues base, List<String> vary, Integer trials, Integer iterations, List<String> stats,
                        Double eps, String fit, String title) {
    /** Format version of spec files. */
    public static final int VERSION = 1;
    /** Trials when nothing says. */
    public static final int DEFAULT_TRIALS = SweepPresets.DEFAULT_TRIALS;
    /** Horizon when nothing says. */
    public static final int DEFAULT_ITERATIONS = 100;

    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("version", "title", "description", "lab", "preset",
            "params", "vary", "trials", "iterations", "stats", "eps", "fit"));

    public SweepPlan {
        vary = vary == null ? List.of() : List.copyOf(vary);
        stats = stats == null ? List.of() : List.copyOf(stats);
    }

    /** Only a lab, at its defaults. */
    public static SweepPlan of(Lab lab) {
        return new SweepPlan(lab, lab.defaults(), List.of(), null, null, List.of(), null, null, null);
    }

    /** A preset: its values as the base, its sweep block (when it has one), its title; its iterations as the horizon. */
    public static SweepPlan of(Preset p) {
        Lab lab = LabRegistry.get(p.lab());
        ParamValues base = p.values();
        Preset.Sweep s = p.sweep();
        if (s == null) {
            return new SweepPlan(lab, base, List.of(), null, p.iterations(), List.of(), null, null, null);
        }
        return new SweepPlan(lab, base, List.of(s.vary()), s.trials(), s.iterations() != null ? s.iterations()
                : p.iterations(), List.of(s.stat()), s.eps(), null, p.title());
    }

    /** The same plan with the base replaced. */
    public SweepPlan withBase(ParamValues b) {
        return new SweepPlan(lab, b, vary, trials, iterations, stats, eps, fit, title);
    }

    /** This plan with every given (non-null, non-empty) part of {@code o} in place of its own. */
    public SweepPlan override(List<String> v, Integer t, Integer it, List<String> st, Double e, String f, String ti) {
        return new SweepPlan(lab, base, v == null || v.isEmpty() ? vary : v, t != null ? t : trials, it != null ? it : iterations,
                st == null || st.isEmpty() ? stats : st, e != null ? e : eps, f != null ? f : fit, ti != null ? ti : title);
    }

    /** The checked sweep, with the defaults filled in. */
    public SweepSpec spec() {
        if (vary.isEmpty()) {
            throw new ValidationException("vary", "--vary NAME=FROM:TO[:log][:POINTS] is required (or --preset NAME, or "
                    + "--spec FILE)");
        }
        if (stats.isEmpty()) {
            throw new ValidationException("stat", "--stat is required: one or more of " + Statistic.names());
        }
        List<SweepRange> ranges = new ArrayList<>();
        for (String v : vary) {
            ranges.add(SweepRange.parse(v));
        }
        List<Measure> measures = Measure.parseAll(stats, eps == null ? Double.NaN : eps);
        return new SweepSpec(lab, base, ranges, trials != null ? trials : DEFAULT_TRIALS, iterations != null ? iterations
                : DEFAULT_ITERATIONS, measures, FitWindow.parse(fit), title);
    }

    /** The sweep a sweep's metadata records, and the SHA-256 of its CSV (null when not recorded). */
    public record Recorded(SweepPlan plan, String sha256) {
    }

    /** Reads a sweep's metadata ({@code SWEEP.meta.json}): the sweep it records, checked like a spec file. */
    public static Recorded replay(Path metaFile) {
        SweepMetadata.Raw raw = SweepMetadata.read(metaFile);
        return new Recorded(parse(raw.json(), raw.sweep(), raw.folder()), raw.sha256());
    }

    /** Reads a sweep spec file. */
    public static SweepPlan read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        StrictJson j = new StrictJson("sweep spec", IoReasons.show(name));
        String text;
        try {
            text = j.readFile(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ValidationException("spec", "no such sweep spec file: " + IoReasons.show(file));
        } catch (IOException e) {
            throw new ValidationException("spec", "cannot read the sweep spec " + IoReasons.show(file) + ": "
                    + IoReasons.reason(e));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(j, j.parse(text), folder == null ? Path.of("").toAbsolutePath() : folder);
    }

    /** Parses a spec (the root of a spec file, or the {@code "sweep"} of a sweep's metadata). */
    public static SweepPlan parse(StrictJson j, JsonNode root, Path folder) {
        j.fields(root, "", FIELDS, Set.of("version"));
        j.version(root, VERSION, "update EM Lab to run this sweep");
        Lab lab = null;
        ParamValues base = null;
        String title = null;
        if (has(root, "preset")) {
            String ref = j.nonEmptyText(root, "", "preset");
            Path p = folder.resolve(ref);
            Preset pr;
            try {
                pr = Files.exists(p) || ref.endsWith(".json") || ref.contains("/") ? Presets.read(p) : Presets.find(ref);
            } catch (ValidationException e) {
                throw j.fail("field \"preset\": " + e.getMessage());
            }
            lab = LabRegistry.get(pr.lab());
            base = pr.values();
            title = pr.sweep() != null ? pr.title() : null;
        }
        if (has(root, "lab")) {
            String id = j.nonEmptyText(root, "", "lab");
            Lab l;
            try {
                l = LabRegistry.get(id);
            } catch (IllegalArgumentException e) {
                throw j.fail("field \"lab\": " + e.getMessage());
            }
            if (lab != null && lab != l && !lab.id().equals(l.id())) {
                throw j.fail("field \"lab\" is " + id + " but the preset is for lab " + lab.id());
            }
            lab = l;
            if (base == null) {
                base = l.defaults();
            }
        }
        if (lab == null) {
            throw j.fail("give \"lab\" (a lab id) or \"preset\" (a preset's name or file)");
        }
        if (has(root, "params")) {
            Map<String, String> texts = j.map(root, "", "params", (v, key) -> {
                if (v.isTextual()) {
                    return v.textValue();
                }
                if (v.isNumber()) {
                    return v.isIntegralNumber() ? v.asText() : ParamSpec.fmtExact(v.doubleValue());
                }
                if (v.isBoolean()) {
                    return Boolean.toString(v.booleanValue());
                }
                throw j.fail("field \"params." + key + "\" must be a string, a number or true/false (got "
                        + StrictJson.describe(v) + ")");
            });
            try {
                base = base.withAll(new LinkedHashMap<>(texts));
            } catch (ValidationException e) {
                throw j.fail("params: " + e.getMessage());
            }
        }
        if (has(root, "title")) {
            title = j.nonEmptyText(root, "", "title");
        }
        List<String> vary = has(root, "vary") ? texts(j, root, "vary") : List.of();
        if (vary.size() > 2) {
            throw j.fail("field \"vary\" holds one or two ranges (got " + vary.size() + ")");
        }
        List<String> stats = has(root, "stats") ? texts(j, root, "stats") : List.of();
        Integer trials = has(root, "trials") ? j.integer(root, "", "trials", 1, SweepSpec.MAX_TRIALS) : null;
        Integer iterations = has(root, "iterations") ? j.integer(root, "", "iterations", 0, SweepSpec.MAX_ITERATIONS) : null;
        Double eps = null;
        if (has(root, "eps")) {
            JsonNode e = root.get("eps");
            if (!e.isNumber() || !(e.doubleValue() > 0) || !Double.isFinite(e.doubleValue())) {
                throw j.fail("field \"eps\" must be a positive number (got " + StrictJson.describe(e) + ")");
            }
            eps = e.doubleValue();
        }
        String fit = has(root, "fit") ? j.text(root, "", "fit") : null;
        SweepPlan plan = new SweepPlan(lab, base, vary, trials, iterations, stats, eps, fit, title);
        try {
            if (!vary.isEmpty()) {
                for (String v : vary) {
                    SweepRange.parse(v);
                }
            }
            if (!stats.isEmpty()) {
                Measure.parseAll(stats, eps == null ? Double.NaN : eps);
            }
            FitWindow.parse(fit);
        } catch (ValidationException e) {
            throw j.fail(e.getMessage());
        }
        return plan;
    }

    private static List<String> texts(StrictJson j, JsonNode root, String field) {
        JsonNode v = root.get(field);
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.textValue());
            return out;
        }
        if (!v.isArray() || v.isEmpty()) {
            throw j.fail("field \"" + field + "\" must be a string or an array of strings (got " + StrictJson.describe(v) + ")");
        }
        Iterator<JsonNode> it = v.elements();
        while (it.hasNext()) {
            JsonNode e = it.next();
            if (!e.isTextual()) {
                throw j.fail("field \"" + field + "\" must hold strings (got " + StrictJson.describe(e) + ")");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static boolean has(JsonNode o, String field) {
        return o.has(field) && !o.get(field).isNull();
    }
}
