package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The window's top-level handler: a failure to open the window is one line, never a stack trace. */
class LauncherTest {
    @Test
    void noDisplayIsSaidInWordsWithTheWayToTheCommandLine() {
        String line = Launcher.windowFailure(new RuntimeException("Exception in Application start method",
                new UnsupportedOperationException("Unable to open DISPLAY")));
        assertEquals("cannot open the window: there is no display (is DISPLAY set?); the command line needs none: "
                + "./emlab --help", line);
    }

    @Test
    void anyOtherFailureToOpenIsOneLineWithItsDetailsLogged() throws Exception {
        String line = Launcher.windowFailure(new RuntimeException("Exception in Application start method",
                new NullPointerException("Cannot read field \"x\"")));
        assertTrue(line.startsWith("cannot open the window: an internal error; details in "), line);
        assertFalse(line.contains("NullPointer") || line.contains("\n"), line);
        Path log = Path.of(line.substring(line.indexOf("details in ") + "details in ".length()));
        assertTrue(Files.readString(log).contains("NullPointerException"));
    }

    @Test
    void subcommandsGoToTheCliAndOptionsToTheWindow() {
        assertTrue(Launcher.isCli(new String[] {"run"}));
        assertFalse(Launcher.isCli(new String[] {"--preset", "x.json"}));
    }
}
