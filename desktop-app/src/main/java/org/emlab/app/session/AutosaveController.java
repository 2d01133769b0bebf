package org.emlab.app.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import javafx.util.Duration;
import org.emlab.core.session.Autosave;
import org.emlab.core.session.Session;

/**
 * The window's side of {@link Autosave}: on start it asks whether to restore the session left by
 * a run that did not shut down cleanly ("EM Lab did not shut down cleanly. Restore the session
 * from 14:32?" Restore / Start fresh); then every {@link Autosave#INTERVAL_MILLIS} ms it saves the
 * window's session when it changed; on close (and on SIGTERM, through a shutdown hook) it saves
 * and removes the crash marker. Only {@code kill -9}, a crash of the JVM or a power cut leave the
 * marker behind. While the restore question is open nothing is saved and the marker stays: a window
 * closed (or killed) before the answer offers the same session again at the next start.
 */
public final class AutosaveController {
    /** The restore button. */
    public static final ButtonType RESTORE = new ButtonType("Restore", ButtonBar.ButtonData.OK_DONE);
    /** The start-fresh button. */
    public static final ButtonType START_FRESH = new ButtonType("Start fresh", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Autosave autosave;
    private final Supplier<Session> capture;
    private final Consumer<Session> restore;
    private final BiConsumer<String, Boolean> notice;
    private final Timeline timer;
    private final Thread hook = new Thread(this::exitOnSignal, "emlab-autosave-exit");
    /** The session captured last on the FX thread (the shutdown hook cannot touch the scene graph). */
    private volatile Session captured;
    private volatile boolean stopped;
    /** True while the restore question waits for its answer. */
    private volatile boolean asking;

    /**
     * @param autosave where to save
     * @param capture  the window's session now (FX thread), or null before the first run
     * @param restore  restores a session in the window
     * @param notice   shows a one-line message (true: an error)
     */
    public AutosaveController(Autosave autosave, Supplier<Session> capture, Consumer<Session> restore,
                              BiConsumer<String, Boolean> notice) {
        this.autosave = autosave;
        this.capture = capture;
        this.restore = restore;
        this.notice = notice;
        this.timer = new Timeline(new KeyFrame(Duration.millis(Autosave.INTERVAL_MILLIS), e -> tick()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    /**
     * Marks the run, offers the crashed run's session when there is one (a dialog owned by
     * {@code owner}), then starts the timer. FX thread.
     */
    public void start(Window owner) {
        Optional<Autosave.Recovery> offer = autosave.start();
        Runtime.getRuntime().addShutdownHook(hook);
        if (autosave.lastError() != null) {
            notice.accept("Autosave: " + autosave.lastError(), true);
        }
        if (offer.isEmpty()) {
            timer.play();
            return;
        }
        asking = true;
        Platform.runLater(() -> {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, details(offer.get()), RESTORE, START_FRESH);
            a.initOwner(owner);
            a.setTitle("Restore the last session?");
            a.setHeaderText(prompt(offer.get().savedAt(), ZoneId.systemDefault(), Instant.now()));
            a.getDialogPane().setId("restore-dialog");
            boolean yes = a.showAndWait().orElse(START_FRESH) == RESTORE;
            asking = false;
            if (stopped) {
                return; // the window closed while asking: the marker stays, the next start asks again
            }
            if (yes) {
                try {
                    restore.accept(offer.get().session());
                    notice.accept("Restored the session autosaved at " + time(offer.get().savedAt(), ZoneId.systemDefault(),
                            Instant.now()) + ".", false);
                } catch (RuntimeException ex) {
                    notice.accept("Could not restore the autosaved session: "
                            + org.emlab.core.io.Failures.report(ex, "restoring the autosaved session"), true);
                }
            }
            timer.play();
        });
    }

    /** "EM Lab did not shut down cleanly. Restore the session from 14:32?" (with the date when not today). */
    public static String prompt(Instant savedAt, ZoneId zone, Instant now) {
        return "EM Lab did not shut down cleanly. Restore the session from " + time(savedAt, zone, now) + "?";
    }

    static String time(Instant savedAt, ZoneId zone, Instant now) {
        ZonedDateTime t = savedAt.atZone(zone);
        String hm = t.format(DateTimeFormatter.ofPattern("HH:mm"));
        return t.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? hm
                : t.format(DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH)) + ", " + hm;
    }

    /** What would be restored: lab, seed, iteration. */
    static String details(Autosave.Recovery r) {
        Session s = r.session();
        return "Lab " + s.lab() + ", seed " + s.seed().orElse("?") + ", iteration " + s.iteration()
                + ".\nWhatever you choose, a copy of it stays in " + r.file() + ".";
    }

    /** Saves the session if it changed (FX thread). */
    void tick() {
        Session s = capture.get();
        if (s != null) {
            captured = s;
        }
        boolean wasFailing = autosave.lastError() != null;
        autosave.save(s);
        if (autosave.lastError() != null && !wasFailing) {
            notice.accept("Autosave failed: " + autosave.lastError(), true);
        }
    }

    /** On a clean exit (FX thread): saves the session and removes the crash marker. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        timer.stop();
        if (asking) {
            return; // unanswered: keep the marker, so the next start asks again
        }
        Session s = capture.get();
        autosave.cleanExit(s != null ? s : captured);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** SIGTERM or System.exit without a window close: the last captured session, then no marker. */
    private void exitOnSignal() {
        if (!stopped && !asking) {
            stopped = true;
            autosave.cleanExit(captured);
        }
    }
}
