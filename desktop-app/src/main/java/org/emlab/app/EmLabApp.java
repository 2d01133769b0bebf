package org.emlab.app;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.emlab.app.compute.FrameStats;
import org.emlab.app.theme.Themes;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.LaunchTrace;

/**
 * The JavaFX application: one {@link MainWindow}. Options (after {@code ./emlab}):
 * {@code --lab ID}, {@code --preset NAME}, {@code --set NAME=VALUE} (repeatable), {@code --autoplay},
 * {@code --data FILE} (opens a CSV file as File → Open data… does: the column picker, then the chosen
 * lab), {@code --exit-after SECONDS} (quits that long after the window is shown), {@code --frame-stats FILE}
 * (on exit, writes one line per frame, from the first frame that shows the run, then a summary line
 * {@code median=… p95=… p99=… max=… frames=…}; see {@link FrameStats#report}). The system property
 * {@code app.autoExitMs} closes the window after that many milliseconds (for smoke launches), and
 * {@code emlab.trace=true} prints when the window was shown and the first frame drawn, counted from
 * the launch of the process. The session is autosaved to the configuration folder
 * ({@link org.emlab.core.io.ConfigDir}; the system property {@code emlab.config.dir} moves it) and
 * offered for restoring after a crash.
 */
public final class EmLabApp extends Application {
    private static String[] launchArgs = new String[0];
    private MainWindow window;
    private org.emlab.app.session.AutosaveController autosave;
    private Options options;
    private boolean statsWritten;

    /** Launches the window with command-line options; invalid options end with one line on stderr and exit code 2. */
    public static void launchWith(String[] args) {
        try {
            Options.parse(args).resolve();
        } catch (IllegalArgumentException e) {
            System.err.println("emlab: " + org.emlab.core.io.Failures.oneLine(e.getMessage()));
            System.exit(2);
        }
        launchArgs = args.clone();
        Application.launch(EmLabApp.class, args);
    }

    /** Preferred size of a new window; smaller screens get a window that fits them (maximised). */
    static final double PREFERRED_WIDTH = 1500;
    static final double PREFERRED_HEIGHT = 920;

    @Override
    public void start(Stage stage) {
        LaunchTrace.mark("JavaFX started");
        javax.imageio.ImageIO.setUseCache(false); // PNGs are encoded in memory: no temporary files in the system temp folder
        UncaughtErrors.install(new UncaughtErrors((line, error) -> {
            if (window != null) {
                window.notice(line, error);
            }
        }, System.err));
        Options o = Options.parse(launchArgs);
        options = o;
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double w = Math.min(PREFERRED_WIDTH, screen.getWidth());
        double h = Math.min(PREFERRED_HEIGHT, screen.getHeight());
        // the window shows at once with a "starting" text; the views replace it a moment later
        Scene scene = new Scene(Splash.root(), w, h);
        stage.setScene(scene);
        stage.setTitle("EM Lab");
        try (java.io.InputStream icon = EmLabApp.class.getResourceAsStream("icons/emlab.png")) {
            if (icon != null) { // assets/icons/emlab.png, also the installed app's icon
                stage.getIcons().add(new javafx.scene.image.Image(icon));
            }
        } catch (java.io.IOException e) {
            // no window icon: the window works the same
        }
        stage.setMinWidth(Math.min(1000, screen.getWidth()));
        stage.setMinHeight(Math.min(640, screen.getHeight()));
        // a projector (1024 × 768, 1280 × 720): the whole screen
        stage.setMaximized(screen.getWidth() < PREFERRED_WIDTH || screen.getHeight() < PREFERRED_HEIGHT);
        stage.setOnCloseRequest(e -> shutdown());
        stage.show();
        LaunchTrace.mark("window visible (its starting text)");
        // build the views after the starting text was drawn once (a pulse later), not before
        javafx.animation.PauseTransition drawn = new javafx.animation.PauseTransition(Duration.millis(50));
        drawn.setOnFinished(e -> open(stage, scene, o));
        drawn.play();
    }

    private void open(Stage stage, Scene scene, Options o) {
        window = new MainWindow(stage);
        Themes.apply(scene, Themes.LIGHT);
        scene.setRoot(window);
        window.installKeys(scene);
        Options.Resolved r = o.resolve();
        window.model().load(r.preset() == null ? r.lab() : org.emlab.app.presets.PresetActions.labFor(r.preset()),
                r.params(), o.autoplay, r.preset() == null ? null : r.preset().horizon());
        if (r.preset() != null) {
            window.notice("Preset " + r.preset().title() + ": " + r.preset().longDescription(), false);
        }
        if (o.data != null) {
            window.openData(java.nio.file.Path.of(o.data));
        }
        if (o.frameStats != null || Boolean.getBoolean(MainWindow.TRACE_PROPERTY)) {
            measureFromFirstFigure(o);
        }
        autosave = new org.emlab.app.session.AutosaveController(org.emlab.core.session.Autosave.inUserConfig(),
                window.sessionActions()::capture, window.sessionActions()::restore, window::notice);
        autosave.start(stage);
        if (Boolean.getBoolean(MainWindow.TRACE_PROPERTY)) {
            trace("window shown with its views");
        }
        if (o.exitAfterSeconds > 0) {
            PauseTransition t = new PauseTransition(Duration.seconds(o.exitAfterSeconds));
            t.setOnFinished(e -> Platform.exit());
            t.play();
        }
        long autoExit = Long.getLong("app.autoExitMs", 0L);
        if (autoExit > 0) {
            PauseTransition t = new PauseTransition(Duration.millis(autoExit));
            t.setOnFinished(e -> stage.close());
            t.play();
        }
    }

    /** Frame statistics start with the first frame that shows the run (startup frames are not counted). */
    private void measureFromFirstFigure(Options o) {
        java.util.function.Consumer<org.emlab.core.run.Snapshot> first = new java.util.function.Consumer<>() {
            @Override
            public void accept(org.emlab.core.run.Snapshot s) {
                if (!s.figure().panels().isEmpty()) {
                    window.pump().stats().reset();
                    window.removeFrameListener(this);
                    if (Boolean.getBoolean(MainWindow.TRACE_PROPERTY)) {
                        trace("first frame of the run");
                    }
                }
            }
        };
        window.addFrameListener(first);
    }

    private static void trace(String what) {
        System.err.printf(java.util.Locale.ROOT, "emlab.trace: %s %d ms after the launch%n", what,
                LaunchTrace.sinceLaunchMillis());
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
            writeFrameStats();
        }
    }

    private void writeFrameStats() {
        if (options == null || options.frameStats == null || statsWritten) {
            return;
        }
        statsWritten = true;
        java.nio.file.Path file = java.nio.file.Path.of(options.frameStats);
        String context = (options.preset != null ? "preset " + options.preset : "lab " + (window.lab() == null ? "?"
                : window.lab().id())) + ", window " + (int) window.getWidth() + "×" + (int) window.getHeight()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        try {
            window.pump().stats().write(file, context);
            double[] iv = window.pump().stats().intervals();
            System.out.println("frame stats (interval ms): " + FrameStats.summarise(iv).line() + " → " + file);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("emlab: could not write the frame statistics to " + file + ": "
                    + org.emlab.core.io.Failures.report(e, "writing frame statistics"));
        }
    }

    /**
     * The window's command-line options: {@code --lab ID}, {@code --preset NAME}, {@code --set NAME=VALUE},
     * {@code --autoplay}, {@code --data FILE}, {@code --exit-after SECONDS}, {@code --frame-stats FILE}.
     */
    static final class Options {
        String lab;
        String preset;
        List<String> sets = new ArrayList<>();
        boolean autoplay;
        String data;
        double exitAfterSeconds;
        String frameStats;

        /** What the options ask for. */
        record Resolved(Lab lab, ParamValues params, Preset preset) {
        }

        /** The lab and values: the preset's (or the lab's defaults), then {@code --set}; throws with a message. */
        Resolved resolve() {
            Preset pr = preset == null ? null : Presets.resolve(preset);
            if (pr != null && lab != null && !lab.equals(pr.lab())) {
                throw new IllegalArgumentException("preset " + pr.name() + " is for lab " + pr.lab() + ", not " + lab);
            }
            Lab l = LabRegistry.get(pr != null ? pr.lab() : lab == null ? LabRegistry.DEFAULT_LAB : lab);
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

        private static double seconds(String text) {
            double s;
            try {
                s = org.emlab.core.text.NumberSyntax.parse(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--exit-after expects seconds, a number greater than 0 (got \"" + text
                        + "\")");
            }
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("--exit-after expects seconds, a number greater than 0 (got " + text + ")");
            }
            return s;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--lab" -> o.lab = value(args, ++i, "--lab");
                    case "--preset" -> o.preset = value(args, ++i, "--preset");
                    case "--set" -> o.sets.add(value(args, ++i, "--set"));
                    case "--autoplay" -> o.autoplay = true;
                    case "--data" -> o.data = value(args, ++i, "--data");
                    case "--exit-after" -> o.exitAfterSeconds = seconds(value(args, ++i, "--exit-after"));
                    case "--frame-stats" -> o.frameStats = value(args, ++i, "--frame-stats");
                    default -> {
                        // options of later features are ignored here
                    }
                }
            }
            return o;
        }
    }
}
