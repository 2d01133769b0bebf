package org.emlab.app;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.emlab.app.theme.Themes;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRegistry;
import org.emlab.core.param.ParamValues;

/**
 * The JavaFX application: one {@link MainWindow}. Options (after {@code ./emlab}):
 * {@code --lab ID}, {@code --set NAME=VALUE} (repeatable), {@code --autoplay}, {@code --data FILE} (opens a
 * CSV file as File → Open data… does: the column picker, then the chosen lab). The system property
 * {@code app.autoExitMs} closes the window after that many milliseconds (for smoke launches).
 */
public final class EmLabApp extends Application {
    private static String[] launchArgs = new String[0];
    private MainWindow window;

    /** Launches the window with command-line options. */
    public static void launchWith(String[] args) {
        launchArgs = args.clone();
        Application.launch(EmLabApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Options o = Options.parse(launchArgs);
        window = new MainWindow(stage);
        Scene scene = new Scene(window, 1500, 920);
        Themes.apply(scene, Themes.LIGHT);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.setMinWidth(1000);
        stage.setMinHeight(640);
        stage.setOnCloseRequest(e -> window.shutdown());
        Lab lab = LabRegistry.get(o.lab);
        ParamValues p = lab.defaults();
        for (String s : o.sets) {
            int eq = s.indexOf('=');
            p = p.with(s.substring(0, eq), s.substring(eq + 1));
        }
        lab.validate(p);
        window.load(lab, p, o.autoplay);
        if (o.data != null) {
            window.openData(java.nio.file.Path.of(o.data));
        }
        stage.show();
        long autoExit = Long.getLong("app.autoExitMs", 0L);
        if (autoExit > 0) {
            PauseTransition t = new PauseTransition(Duration.millis(autoExit));
            t.setOnFinished(e -> stage.close());
            t.play();
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
        Platform.exit();
    }

    /** The window's command-line options. */
    static final class Options {
        String lab = "gmm-simplex";
        List<String> sets = new ArrayList<>();
        boolean autoplay;
        String data;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--lab" -> o.lab = args[++i];
                    case "--set" -> o.sets.add(args[++i]);
                    case "--autoplay" -> o.autoplay = true;
                    case "--data" -> o.data = args[++i];
                    default -> {
                        // options of later features are ignored here
                    }
                }
            }
            return o;
        }
    }
}
