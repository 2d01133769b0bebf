package org.emlab.core.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.numeric.Cancellation;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * The compute thread of the application. It alone owns the current {@link LabRun}, its engine and
 * its {@link History}; everything else talks to it through commands (play, pause, step, seek,
 * new parameters, ...) and reads immutable {@link Snapshot}s from a latest-wins {@link Mailbox}.
 *
 * <p>While playing, the thread steps at the requested speed (iterations per second, or as fast as
 * possible) and publishes at most one snapshot per {@link #PUBLISH_INTERVAL_NANOS}. Commands are
 * picked up between iterations, so pause and reset take effect before the next step.
 *
 * <h2>Interrupting a long step</h2>
 * One step can take seconds (n = 1e7, a population step of gmm-overparam in high d). Commands that
 * change what is shown or stop the run (pause, reset, start, seek, step back, continue from here,
 * close) therefore also raise a flag that the compute thread has installed as its
 * {@link Cancellation} flag: {@link org.emlab.core.numeric.ChunkedSums} and the slow engine loops
 * check it between chunks and throw, the run loop puts the engine back to the last recorded
 * iteration (so it stays consistent: the interrupted step is simply not taken), and then runs the
 * command. The flag is lowered before each batch of commands is run, so a step started afterwards
 * runs unless a new command arrives. Other threads (sweeps, exports) have no flag and are never
 * interrupted by it.
 */
public final class RunLoop implements AutoCloseable {
    /** Minimum time between two published snapshots while playing (about 60 per second). */
    public static final long PUBLISH_INTERVAL_NANOS = 15_000_000L;
    /** Longest stretch of stepping between two looks at the command queue. */
    private static final long STEP_BUDGET_NANOS = 12_000_000L;
    /** Unlimited speed. */
    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Mailbox<Snapshot> mailbox;
    private final Thread thread;
    private volatile boolean closed;
    /**
     * Interrupting commands sent so far. A command carries the count at the time it was sent (its
     * own included); the command running is cancelled ({@link Cancellation}) once a later
     * interrupting command has been sent, never by itself or by one sent before it.
     */
    private final java.util.concurrent.atomic.AtomicLong interrupts = new java.util.concurrent.atomic.AtomicLong();
    /** Starts sent so far: a start in progress is cancelled only by a newer start (or close). */
    private final java.util.concurrent.atomic.AtomicLong starts = new java.util.concurrent.atomic.AtomicLong();
    /** The sequence number of the command running (compute thread writes, the flag reads). */
    private volatile long runningSeq;
    /** Commands sent so far, interrupting or not: each command's ticket (see {@link Snapshot#commandsDone()}). */
    private final java.util.concurrent.atomic.AtomicLong tickets = new java.util.concurrent.atomic.AtomicLong();
    /** The highest ticket of a command that has run (compute thread only). */
    private long commandsDone;
    /** The number of the start running, or -1. */
    private volatile long runningStart = -1;
    private long interruptedSteps;
    /** True when a snapshot was held back by the rate limit (the next wake-up publishes it). */
    private boolean unpublished;

    // ---- state owned by the compute thread ----
    private LabRun run;
    private History history;
    private long runId;
    private long revision;
    private boolean playing;
    private double speed = 30;
    private double credit;
    private long lastTick;
    private long lastPublish;
    private int cursor;
    private Map<String, String> view = Map.of();
    private String error;
    private String errorDetails;
    private String status = "";
    private double millisPerIteration;
    /** How far the last step moved the iteration counter ({@link Snapshot#iterationsPerStep()}). */
    private int iterationsPerStep = 1;
    /** Whether {@link #millisPerIteration} was measured with the sums spread over the cores. */
    private boolean measuredSpread = true;
    /**
     * Whether this thread's sums may use the other cores now ({@link ChunkedSums#allowHelpersWhen}): false
     * only while playing at a set speed that one core keeps up with using at most {@link #SERIAL_SHARE} of
     * it, so that the other cores are free to draw the frames (issue 19: on two cores, the frames drawn
     * while both also ran chunks of a step were the slow ones). Results do not depend on it (fixed chunks).
     */
    private boolean spreadSums = true;
    /** Largest share of one core a serial run may take at the set speed (see {@link #spreadSums}). */
    private static final double SERIAL_SHARE = 0.5;
    private double[] rowBuffer;
    private Lab pendingLab;
    /** Where the run stops playing by itself, and whether the user went on past it. */
    private Horizon horizon;
    private boolean pastHorizon;
    private ParamValues pendingParams;

    public RunLoop(Mailbox<Snapshot> mailbox) {
        this.mailbox = mailbox;
        this.thread = new Thread(this::loop, "emlab-compute");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    // ---- commands (any thread) -------------------------------------------------------------

    /** Starts a new run (data generation happens on the compute thread), stopping at the lab's horizon. */
    public void start(Lab lab, ParamValues params, Dataset userData, boolean autoplay) {
        start(lab, params, userData, autoplay, null);
    }

    /**
     * Starts a new run that stops playing at {@code horizon} (null: the lab's own, {@link Lab#horizon});
     * Space (play) goes on past it.
     */
    public void start(Lab lab, ParamValues params, Dataset userData, boolean autoplay, Horizon horizon) {
        long n = starts.incrementAndGet();
        interrupt(l -> l.doStart(lab, params, userData, autoplay, horizon, n));
    }

    public void play() {
        send(l -> l.doPlay());
    }

    public void pause() {
        interrupt(l -> l.playing = false);
    }

    public void togglePlay() {
        interrupt(l -> {
            if (l.playing) {
                l.playing = false;
            } else {
                l.doPlay();
            }
        });
    }

    /** One iteration forward (through recorded history first when scrubbed back). */
    public void step() {
        send(l -> l.doStep(false));
    }

    /** One half-step (E or M) where the engine has them. */
    public void halfStep() {
        send(l -> l.doStep(true));
    }

    /** One recorded iteration back. */
    public void stepBack() {
        interrupt(l -> l.doSeek(l.cursor - 1));
    }

    /** Back to iteration 0 of the same run (same data, same start). */
    public void reset() {
        interrupt(l -> {
            l.playing = false;
            if (l.history != null && l.history.size() > 0) {
                l.resumeFrom(0);
            }
        });
    }

    /** Shows history entry {@code index} (view only: the live end is kept). */
    public void seek(int index) {
        interrupt(l -> l.doSeek(index));
    }

    /**
     * Shows the latest recorded iteration {@code <= iteration} (view only; the timeline scrubber uses it).
     *
     * @return the command's ticket: snapshots with {@link Snapshot#commandsDone()} at least this show its effect
     */
    public long seekIteration(int iteration) {
        return interrupt(l -> {
            if (l.history != null && l.history.size() > 0) {
                l.doSeek(Math.max(0, l.history.indexAtOrBefore(iteration)));
            }
        });
    }

    /** Continues from the shown point, discarding the iterations after it. */
    public void resumeFromCursor(boolean andPlay) {
        interrupt(l -> {
            l.resumeFrom(l.cursor);
            if (andPlay) {
                l.doPlay();
            }
        });
    }

    /**
     * Steps from the live end, recording every iteration, until the engine reaches {@code iteration}
     * (or finishes); then shows it, paused. Used to reopen a saved session at the iteration it showed.
     * The compute thread is busy until then (like generating a large data set).
     */
    public void stepTo(int iteration) {
        interrupt(l -> l.doStepTo(iteration));
    }

    /** Jumps to the live end. */
    public void seekLiveEnd() {
        interrupt(l -> l.doSeek(Integer.MAX_VALUE));
    }

    /** Iterations per second; {@link #MAX_SPEED} for as fast as possible. */
    public void setSpeed(double itersPerSecond) {
        send(l -> l.speed = itersPerSecond);
    }

    /** View settings passed to the figure builder. */
    public void setView(Map<String, String> v) {
        Map<String, String> copy = Map.copyOf(v);
        send(l -> {
            l.view = copy;
            l.publish(true);
        });
    }

    /**
     * Turns a drop of the start handle {@code handleId} of panel {@code panelId} at {@code (x, y)} (data
     * coordinates) into the parameters of a run that starts there ({@link Manipulation#dragStart}), computed
     * on the compute thread from the run's history. The run itself is left alone: the caller restarts it
     * from the parameters (so that the form and the undo stack see the change). Completes exceptionally with
     * the lab's reason when the drop cannot be expressed, or when there is no run.
     */
    public java.util.concurrent.CompletableFuture<ParamValues> dragStart(String panelId, String handleId, double x,
                                                                         double y) {
        java.util.concurrent.CompletableFuture<ParamValues> f = new java.util.concurrent.CompletableFuture<>();
        if (interrupt(l -> l.doDragStart(f, panelId, handleId, x, y)) < 0) {
            f.completeExceptionally(new IllegalStateException("the compute thread has stopped"));
        }
        return f;
    }

    /**
     * Moves the current iterate: the shown iteration becomes the live end (later iterations are
     * discarded, as "continue from here" does), its handle {@code handleId} is put at {@code (x, y)}
     * through {@link Manipulation#dragCurrent}, the entry is recorded again with the new state and the
     * timeline gets the event "nudged by the user: …". Playing goes on from there. Completes with the
     * event's text, or exceptionally with the lab's reason.
     */
    public java.util.concurrent.CompletableFuture<String> nudge(String panelId, String handleId, double x, double y) {
        java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
        if (interrupt(l -> l.doNudge(f, panelId, handleId, x, y)) < 0) {
            f.completeExceptionally(new IllegalStateException("the compute thread has stopped"));
        }
        return f;
    }

    /** The prefix of the timeline event a {@link #nudge} records. */
    public static final String NUDGE_EVENT = "nudged by the user: ";

    /** Runs {@code task} on the compute thread with the current run (for exports of the live state). */
    public void inspect(Consumer<Inspection> task) {
        send(l -> task.accept(new Inspection(l.run, l.history, l.cursor)));
    }

    /** What {@link #inspect} hands over: read only, on the compute thread. */
    public record Inspection(LabRun run, History history, int cursor) {
    }

    /** A queued command, the interrupt count when it was sent, and its ticket. */
    private record Command(Consumer<RunLoop> action, long seq, long ticket) {
    }

    /** Queues {@code c}; returns its ticket (or -1 once closed). */
    private long send(Consumer<RunLoop> c) {
        if (closed) {
            return -1;
        }
        long ticket = tickets.incrementAndGet();
        commands.add(new Command(c, interrupts.get(), ticket));
        return ticket;
    }

    /** Sends {@code c} and interrupts a step in progress (see the class comment). */
    private long interrupt(Consumer<RunLoop> c) {
        if (closed) {
            return -1;
        }
        // counted before it is queued: the command running now is cancelled at once, and this one
        // (numbered with the new count) is not cancelled by its own arrival
        long ticket = tickets.incrementAndGet();
        commands.add(new Command(c, interrupts.incrementAndGet(), ticket));
        return ticket;
    }

    /** Number of steps interrupted so far (for tests and the status line). */
    public long interruptedSteps() {
        return interruptedSteps;
    }

    /** Stops the thread; returns when it has ended (or after a second). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the compute thread has ended. */
    public boolean isClosed() {
        return closed && !thread.isAlive();
    }

    // ---- the compute thread --------------------------------------------------------------

    private void loop() {
        Cancellation.install(this::cancelRequested);
        ChunkedSums.allowHelpersWhen(() -> spreadSums);
        try {
            while (!closed) {
                Command c;
                if (playing && run != null) {
                    long wait = waitNanos();
                    c = wait <= 0 ? commands.poll() : commands.poll(wait, TimeUnit.NANOSECONDS);
                } else {
                    c = commands.take();
                }
                boolean changed = false;
                while (c != null) {
                    // never backwards: with two sending threads a command numbered earlier can be queued later
                    runningSeq = Math.max(runningSeq, c.seq());
                    runCommand(c.action());
                    commandsDone = Math.max(commandsDone, c.ticket());
                    changed = true;
                    c = commands.poll();
                }
                try {
                    if (playing && run != null) {
                        advance();
                    } else if (changed) {
                        publish(true);
                    }
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError ex) {
                    // the last line of defence: an unexpected failure stops the run, never the compute thread
                    fail(ex);
                    publishSafely();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Cancellation.install(null);
        }
    }

    /**
     * The compute thread's {@link Cancellation} flag: closing; during a start, a newer start; else an
     * interrupting command sent after the one running.
     */
    private boolean cancelRequested() {
        if (closed) {
            return true;
        }
        long start = runningStart;
        return start >= 0 ? starts.get() > start : interrupts.get() > runningSeq;
    }

    private void runCommand(Consumer<RunLoop> c) {
        try {
            c.accept(this);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (!interrupted(e)) {
                fail(e);
            }
        }
    }

    /**
     * When {@code e} is a {@link Cancellation}: puts the engine back to the last recorded iteration
     * (the interrupted step is not taken) and returns true. Otherwise returns false.
     */
    private boolean interrupted(Throwable e) {
        if (!Cancellation.isCancellation(e)) {
            return false;
        }
        interruptedSteps++;
        if (run != null && history != null && history.size() > 0) {
            int last = history.size() - 1;
            run.engine().restore(history.state(last), history.iteration(last));
            cursor = Math.min(cursor, last);
            if (cursor < last) {
                run.engine().restore(history.state(cursor), history.iteration(cursor));
            }
        }
        return true; // the status stays: the command that interrupted says what happens next
    }

    private long waitNanos() {
        if (Double.isInfinite(speed)) {
            return 0;
        }
        double need = 1.0 - credit;
        if (need <= 0) {
            return 0;
        }
        long ns = (long) (need / speed * 1e9);
        return Math.max(1_000_000L, Math.min(ns, 50_000_000L));
    }

    /**
     * Starts run number {@code n}. Only a newer start (or close) cancels it: the commands sent after
     * it (view settings, stepping to a session's iteration, play) are meant for the new run.
     */
    private void doStart(Lab lab, ParamValues params, Dataset userData, boolean autoplay, Horizon h, long n) {
        runningStart = n;
        try {
            startRun(lab, params, userData, autoplay, h);
        } finally {
            runningStart = -1;
        }
    }

    private void startRun(Lab lab, ParamValues params, Dataset userData, boolean autoplay, Horizon h) {
        boolean wasPlaying = playing;
        playing = false;
        pendingLab = lab;
        pendingParams = params;
        status = "generating data…";
        publish(true);
        LabRun r;
        History first;
        double[] firstRow;
        try {
            long reclaimable = run == null ? 0 : run.lab().estimateBytes(run.params());
            org.emlab.core.lab.SizeGuard.check(lab, params, org.emlab.core.lab.SizeGuard.availableBytes(reclaimable));
            if (run != null && lab.estimateBytes(params) > org.emlab.core.lab.SizeGuard.availableBytes(0) / 2) {
                // a large run: let the old one go first so both never need the heap at once
                run = null;
                history = null;
                wasPlaying = false;
            }
            r = lab.start(params, userData);
            // the first row may be cancelled or fail too: record it before the new run replaces the old
            StepEngine e0 = r.engine();
            first = History.forRun(e0.columns(), e0.state().length);
            firstRow = new double[e0.columns().size()];
            e0.row(firstRow);
            first.record(e0.iteration(), firstRow.clone(), e0.state());
            for (String ev : e0.drainEvents()) {
                first.event(e0.iteration(), ev);
            }
        } catch (RuntimeException | OutOfMemoryError ex) {
            // the previous run stays, and keeps playing if it was
            if (Cancellation.isCancellation(ex)) {
                status = "start cancelled";
            } else {
                fail(ex);
                status = "could not start: " + error;
            }
            playing = wasPlaying && run != null;
            publish(true); // the status changed, whether or not the old run takes a step now
            return;
        }
        error = null;
        errorDetails = null;
        runId++;
        run = r;
        history = first;
        iterationsPerStep = 1; // until this run's first step says otherwise
        horizon = h != null ? h : lab.horizon(params);
        pastHorizon = false;
        rowBuffer = firstRow;
        cursor = 0;
        status = "ready";
        millisPerIteration = 0;
        if (autoplay) {
            doPlay();
        }
    }

    private void doPlay() {
        if (run == null) {
            return;
        }
        if (cursor < history.size() - 1) {
            // playing from a scrubbed point without confirmation resumes at the live end
            doSeek(Integer.MAX_VALUE);
        }
        playing = !run.engine().finished();
        if (playing && horizon != null && horizon.reached(history) != null) {
            // Space at the horizon goes on past it: from now on only the engine's own end stops the run
            pastHorizon = true;
            status = "ready";
        }
        credit = Double.isInfinite(speed) ? 0 : 1.0;
        lastTick = System.nanoTime();
    }

    private void doStep(boolean half) {
        if (run == null) {
            return;
        }
        playing = false;
        if (cursor < history.size() - 1 && !half) {
            doSeek(cursor + 1);
            return;
        }
        if (cursor < history.size() - 1) {
            resumeFrom(cursor);
        }
        StepEngine e = run.engine();
        if (e.finished()) {
            return;
        }
        long t0 = System.nanoTime();
        if (half) {
            e.halfStep();
        } else {
            e.step();
        }
        noteTime(t0, 1);
        if (e.phase() == StepEngine.Phase.BEFORE_E) {
            record();
        }
        cursor = history.size() - 1;
    }

    private void doDragStart(java.util.concurrent.CompletableFuture<ParamValues> f, String panelId, String handleId,
                             double x, double y) {
        if (run == null || history == null || history.size() == 0) {
            f.completeExceptionally(new IllegalStateException("no run to drag"));
            return;
        }
        try {
            f.complete(run.manipulation().dragStart(run.params(), history, cursor, panelId, handleId, x, y, view));
        } catch (RuntimeException ex) {
            if (Cancellation.isCancellation(ex)) {
                throw ex;
            }
            f.completeExceptionally(ex);
        }
    }

    private void doNudge(java.util.concurrent.CompletableFuture<String> f, String panelId, String handleId, double x,
                         double y) {
        if (run == null || history == null || history.size() == 0) {
            f.completeExceptionally(new IllegalStateException("no run to nudge"));
            return;
        }
        StepEngine e = run.engine();
        Manipulation m = run.manipulation();
        try {
            if (cursor < history.size() - 1) {
                resumeFrom(cursor);
            } else if (e.phase() != StepEngine.Phase.BEFORE_E) {
                int last = history.size() - 1;
                e.restore(history.state(last), history.iteration(last));
            }
            int idx = history.size() - 1;
            int it = history.iteration(idx);
            String label = handleId;
            java.util.List<Handle> hs = m.handles(history, idx, view).getOrDefault(panelId, java.util.List.of());
            for (Handle h : hs) {
                if (h.id().equals(handleId)) {
                    label = h.label();
                }
            }
            double[] s = m.dragCurrent(history.state(idx), history, idx, panelId, handleId, x, y, view);
            m.apply(e, s, it);
            record();
            cursor = history.size() - 1;
            String text = NUDGE_EVENT + label + " moved to (" + org.emlab.core.text.Numbers.compact(x) + ", "
                    + org.emlab.core.text.Numbers.compact(y) + ") at iteration " + it;
            history.event(it, text);
            status = "nudged: EM goes on from the moved iterate";
            f.complete(text);
        } catch (RuntimeException ex) {
            if (Cancellation.isCancellation(ex)) {
                throw ex;
            }
            // the engine is put back where it was shown
            int last = history.size() - 1;
            e.restore(history.state(last), history.iteration(last));
            cursor = last;
            f.completeExceptionally(ex);
        }
    }

    private void doStepTo(int target) {
        if (run == null) {
            return;
        }
        playing = false;
        doSeek(Integer.MAX_VALUE);
        StepEngine e = run.engine();
        long t0 = System.nanoTime();
        int steps = 0;
        while (e.iteration() < target && !e.finished() && !closed) {
            e.step();
            record();
            steps++;
        }
        if (steps > 0) {
            if (!measuredSpread) {
                millisPerIteration = 0; // measured the other way: start the average afresh
            }
            measuredSpread = true;
            noteTime(t0, steps);
        }
        cursor = history.size() - 1;
    }

    private void doSeek(int index) {
        if (run == null || history.size() == 0) {
            return;
        }
        int target = Math.max(0, Math.min(index, history.size() - 1));
        StepEngine e = run.engine();
        if (e.phase() != StepEngine.Phase.BEFORE_E) {
            // leaving a half-step: go back to the iteration boundary it started from
            int last = history.size() - 1;
            e.restore(history.state(last), history.iteration(last));
        }
        cursor = target;
        e.restore(history.state(cursor), history.iteration(cursor));
        if (cursor < history.size() - 1) {
            playing = false;
        }
    }

    private void resumeFrom(int index) {
        int target = Math.max(0, Math.min(index, history.size() - 1));
        history.truncateAfter(target);
        run.engine().restore(history.state(target), history.iteration(target));
        cursor = target;
        error = null;
    }

    private void advance() {
        StepEngine e = run.engine();
        long now = System.nanoTime();
        if (!Double.isInfinite(speed)) {
            credit += speed * (now - lastTick) / 1e9;
            credit = Math.min(credit, Math.max(2.0, speed * 0.25));
        }
        lastTick = now;
        // serial time of an iteration: as measured, or with the cores it was spread over (an upper bound)
        double serialMillis = millisPerIteration * (measuredSpread ? Runtime.getRuntime().availableProcessors() : 1);
        spreadSums = Double.isInfinite(speed) || millisPerIteration == 0 || serialMillis * speed > SERIAL_SHARE * 1000;
        boolean spread = spreadSums;
        long t0 = System.nanoTime();
        int steps = 0;
        try {
            if (e.phase() != StepEngine.Phase.BEFORE_E) {
                e.step();
                record();
                steps++;
            }
            while ((Double.isInfinite(speed) || credit >= 1.0) && System.nanoTime() - t0 < STEP_BUDGET_NANOS) {
                if (e.finished()) {
                    playing = false;
                    break;
                }
                if (atHorizon()) {
                    break;
                }
                e.step();
                record();
                steps++;
                credit -= 1.0;
                if (atHorizon()) {
                    break;
                }
                if (!commands.isEmpty()) {
                    break;
                }
            }
        } catch (RuntimeException | OutOfMemoryError ex) {
            // the steps taken before the interrupted one are recorded: the cursor is at their end, so
            // that the engine is put back to the last recorded iteration, which is also the one shown
            cursor = history.size() - 1;
            if (interrupted(ex)) {
                cursor = history.size() - 1;
                return; // the command that interrupted runs next, and publishes
            }
            fail(ex);
            publish(true);
            return;
        } finally {
            spreadSums = true; // commands (a step, a seek, a new run) use every core
        }
        if (steps > 0) {
            if (spread != measuredSpread) {
                millisPerIteration = 0; // measured the other way: start the average afresh
            }
            measuredSpread = spread;
            noteTime(t0, steps);
        }
        cursor = history.size() - 1;
        if (!playing) {
            publish(true); // finished: the last state must be shown, whatever the rate limit
        } else if (steps > 0 || unpublished) {
            // nothing new between two iterations (speed below the frame rate) means no snapshot, so the
            // window repaints at the iteration rate, not at every wake-up of this thread
            publish(false);
        }
    }

    /** True, with playing stopped and the status saying why, when the run has reached its horizon. */
    private boolean atHorizon() {
        if (pastHorizon || horizon == null || history == null) {
            return false;
        }
        String why = horizon.reached(history);
        if (why == null) {
            return false;
        }
        playing = false;
        status = "stopped at " + why + "; Space goes on";
        return true;
    }

    private void noteTime(long t0, int steps) {
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        millisPerIteration = millisPerIteration == 0 ? ms : 0.8 * millisPerIteration + 0.2 * ms;
    }

    private void record() {
        StepEngine e = run.engine();
        if (history.size() > 0 && e.iteration() > history.lastIteration()) {
            iterationsPerStep = e.iteration() - history.lastIteration();
        }
        e.row(rowBuffer);
        history.record(e.iteration(), rowBuffer.clone(), e.state());
        for (String ev : e.drainEvents()) {
            history.event(e.iteration(), ev);
        }
    }

    private void fail(Throwable ex) {
        playing = false;
        // one line for the window: the message of invalid input or a known failure; for a bug, "an
        // internal error" with the log that holds its details (Copy details has them too)
        String context = "the run of lab " + (run == null ? "?" : run.lab().id());
        error = org.emlab.core.io.Failures.report(ex, context);
        errorDetails = org.emlab.core.io.Failures.details(ex, context); // for Copy details (a bug report)
        if (history != null && run != null) {
            history.event(run.engine().iteration(), "error: " + error);
        }
    }

    private void publish(boolean force) {
        try {
            publishNow(force);
        } catch (RuntimeException ex) {
            if (!Cancellation.isCancellation(ex)) {
                throw ex;
            }
            // building the figure changes no engine state (a pending E half-step stays): a command is
            // waiting, and it publishes when it has run
            interruptedSteps++;
        }
    }

    /** Publishes the error with an empty figure (after a failure while publishing). */
    private void publishSafely() {
        try {
            revision++;
            mailbox.publish(new Snapshot(runId, revision, run == null ? "" : run.lab().id(), run == null ? pendingParams
                    : run.params(), 0, 0, 0, 0, 0, false, false, List.of(), new double[0], new Figure("", List.of()), "",
                    List.of(), error, errorDetails, 0, false, status, commandsDone, iterationsPerStep));
        } catch (RuntimeException ex) {
            // nothing more can be shown; the next command publishes again
        }
    }

    private void publishNow(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPublish < PUBLISH_INTERVAL_NANOS) {
            unpublished = true;
            return;
        }
        unpublished = false;
        lastPublish = now;
        revision++;
        if (run == null || history == null || history.size() == 0) {
            mailbox.publish(new Snapshot(runId, revision, pendingLab == null ? "" : pendingLab.id(), pendingParams, 0, 0, 0,
                    0, 0, false, false, List.of(), new double[0], new Figure("", List.of()), "", List.of(), error,
                    errorDetails, 0, false, status, commandsDone, iterationsPerStep));
            return;
        }
        StepEngine e = run.engine();
        Figure fig;
        try {
            fig = withHandles(run.figure(history, cursor, view));
        } catch (RuntimeException ex) {
            if (Cancellation.isCancellation(ex)) {
                throw ex;
            }
            fail(ex);
            fig = new Figure("", List.of());
        }
        double[] row = cursor < history.size() - 1 || e.phase() == StepEngine.Phase.BEFORE_E
                ? history.row(cursor).clone() : currentRow();
        int shown = cursor < history.size() ? history.iteration(cursor) : e.iteration();
        mailbox.publish(new Snapshot(runId, revision, run.lab().id(), run.params(), shown, history.lastIteration(), cursor,
                history.size(), history.iteration(0), playing, e.phase() == StepEngine.Phase.AFTER_E, e.columns(), row,
                fig, e.caption(), history.events(), error, errorDetails, millisPerIteration, e.finished(),
                statusLine(e), commandsDone, iterationsPerStep));
    }

    /** {@code fig} with the run's draggable handles of the shown entry on their panels ({@link Manipulation#handles}). */
    private Figure withHandles(Figure fig) {
        Manipulation m = run.manipulation();
        if (m == Manipulation.NONE) {
            return fig;
        }
        Map<String, java.util.List<Handle>> hs;
        try {
            hs = m.handles(history, cursor, view);
        } catch (RuntimeException ex) {
            if (Cancellation.isCancellation(ex)) {
                throw ex;
            }
            return fig; // a figure without handles is still a figure
        }
        if (hs.isEmpty()) {
            return fig;
        }
        java.util.List<org.emlab.core.figure.Panel> out = new java.util.ArrayList<>();
        for (org.emlab.core.figure.Panel p : fig.panels()) {
            java.util.List<Handle> h = hs.get(p.id());
            out.add(h == null ? p : p.withHandles(h));
        }
        return new Figure(fig.title(), out);
    }

    /**
     * The status line: the loop's own status, or, when the engine has stopped for a reason
     * ({@link StepEngine#finishedReason()}), "stopped at iteration 16: component 2 collapsed onto …".
     */
    public static String statusLine(StepEngine e, String status) {
        String why = e.finished() ? e.finishedReason() : "";
        return why == null || why.isEmpty() ? status : "stopped at iteration " + e.iteration() + ": " + why;
    }

    private String statusLine(StepEngine e) {
        return statusLine(e, status);
    }

    private double[] currentRow() {
        double[] r = new double[rowBuffer.length];
        run.engine().row(r);
        return r;
    }
}
