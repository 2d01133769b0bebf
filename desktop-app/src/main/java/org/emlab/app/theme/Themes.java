package org.emlab.app.theme;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.Scene;
import org.emlab.core.figure.Theme;

/**
 * The stylesheets: {@code base.css} (layout and sizes), {@code views.css} (notices, the lecture
 * caption and the ChartFX charts, in theme tokens), one size sheet per theme ({@code light.css},
 * {@code projector.css}) and the theme's colour tokens, generated from {@link Theme} (the one
 * source of colours, shared with the painted and exported figures) as looked-up colours on
 * {@code .root}: {@code -em-bg}, {@code -em-fg}, {@code -em-panel}, {@code -em-border},
 * {@code -em-grid}, {@code -em-muted}, {@code -em-accent}, {@code -em-error}, {@code -em-c0} …
 * {@code -em-c6} (the palette) and {@code -em-overlay}.
 */
public final class Themes {
    public static final String LIGHT = "light";
    public static final String PROJECTOR = "projector";

    private Themes() {
    }

    private static String url(String name) {
        var u = Themes.class.getResource("/org/emlab/app/styles/" + name + ".css");
        if (u == null) {
            throw new IllegalStateException("missing stylesheet " + name + ".css");
        }
        return u.toExternalForm();
    }

    /** Applies the base sheets, a theme's sizes and its generated colour tokens to a scene. */
    public static void apply(Scene scene, String theme) {
        scene.getStylesheets().setAll(tokensUrl(Theme.named(theme)), url("base"), url("views"), url(theme));
    }

    /** The colour tokens of {@code t}, by name (without the leading {@code -em-}), as CSS colours. */
    public static Map<String, String> tokens(Theme t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bg", Theme.hex(t.background()));
        m.put("fg", Theme.hex(t.foreground()));
        m.put("panel", Theme.hex(t.panel()));
        m.put("border", Theme.hex(t.border()));
        m.put("grid", Theme.hex(t.grid()));
        m.put("muted", Theme.hex(t.muted()));
        m.put("accent", Theme.hex(t.accent()));
        m.put("error", Theme.hex(t.error()));
        for (int i = 0; i < Theme.PALETTE_SIZE; i++) {
            m.put("c" + i, Theme.hex(t.color(i)));
        }
        int o = t.overlay();
        m.put("overlay", String.format(Locale.ROOT, "rgba(%d, %d, %d, %.3f)", (o >> 16) & 0xFF, (o >> 8) & 0xFF, o & 0xFF,
                ((o >>> 24) & 0xFF) / 255.0));
        return m;
    }

    /** The stylesheet text of {@code t}'s colour tokens. */
    public static String stylesheet(Theme t) {
        StringBuilder sb = new StringBuilder("/* generated from org.emlab.core.figure.Theme." + t.name() + " */\n.root {\n");
        tokens(t).forEach((k, v) -> sb.append("    -em-").append(k).append(": ").append(v).append(";\n"));
        return sb.append("}\n").toString();
    }

    /** {@link #stylesheet} as a {@code data:} URL a scene can load. */
    public static String tokensUrl(Theme t) {
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(stylesheet(t).getBytes(StandardCharsets.UTF_8));
    }
}
