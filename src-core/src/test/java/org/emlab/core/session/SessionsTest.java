package org.emlab.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.emlab.core.io.AppVersion;

class SessionsTest {
    private static final Lab LAB = LabRegistry.get("gmm-simplex");
    private static final int T = 30;

    private static Session.View view() {
        return new Session.View(Map.of("projection", "x1–x3"), Map.of("kl", new Session.LogAxes(true, true),
                "radius", new Session.LogAxes(false, false)), "projector", true);
    }

    /** Parameters a text round trip could spoil: a radius with 17 significant digits, odd weights, a big seed. */
    private static ParamValues tricky(boolean population) {
        return LAB.defaults().with("k", "4").with("d", "3").with("n", "700").with("population", Boolean.toString(population))
                .with("weights", "0.41,0.29000000000000004,0.2,0.1").with("radius", Double.toString(0.1 + 0.2 + 1))
                .with("init", population ? "simplex" : "lloyd").with("seed", Long.toString(Long.MAX_VALUE - 12345));
    }

    private static void assertSameRun(History a, History b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.iteration(i), b.iteration(i));
            for (int c = 0; c < a.row(i).length; c++) {
                assertEquals(Double.doubleToRawLongBits(a.row(i)[c]), Double.doubleToRawLongBits(b.row(i)[c]),
                        "entry " + i + " column " + a.columns().get(c));
            }
            for (int c = 0; c < a.state(i).length; c++) {
                assertEquals(Double.doubleToRawLongBits(a.state(i)[c]), Double.doubleToRawLongBits(b.state(i)[c]));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void openingASavedSessionReproducesTheRunBitForBit(boolean population, @TempDir Path dir) throws Exception {
        ParamValues p = tricky(population);
        History original = HeadlessRun.run(LAB.start(p, null), T);
        Path file = dir.resolve("run" + Sessions.EXTENSION);
        Sessions.write(file, Session.of(LAB, p, T, view()));

        Session s = Sessions.read(file);
        assertEquals(Sessions.VERSION, s.version());
        assertEquals(AppVersion.get(), s.app());
        assertEquals(T, s.iteration());
        assertEquals(view(), s.view());
        ParamValues back = s.values();
        assertEquals(p, back);
        assertEquals(p.getLong("seed"), back.getLong("seed"));
        assertEquals(Double.doubleToRawLongBits(p.getDouble("radius")), Double.doubleToRawLongBits(back.getDouble("radius")));
        History reopened = HeadlessRun.run(s.labObject().start(back, null), s.iteration());
        assertSameRun(original, reopened);
    }

    @Test
    void theClipboardTextIsCompactAndRestoresTheSameSession() {
        Session s = Session.of(LAB, tricky(false), 12, view());
        String text = Sessions.toText(s);
        assertTrue(text.startsWith("emlab:"));
        assertTrue(text.matches("emlab:[A-Za-z0-9_-]+"), "base64url, no padding: " + text);
        assertTrue(text.length() < Sessions.toJson(s).length(), "shorter than the file");
        assertEquals(s, Sessions.fromText(text));
        // mail programs wrap long lines; surrounding blanks come along when copying
        String wrapped = "  " + text.substring(0, 40) + "\n" + text.substring(40) + "\n";
        assertEquals(s, Sessions.fromText(wrapped));
        // the file's JSON pasted as such works too
        assertEquals(s, Sessions.fromText(Sessions.toJson(s)));
    }

    private static String json() {
        return Sessions.toJson(Session.of(LAB, LAB.defaults(), 3, Session.View.plain()));
    }

    private static String messageOf(Runnable r) {
        ValidationException e = assertThrows(ValidationException.class, r::run);
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void sessionsFromANewerEmLabOrOfAnotherKindAreRefusedWithAClearMessage() {
        String newer = json().replace("\"version\" : 1", "\"version\" : 2").replace("\"app\" : \"" + AppVersion.get() + "\"",
                "\"app\" : \"9.0\"");
        String m = messageOf(() -> Sessions.parse(newer, "new.emlab.json"));
        assertTrue(m.contains("session new.emlab.json: version 2 is newer than this EM Lab") && m.contains("saved by EM Lab 9.0"),
                m);
        m = messageOf(() -> Sessions.parse(json().replace("\"emlab-session\"", "\"spreadsheet\""), "x.json"));
        assertTrue(m.contains("this is not an EM Lab session"), m);
        m = messageOf(() -> Sessions.parse(json().replace("\"version\" : 1", "\"version\" : \"one\""), "x.json"));
        assertTrue(m.contains("\"version\" must be a positive whole number"), m);
        m = messageOf(() -> Sessions.parse("{\"format\": \"emlab-session\"}", "x.json"));
        assertTrue(m.contains("missing field \"version\""), m);
    }

    @Test
    void damagedSessionsGetMessagesNotCrashes() {
        assertTrue(messageOf(() -> Sessions.parse("{\"version\": 1,", "x.json")).contains("malformed JSON"));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"lecture\" : false", "\"lecture\" : \"no\""), "x.json"))
                .contains("field \"view.lecture\" must be true or false"));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"theme\" : \"light\"", "\"theme\" : \"sepia\""), "x.json"))
                .contains("\"view.theme\" must be \"light\" or \"projector\""));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"k\" : \"3\"", "\"k\" : \"300\""), "x.json"))
                .contains("params: k must be an integer in [2, 16] (got 300)"));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"gmm-simplex\"", "\"gmm-nope\""), "x.json"))
                .contains("unknown lab \"gmm-nope\""));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"iteration\" : 3", "\"iteration\" : -1"), "x.json"))
                .contains("\"iteration\" must be a whole number in [0, "));
        assertTrue(messageOf(() -> Sessions.parse(json().replace("\"logAxes\" : { }", "\"logAxes\" : {\"kl\": true}"), "x.json"))
                .contains("\"view.logAxes.kl\" must be an object"));
        assertTrue(messageOf(() -> Sessions.fromText("hello")).contains("does not hold an EM Lab session"));
        assertTrue(messageOf(() -> Sessions.fromText("emlab:***")).contains("damaged"));
        String ok = Sessions.toText(Session.of(LAB, LAB.defaults(), 3, Session.View.plain()));
        assertTrue(messageOf(() -> Sessions.fromText(ok.substring(0, ok.length() / 2))).contains("damaged"));
    }

    @Test
    void aSessionFindsItsSeedThroughTheLabsSeedRole() {
        Session s = Session.of(LAB, tricky(false), 3, Session.View.plain());
        assertEquals(java.util.Optional.of(Long.toString(Long.MAX_VALUE - 12345)), s.seed());
        Session unknown = new Session(Sessions.FORMAT, Sessions.VERSION, "x", "no-such-lab", Map.of("seed", "5"), 0,
                Session.View.plain());
        assertEquals(java.util.Optional.empty(), unknown.seed());
    }
}
