package org.emlab.app;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.emlab.app.theme.Themes;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/** The real window for the TestFX tests, in the stage TestFX hands to their {@code @Start}. */
public final class TestWindows {
    private TestWindows() {
    }

    /**
     * A {@link MainWindow} in a scene of {@code width} × {@code height} with the light theme and the keyboard
     * shortcuts, set on {@code stage}, shown, with {@code lab} loaded at {@code params} (not playing).
     */
    public static MainWindow show(Stage stage, double width, double height, Lab lab, ParamValues params) {
        MainWindow window = new MainWindow(stage);
        Scene scene = new Scene(window, width, height);
        Themes.apply(scene, Themes.LIGHT);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
        window.load(lab, params, false);
        return window;
    }
}
