package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The window's command-line options: values, and one message naming the option for bad ones. */
class OptionsTest {
    @Test
    void framesAndExitOptions() {
        EmLabApp.Options o = EmLabApp.Options.parse(new String[] {"--preset", "gmm-1e5-density", "--autoplay",
            "--exit-after", "10", "--frame-stats", "/tmp/frames.txt"});
        assertEquals("gmm-1e5-density", o.preset);
        assertTrue(o.autoplay);
        assertEquals(10.0, o.exitAfterSeconds);
        assertEquals("/tmp/frames.txt", o.frameStats);
        EmLabApp.Options none = EmLabApp.Options.parse(new String[] {"--lab", "gmm"});
        assertEquals(0.0, none.exitAfterSeconds);
        assertNull(none.frameStats);
        assertEquals(2.5, EmLabApp.Options.parse(new String[] {"--exit-after", "2.5"}).exitAfterSeconds);
    }

    @Test
    void badValuesNameTheOption() {
        for (String bad : new String[] {"0", "-3", "ten", "NaN", "Infinity"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EmLabApp.Options.parse(new String[] {"--exit-after", bad}));
            assertTrue(e.getMessage().startsWith("--exit-after expects seconds"), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertEquals("--frame-stats needs a value", assertThrows(IllegalArgumentException.class,
                () -> EmLabApp.Options.parse(new String[] {"--frame-stats"})).getMessage());
        assertEquals("--data needs a value", assertThrows(IllegalArgumentException.class,
                () -> EmLabApp.Options.parse(new String[] {"--data"})).getMessage());
    }
}
