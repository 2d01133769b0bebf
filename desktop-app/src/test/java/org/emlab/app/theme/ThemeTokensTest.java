package org.emlab.app.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Scene;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.emlab.core.figure.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Theme colours have one source: the window's colour tokens are generated from {@link Theme} and
 * equal its ARGB values, a scene styled with them paints those colours, and no stylesheet defines a
 * colour token of its own.
 */
@ExtendWith(ApplicationExtension.class)
class ThemeTokensTest {
    private static final Pattern TOKEN = Pattern.compile("-em-([a-z0-9]+):\\s*([^;]+);");
    private static final Pattern RGBA = Pattern.compile("rgba\\((\\d+), (\\d+), (\\d+), ([0-9.]+)\\)");

    @Start
    void start(Stage stage) {
        // the extension starts the toolkit
    }

    /** ARGB of a generated token value. */
    private static int argb(String css) {
        Matcher m = RGBA.matcher(css);
        if (m.matches()) {
            int a = (int) Math.round(Double.parseDouble(m.group(4)) * 255);
            return (a << 24) | (Integer.parseInt(m.group(1)) << 16) | (Integer.parseInt(m.group(2)) << 8)
                    | Integer.parseInt(m.group(3));
        }
        assertTrue(css.matches("#[0-9A-F]{6}"), css);
        return 0xFF000000 | Integer.parseInt(css.substring(1), 16);
    }

    @Test
    void generatedTokensEqualTheThemesArgbValues() {
        for (Theme t : new Theme[] {Theme.LIGHT, Theme.PROJECTOR}) {
            Matcher m = TOKEN.matcher(Themes.stylesheet(t));
            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            expected.put("bg", t.background());
            expected.put("fg", t.foreground());
            expected.put("panel", t.panel());
            expected.put("border", t.border());
            expected.put("grid", t.grid());
            expected.put("muted", t.muted());
            expected.put("accent", t.accent());
            expected.put("error", t.error());
            for (int i = 0; i < Theme.PALETTE_SIZE; i++) {
                expected.put("c" + i, t.palette()[i]);
            }
            expected.put("overlay", t.overlay());
            Map<String, Integer> found = new java.util.LinkedHashMap<>();
            while (m.find()) {
                found.put(m.group(1), argb(m.group(2).strip()));
            }
            assertEquals(expected, found, t.name());
        }
    }

    @Test
    void aSceneStyledWithTheTokensPaintsTheThemesColours() throws Exception {
        for (String name : new String[] {Themes.LIGHT, Themes.PROJECTOR}) {
            Theme t = Theme.named(name);
            Color[] fills = WaitForAsyncUtils.asyncFx(() -> {
                Region panel = new Region();
                panel.setStyle("-fx-background-color: -em-panel;");
                Region c3 = new Region();
                c3.setStyle("-fx-background-color: -em-c3;");
                Scene scene = new Scene(new StackPane(panel, c3), 50, 50);
                Themes.apply(scene, name);
                panel.applyCss();
                c3.applyCss();
                return new Color[] {fill(panel.getBackground()), fill(c3.getBackground())};
            }).get(30, TimeUnit.SECONDS);
            assertEquals(rgb(t.panel()), fills[0], name + " -em-panel");
            assertEquals(rgb(t.color(3)), fills[1], name + " -em-c3");
        }
    }

    private static Color fill(Background b) {
        return (Color) b.getFills().get(0).getFill();
    }

    private static Color rgb(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }

    @Test
    void noStylesheetDefinesAColourTokenOfItsOwn() throws Exception {
        for (String sheet : new String[] {"base", "views", "light", "projector"}) {
            try (InputStream in = Themes.class.getResourceAsStream("/org/emlab/app/styles/" + sheet + ".css")) {
                String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(TOKEN.matcher(css).find(), sheet + ".css defines a -em- colour token");
                assertFalse(css.matches("(?s).*#[0-9A-Fa-f]{3,8}\\b.*"), sheet + ".css holds a hex colour");
            }
        }
    }
}
