package org.emlab.core.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PresetsTest {
    /** The shipped presets folder, seen from the module's directory (where surefire runs). */
    private static final Path ASSETS = Path.of("..", "assets", "presets");

    static List<String> indexed() {
        return Presets.index();
    }

    @Test
    void everyPresetFileIsListedInItsLabsIndexAndEveryListedFileExists() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.walk(ASSETS)) {
            s.filter(Files::isRegularFile).map(p -> ASSETS.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".json") && !n.endsWith("/" + Presets.INDEX)).forEach(onDisk::add);
        }
        Set<String> listed = new TreeSet<>(Presets.index());
        listed.addAll(Lectures.index());
        for (String f : onDisk) {
            String lab = f.contains("/") ? f.substring(0, f.indexOf('/')) : "(none)";
            assertTrue(listed.contains(f), "assets/presets/" + f + " is not listed in assets/presets/" + lab + "/"
                    + Presets.INDEX + ": add its file name to the \"presets\" array (a folder inside a jar cannot be "
                    + "listed), and keep every preset in the folder of its lab");
        }
        for (String f : listed) {
            assertTrue(onDisk.contains(f), "an " + Presets.INDEX + " lists " + f + ", which is not in assets/presets");
        }
        assertEquals(listed.size(), Presets.index().size() + Lectures.index().size(), "no file listed twice");
    }

    @ParameterizedTest
    @MethodSource("indexed")
    void everyShippedPresetLoadsAndRunsAFewIterations(String file) {
        Preset p = Presets.parse(Presets.resource(file), file);
        assertEquals(file, p.lab() + "/" + p.name() + ".json");
        assertEquals(Presets.VERSION, p.version());
        ParamValues values = p.values();
        for (var e : p.params().entrySet()) {
            assertEquals(values.spec(e.getKey()).format(values.spec(e.getKey()).parse(e.getValue())), values.text(e.getKey()),
                    "parameter " + e.getKey() + " is applied");
        }
        for (ParamValues v : p.compare() == null ? List.of(values) : List.of(values, p.compareValues())) {
            LabRun run = LabRegistry.get(p.lab()).start(v, null);
            History h = HeadlessRun.run(run, 3);
            assertTrue(h.size() >= 2, "at least one step");
            for (int i = 0; i < h.size(); i++) {
                for (int c = 0; c < h.columns().size(); c++) {
                    assertFalse(Double.isNaN(h.row(i)[c]), file + ": " + h.columns().get(c) + " is NaN at entry " + i);
                }
            }
            assertFalse(HeadlessRun.figure(run, h, HeadlessRun.defaultView(run.lab(), v)).panels().isEmpty());
        }
        assertTrue(p.title().length() <= 80, "a title fits a menu");
        assertTrue(p.description().length() >= 40, "the description says what to look for");
    }

    @Test
    void shippedPresetsAreFoundByNameAndGroupedByLab() {
        assertFalse(Presets.forLab("gmm-simplex").isEmpty());
        Preset p = Presets.find("gmm-simplex-k4-d3");
        assertEquals("gmm-simplex", p.lab());
        assertEquals(4, p.values().getInt("k"));
        assertArrayEquals4(p.values().getVector("weights"));
        ValidationException e = assertThrows(ValidationException.class, () -> Presets.find("nope"));
        assertTrue(e.getMessage().contains("unknown preset \"nope\" (./emlab presets lists them): ")
                && e.getMessage().contains("gmm-simplex-k4-d3"), e.getMessage());
        // a lecture's name, given where a preset goes, says where lectures open
        ValidationException lecture = assertThrows(ValidationException.class, () -> Presets.find("gmm-simplex-lecture"));
        assertTrue(lecture.getMessage().contains("\"gmm-simplex-lecture\" is a lecture, not a preset: open it in the window "
                + "from the Lecture menu"), lecture.getMessage());
        for (var lab : LabRegistry.all()) {
            for (Preset q : Presets.forLab(lab.id())) {
                assertEquals(lab.id(), q.lab());
            }
        }
    }

    private static void assertArrayEquals4(double[] w) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.4, 0.3, 0.2, 0.1}, w, 0.0);
    }

    private static final String GOOD = """
            {"version": 1, "name": "my-preset", "title": "T", "lab": "gmm-simplex",
             "description": "what it shows", "params": {"k": "3", "population": "true"}, "iterations": 10,
             "compare": {"param": "k", "value": "2"}}""";

    @Test
    void aWellFormedPresetLoads() {
        Preset p = Presets.parse(GOOD.replace("\"compare\": {\"param\": \"k\", \"value\": \"2\"}",
                "\"compare\": {\"param\": \"population\", \"value\": \"false\"}"), "my-preset.json");
        assertEquals(10, p.iterations());
        assertNotNull(p.compareValues());
        assertFalse(p.compareValues().getBool("population"));
        assertTrue(p.longDescription().contains("stops by itself after 10 iterations"), p.longDescription());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{", "malformed JSON at line 1"),
                Arguments.of("", "empty"),
                Arguments.of("[1, 2]", "expected a JSON object { ... } at the top (got an array)"),
                Arguments.of(GOOD + " trailing", "malformed JSON"),
                Arguments.of(GOOD.replace("\"version\": 1", "\"version\": 2"), "version 2 is newer than this EM Lab"),
                Arguments.of(GOOD.replace("\"version\": 1,", ""), "missing field \"version\""),
                Arguments.of(GOOD.replace("\"version\": 1", "\"version\": \"1\""),
                        "\"version\" must be a positive whole number (got string \"1\")"),
                Arguments.of(GOOD.replace("\"title\": \"T\"", "\"title\": \"T\", \"colour\": \"red\""),
                        "unknown field \"colour\"; allowed fields: version, name, title"),
                Arguments.of(GOOD.replace("\"title\": \"T\"", "\"title\": \"T\", \"title\": \"U\""),
                        "the field \"title\" appears twice"),
                Arguments.of(GOOD.replace("\"description\": \"what it shows\",", ""), "missing field \"description\""),
                Arguments.of(GOOD.replace("\"description\": \"what it shows\"", "\"description\": \" \""),
                        "field \"description\" must not be empty"),
                Arguments.of(GOOD.replace("\"title\": \"T\"", "\"title\": 7"), "field \"title\" must be a string (got number 7)"),
                Arguments.of(GOOD.replace("my-preset", "My Preset"), "lower-case words joined by dashes"),
                Arguments.of(GOOD.replace("\"gmm-simplex\"", "\"nope\""), "field \"lab\": unknown lab \"nope\""),
                Arguments.of(GOOD.replace("{\"k\": \"3\", \"population\": \"true\"}", "\"k=3\""),
                        "field \"params\" must be an object"),
                Arguments.of(GOOD.replace("\"k\": \"3\"", "\"k\": 3"), "field \"params.k\" must be a string"),
                Arguments.of(GOOD.replace("\"k\": \"3\"", "\"k\": \"1\""), "params: k must be an integer in [2, 16] (got 1)"),
                Arguments.of(GOOD.replace("\"k\": \"3\"", "\"kk\": \"3\""), "params: unknown parameter \"kk\""),
                Arguments.of(GOOD.replace("\"k\": \"3\"", "\"k\": \"3\", \"d\": \"1\""),
                        "params: d must be at least k − 1 = 2 (got 1)"),
                Arguments.of(GOOD.replace("\"iterations\": 10", "\"iterations\": -5"),
                        "field \"iterations\" must be a whole number in [0, "),
                Arguments.of(GOOD.replace("\"iterations\": 10", "\"iterations\": 2.5"), "field \"iterations\" must be a whole"),
                Arguments.of(GOOD.replace("\"param\": \"k\"", "\"param\": \"nope\""),
                        "field \"compare.param\": lab gmm-simplex has no parameter \"nope\""),
                Arguments.of(GOOD.replace("\"value\": \"2\"", "\"value\": \"99\""), "compare: k must be an integer in [2, 16]"),
                Arguments.of(GOOD.replace("\"value\": \"2\"}", "\"value\": \"2\", \"extra\": 1}"),
                        "unknown field \"compare.extra\""));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedPresetsGetAMessageNamingTheFileAndTheProblem(String json, String expected) {
        ValidationException e = assertThrows(ValidationException.class, () -> Presets.parse(json, "bad.json"));
        assertTrue(e.getMessage().startsWith("preset bad.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
    @Test
    void aComparisonOfUniformWeightsReadsOneKthEach() {
        assertEquals("1/3 each", Preset.shortValue("0.3333333333333333,0.3333333333333333,0.3333333333333334"));
        assertEquals("1/4 each", Preset.shortValue("0.25, 0.25, 0.25, 0.25"));
        assertEquals("0.5,0.3,0.2", Preset.shortValue("0.5,0.3,0.2"));
        assertEquals("1,1", Preset.shortValue("1,1")); // equal but not weights
        assertEquals("0.7", Preset.shortValue("0.7"));
        assertEquals("a,b", Preset.shortValue("a,b"));
        assertTrue(Presets.resolve("gmm-simplex-dft-vs-uniform").longDescription().endsWith("Compare with weights = 1/3 each."));
    }
}
