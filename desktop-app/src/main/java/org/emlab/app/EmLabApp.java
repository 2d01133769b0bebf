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
import org.emlab.core.io.Preset;
import org.emlab.core.io.Presets;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRegistry;
import org.emlab.core.param.ParamValues;

/**
 * The JavaFX application: one {@link MainWindow}. Options (after {@code ./emlab}):
 * {@code --lab ID}, {@code --preset NAME}, {@code --set NAME=VALUE} (repeatable), {@code --autoplay},
 * {@code --data FILE} (opens a CSV file as File → Open data… does: the column picker, then the chosen
 * lab). The system property
 * {@code app.autoExitMs} closes the window after that many milliseconds (for smoke launches). The
 * session is autosaved to the configuration folder ({@link org.emlab.core.io.ConfigDir}; the
 * system property {@code emlab.config.dir} moves it) and offered for restoring after a crash.
 */
public final class EmLabApp extends Application {
    /** The lab the window opens with when none is asked for. */
    static final String DEFAULT_LAB = "gmm-simplex";
    private static String[] launchArgs = new String[0];
    private MainWindow window;
    private org.emlab.app.session.AutosaveController autosave;

    /** Launches the window with command-line options; invalid options end with one line on stderr and exit code 2. */
    public static void launchWith(String[] args) {
        try {
            Options.parse(args).resolve();
        } catch (IllegalArgumentException e) {
            System.err.println("emlab: " + e.getMessage());
            System.exit(2);
        }
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
        stage.setOnCloseRequest(e -> shutdown());
        Options.Resolved r = o.resolve();
        window.load(r.preset() == null ? r.lab() : org.emlab.app.presets.PresetActions.labFor(r.preset()), r.params(),
                o.autoplay);
        if (r.preset() != null) {
            window.notice("Preset " + r.preset().title() + ": " + r.preset().longDescription(), false);
        }
        if (o.data != null) {
            window.openData(java.nio.file.Path.of(o.data));
        }
        stage.show();
        autosave = new org.emlab.app.session.AutosaveController(org.emlab.core.io.Autosave.inUserConfig(),
                window.sessionActions()::capture, window.sessionActions()::restore, window::notice);
        autosave.start(stage);
        long autoExit = Long.getLong("app.autoExitMs", 0L);
        if (autoExit > 0) {
            PauseTransition t = new PauseTransition(Duration.millis(autoExit));
            t.setOnFinished(e -> stage.close());
            t.play();
        }
    }

    @Override
    public void stop() {
        shutdown();
        Platform.exit();
    }

    /** Saves the session (autosave, clean exit) and stops the window's threads. */
    private void shutdown() {
        if (autosave != null) {
            autosave.stop();
        }
        if (window != null) {
            window.shutdown();
        }
    }

    /** The window's command-line options: {@code --lab ID}, {@code --preset NAME}, {@code --set NAME=VALUE}, {@code --autoplay}. */
    static final class Options {
        String lab;
        String preset;
        List<String> sets = new ArrayList<>();
        boolean autoplay;
        String data;

        /** What the options ask for. */
        record Resolved(Lab lab, ParamValues params, Preset preset) {
        }

        /** The lab and values: the preset's (or the lab's defaults), then {@code --set}; throws with a message. */
        Resolved resolve() {
            Preset pr = preset == null ? null : Presets.resolve(preset);
            if (pr != null && lab != null && !lab.equals(pr.lab())) {
                throw new IllegalArgumentException("preset " + pr.name() + " is for lab " + pr.lab() + ", not " + lab);
            }
            Lab l = LabRegistry.get(pr != null ? pr.lab() : lab == null ? DEFAULT_LAB : lab);
            ParamValues p = pr != null ? pr.values() : l.defaults();
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set expects NAME=VALUE (got \"" + s + "\")");
                }
                p = p.with(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            }
            l.validate(p);
            return new Resolved(l, p, pr);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--lab" -> o.lab = value(args, ++i, "--lab");
                    case "--preset" -> o.preset = value(args, ++i, "--preset");
                    case "--set" -> o.sets.add(value(args, ++i, "--set"));
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
