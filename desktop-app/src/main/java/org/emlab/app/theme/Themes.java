package org.emlab.app.theme;

import javafx.scene.Scene;

/**
 * The stylesheets: {@code base.css} (layout and sizes), {@code views.css} (notices, the lecture
 * caption and the ChartFX charts, all in theme tokens) plus one token sheet per theme
 * ({@code light.css}, {@code projector.css}), which redefines the semantic colour tokens and text sizes.
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

    /** Applies the base sheets and a theme's tokens to a scene. */
    public static void apply(Scene scene, String theme) {
        scene.getStylesheets().setAll(url("base"), url("views"), url(theme));
    }
}
