package org.emlab.core.headless;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.anim.FrameSchedule;
import org.emlab.core.figure.anim.FrameSink;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureComposer;
import org.emlab.core.figure.render.Java2DCanvas;
import org.emlab.core.figure.render.PanelLayout;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.figure.render.PanelSelection;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.FiniteRows;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.AxisScales;

/**
 * An EM run as an animation: frames of the figure the window shows while it plays, at iterations
 * chosen by a {@link FrameSchedule}, each with the iteration counter, drawn by the export painter and
 * handed to a {@link FrameSink} (an MP4, a GIF, a folder of PNGs). Shared by {@code ./emlab animate}
 * and the window's animation export.
 *
 * <p>Two passes over the same run (a run is determined by its parameters and seed):
 * <ol>
 *   <li>{@link #plan}: the run goes to its horizon (or to {@code --to}); the frames' iterations are
 *       spaced between {@code from} and the last iteration; the chosen panels are fixed (from the last
 *       frame: {@code --panels auto} fits the page once); every panel's axis ranges are fixed to hold
 *       all its frames (the curves' ranges are those of the whole run, the geometry's the union over the
 *       frames), so no axis moves; each panel's legend keeps the place it has on the last frame and
 *       lists every entry any frame has; notes go under the plots, in room for the most lines any frame
 *       has.</li>
 *   <li>{@link #render}: a fresh run steps forward; at each frame's iteration the figure is built from
 *       the history so far (what the window shows at that moment), drawn and handed on.</li>
 * </ol>
 */
public final class Animation {
    private Animation() {
    }

    /**
     * What the animation covers and how fast it plays.
     *
     * @param from     first iteration shown, or null for the run's first (0)
     * @param to       last iteration shown (the run stops there), or null for the horizon
     * @param fps      frames a second
     * @param duration seconds (frames: {@code round(fps · duration)})
     * @param spacing  how frames are spaced in iterations
     * @param hold     seconds the last frame stays at the end (within the duration)
     */
    public record Settings(Integer from, Integer to, int fps, double duration, FrameSchedule.Spacing spacing, double hold) {
        /** Frames a second when not given. */
        public static final int DEFAULT_FPS = 25;
        /** Seconds when not given. */
        public static final double DEFAULT_DURATION = 8;
        /** Seconds of the final hold when not given. */
        public static final double DEFAULT_HOLD = 1;
        /** Most frames a second. */
        public static final int MAX_FPS = 60;
        /** Longest animation, in seconds. */
        public static final double MAX_DURATION = 600;

        public Settings {
            if (fps < 1 || fps > MAX_FPS) {
                throw new ValidationException("fps", "--fps must be a whole number from 1 to " + MAX_FPS + " (got " + fps + ")");
            }
            if (!(duration > 0 && duration <= MAX_DURATION)) {
                throw new ValidationException("duration", "--duration must be more than 0 and at most " + (int) MAX_DURATION
                        + " seconds (got " + duration + ")");
            }
            if (!(hold >= 0 && hold <= duration)) {
                throw new ValidationException("hold", "--hold must be between 0 and the duration (got " + hold + ")");
            }
            if (from != null && from < 0) {
                throw new ValidationException("from", "--from must be at least 0 (got " + from + ")");
            }
            if (from != null && to != null && to < from) {
                throw new ValidationException("to", "--to must not be before --from (got --from " + from + " --to " + to + ")");
            }
        }

        /** The defaults: the whole run, 25 fps, 8 s, log spacing, a 1 s hold. */
        public static Settings defaults() {
            return new Settings(null, null, DEFAULT_FPS, DEFAULT_DURATION, FrameSchedule.Spacing.LOG, DEFAULT_HOLD);
        }

        /** Number of frames. */
        public int frames() {
            return (int) Math.max(1, Math.round(fps * duration));
        }

        /** Frames of the final hold. */
        public int holdFrames() {
            return (int) Math.round(fps * hold);
        }
    }

    /** Hears how far an animation is: a phase ("running", "frames"), done and total. */
    @FunctionalInterface
    public interface Progress {
        void update(String phase, int done, int total);

        /** Hears nothing. */
        static Progress none() {
            return (p, d, t) -> { };
        }
    }

    /**
     * Everything decided before the frames are drawn.
     *
     * @param run       the request (lab, parameters, comparison, view) with the horizon the frames end at
     * @param spec      page, theme, scale
     * @param schedule  each frame's iteration
     * @param panels    the chosen panels' ids, in order
     * @param axes      the axis scales asked for
     * @param ranges    panel id → {x0, x1, y0, y1}, fixed for every frame
     * @param stable    legend places and notes' room
     * @param legends   panel id → every legend entry any frame has ({name, ink, kind})
     * @param history   the run as the plan recorded it, or null: frames are then drawn by runs that step from
     *                  the start ({@link #render})
     */
    public record Plan(FigureRun run, ExportSpec spec, FrameSchedule schedule, List<String> panels, AxisScales axes,
                       Map<String, double[]> ranges, PanelPainter.Stable stable, Map<String, List<Layer>> legends,
                       History history) {
        /** Frames. */
        public int frames() {
            return schedule.frames();
        }

        /** Pixel width of a frame. */
        public int width() {
            return spec.size().pixelWidth(spec.scale());
        }

        /** Pixel height of a frame. */
        public int height() {
            return spec.size().pixelHeight(spec.scale());
        }
    }

    /** Pass 1 (see the class comment): the schedule, panels, ranges, legends and notes' room. */
    public static Plan plan(FigureRun req, ExportSpec spec, String panels, AxisScales axes, Settings s,
                            BooleanSupplier cancelled, Progress progress) {
        return plan(req, spec, f -> PanelSelection.select(f, panels, req.lab().keyChart(), spec, true), axes, s, cancelled,
                progress);
    }

    /**
     * Pass 1 with the panels chosen by {@code choose} from the last frame's figure (the window's export
     * dialog passes the panels ticked there).
     */
    public static Plan plan(FigureRun req, ExportSpec spec, java.util.function.Function<Figure, List<Panel>> choose,
                            AxisScales axes, Settings s, BooleanSupplier cancelled, Progress progress) {
        spec.checkRaster();
        Horizon horizon = s.to() != null ? Horizon.exactly(s.to()) : req.horizon();
        FigureRun r = req.withHorizon(horizon);
        progress.update("running", 0, 1);
        LabRun run = r.start();
        History h = HeadlessRun.run(run, horizon, cancelled);
        checkCancelled(cancelled);
        int last = h.lastIteration();
        int first = h.iteration(0);
        int from = s.from() == null ? first : s.from();
        if (from > last) {
            throw new ValidationException("from", "--from " + from + " is after the run's last iteration " + last);
        }
        FrameSchedule schedule = FrameSchedule.of(Math.max(first, from), last, s.frames(), s.spacing(), s.holdFrames());
        Figure whole = axes.apply(HeadlessRun.figure(run, h, r.view()));
        List<String> ids = new ArrayList<>();
        if (choose == null) {
            throw new IllegalArgumentException("no panel chooser");
        }
        for (Panel p : choose.apply(whole)) {
            ids.add(p.id());
        }
        progress.update("running", 1, 1);

        // the frames' figures, by restoring the recorded states: geometry ranges, legend entries, notes
        Map<String, double[]> ranges = new LinkedHashMap<>();
        Map<String, List<Layer>> legends = new LinkedHashMap<>();
        Map<String, Integer> footer = new HashMap<>();
        FigureComposer composer = new FigureComposer(spec.scaledTheme(), spec.layout(), spec.title()).withStamp("iteration");
        List<Panel> lastPanels = pick(whole, ids);
        Map<String, Double> widths = new HashMap<>();
        for (FigureComposer.Placement pl : composer.layout(lastPanels, spec.size().width(), spec.size().height())) {
            widths.put(pl.panel().id(), pl.w());
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = scratch.createGraphics();
        PanelPainter measure = new PanelPainter(spec.scaledTheme());
        try {
            Java2DCanvas g = new Java2DCanvas(g2);
            StepEngine e = run.engine();
            int[] distinct = schedule.distinct();
            for (int k = 0; k < distinct.length; k++) {
                checkCancelled(cancelled);
                int idx = Math.max(0, h.indexAtOrBefore(distinct[k]));
                if (h.state(idx) != null) {
                    e.restore(h.state(idx), h.iteration(idx));
                }
                Figure f = run.figure(h, idx, r.view());
                for (Panel p : pick(axes.apply(f, false), ids)) {
                    if (p.kind() != Panel.Kind.CURVE) {
                        union(ranges, p);
                    }
                    addEntries(legends, p);
                    footer.merge(p.id(), measure.footerLineCount(p, g, widths.getOrDefault(p.id(), 100.0)), Math::max);
                }
                progress.update("planning frames", k + 1, distinct.length);
            }
            // the curves: the whole run's ranges
            for (Panel p : lastPanels) {
                addEntries(legends, p);
                footer.merge(p.id(), measure.footerLineCount(p, g, widths.getOrDefault(p.id(), 100.0)), Math::max);
                if (p.kind() == Panel.Kind.CURVE) {
                    ranges.put(p.id(), new double[] {PanelLayout.range(p, true)[0], PanelLayout.range(p, true)[1],
                        PanelLayout.range(p, false)[0], PanelLayout.range(p, false)[1]});
                }
            }
            // legend places: where the last frame, with every entry and fixed ranges, puts them
            List<Panel> fixed = new ArrayList<>();
            for (Panel p : lastPanels) {
                fixed.add(fix(p, ranges.get(p.id()), legends.get(p.id())));
            }
            PanelPainter.Stable notesOnly = new PanelPainter.Stable(Map.of(), footer);
            Map<String, PanelLayout.Placement> places = new HashMap<>();
            PanelPainter painter = new PanelPainter(spec.scaledTheme()).withStable(notesOnly);
            for (FigureComposer.Placement pl : composer.layout(fixed, spec.size().width(), spec.size().height())) {
                painter.paint(pl.panel(), g, pl.x(), pl.y(), pl.w(), pl.h());
                places.put(pl.panel().id(), painter.lastLegend());
            }
            return new Plan(r, spec, schedule, ids, axes, ranges, new PanelPainter.Stable(places, footer), legends,
                    Restoring.usable(run, h) ? h : null);
        } finally {
            g2.dispose();
        }
    }

    /**
     * Pass 2: steps a fresh run and hands every frame to {@code sink} (then {@link FrameSink#finish()});
     * throws a {@link CancellationException} when {@code cancelled} turns true (nothing is written; the sink is
     * {@linkplain FrameSink#abandon() abandoned}, as after a failure).
     *
     * <p>With more than one processor (and a sink that asks for two, {@link FrameSink#drawingThreads}) the
     * frames are drawn by two threads, each stepping a run of its
     * own (a run is determined by its parameters and seed, so both see the same iterations) and drawing
     * every other one of the iterations shown; the calling thread hands the frames to the sink in order.
     * The frames are those one thread draws: the same iterations drawn by the same painter.
     */
    public static void render(Plan plan, FrameSink sink, BooleanSupplier cancelled, Progress progress)
            throws java.io.IOException {
        boolean written = false;
        try {
            if (Runtime.getRuntime().availableProcessors() < 2 || sink.drawingThreads() < 2) {
                renderOnOneThread(plan, sink, cancelled, progress);
            } else {
                renderOnTwoThreads(plan, sink, cancelled, progress);
            }
            written = true;
        } finally {
            if (!written) {
                sink.abandon();
            }
        }
    }

    /** {@link #render} on the calling thread alone. */
    static void renderOnOneThread(Plan plan, FrameSink sink, BooleanSupplier cancelled, Progress progress)
            throws java.io.IOException {
        renderOnOneThread(plan, sink, cancelled, progress, true);
    }

    /** {@link #renderOnOneThread}; {@code restoring}: from the plan's recorded run where it has one, else by stepping. */
    static void renderOnOneThread(Plan plan, FrameSink sink, BooleanSupplier cancelled, Progress progress,
                                  boolean restoring) throws java.io.IOException {
        Frames r = Frames.of(plan, restoring);
        FrameSchedule s = plan.schedule();
        int n = s.frames();
        BufferedImage image = null;
        int shownIteration = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            checkCancelled(cancelled);
            r.advanceTo(s.iteration(i), cancelled);
            if (image == null || r.iteration() != shownIteration) {
                image = r.draw(plan);
                shownIteration = r.iteration();
            }
            sink.frame(i, shownIteration, image);
            progress.update("frames", i + 1, n);
        }
        checkCancelled(cancelled);
        progress.update("writing", 0, 1);
        sink.finish(cancelled);
        progress.update("writing", 1, 1);
    }

    /** What a drawing thread draws the frames from: {@link Restoring} when the plan kept its run, else {@link Replay}. */
    private interface Frames {
        /** Moves to iteration {@code want} (or the run's last before it), checking {@code cancelled}. */
        void advanceTo(int want, BooleanSupplier cancelled);

        int iteration();

        /** The frame of the run as it stands. */
        BufferedImage draw(Plan plan);

        static Frames of(Plan plan, boolean restoring) {
            return restoring && plan.history() != null ? new Restoring(plan) : new Replay(plan);
        }
    }

    /**
     * The frames from the plan's recorded run: for a frame at history entry {@code i}, a run of its own restored to
     * the state of entry {@code i − 1} takes one step (or steps on from the previous frame's entry when that is
     * {@code i − 1}), and the figure is built from the recorded entries {@code 0..i}. By the engines' exact state
     * ({@link StepEngine}) the step is the one the run took, with the same display state (the responsibilities of
     * its E-step), and the recorded entries are those a run stepped from the start records; so each frame is the
     * {@link Replay}'s, pixel for pixel ({@code AnimationRenderTest}), without the rows (metrics, population
     * integrals) of every iteration in between computed again by each drawing thread.
     */
    private static final class Restoring implements Frames {
        private final LabRun run;
        private final StepEngine e;
        private final History recorded;
        private int at; // the entry the engine stands at

        Restoring(Plan plan) {
            run = plan.run().start();
            e = run.engine();
            recorded = plan.history();
            at = 0;
        }

        /**
         * True when the frames can be drawn from {@code h}: the engine shows what it showed after a step when restored
         * to the state before it ({@link StepEngine#restoresDisplay()}), and every iteration was recorded with its
         * state (a history thins a long run's entries).
         */
        static boolean usable(LabRun run, History h) {
            if (!run.engine().restoresDisplay() || h.size() == 0) {
                return false;
            }
            for (int i = 0; i < h.size(); i++) {
                if (h.iteration(i) != h.iteration(0) + i || h.state(i) == null) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void advanceTo(int want, BooleanSupplier cancelled) {
            checkCancelled(cancelled);
            int i = Math.max(0, recorded.indexAtOrBefore(want));
            if (i == at) {
                return;
            }
            if (i == 0) {
                throw new IllegalStateException("frames go forward");
            }
            if (i != at + 1) {
                e.restore(recorded.state(i - 1), recorded.iteration(i - 1));
            }
            e.step();
            e.drainEvents(); // recorded with the run
            if (e.iteration() != recorded.iteration(i)) {
                throw new IllegalStateException("the restored run is at iteration " + e.iteration() + ", not "
                        + recorded.iteration(i));
            }
            at = i;
        }

        @Override
        public int iteration() {
            return recorded.iteration(at);
        }

        @Override
        public BufferedImage draw(Plan plan) {
            History upTo = recorded.through(at);
            return Animation.draw(plan, HeadlessRun.figure(run, upTo, plan.run().view()), iteration());
        }
    }

    /**
     * A fresh run of the plan's parameters and seed with its history, stepped forward to the frames'
     * iterations (every row checked for finite values and recorded), for one drawing thread.
     */
    private static final class Replay implements Frames {
        private final LabRun run;
        private final StepEngine e;
        private final History h;
        private final double[] row;

        Replay(Plan plan) {
            run = plan.run().start();
            e = run.engine();
            h = History.forRun(e.columns(), e.state().length);
            row = new double[e.columns().size()];
            record();
        }

        private void record() {
            e.row(row);
            FiniteRows.check(e.iteration(), e.columns(), row);
            h.record(e.iteration(), row.clone(), e.state());
        }

        /** Steps to iteration {@code want} (or until the run finishes), checking {@code cancelled} before each step. */
        @Override
        public void advanceTo(int want, BooleanSupplier cancelled) {
            while (e.iteration() < want && !e.finished()) {
                checkCancelled(cancelled);
                e.step();
                record();
            }
        }

        @Override
        public int iteration() {
            return e.iteration();
        }

        /** The frame of the run as it stands: the figure the window would show, with the counter. */
        @Override
        public BufferedImage draw(Plan plan) {
            return Animation.draw(plan, HeadlessRun.figure(run, h, plan.run().view()), e.iteration());
        }
    }

    /** A frame drawn by a worker: the image and the iteration the run had reached. */
    private record Drawn(BufferedImage image, int iteration) {
    }

    /** Frames a drawing thread may have drawn ahead of the sink. */
    private static final int AHEAD = 2;

    /** {@link #render} with two drawing threads (see there). */
    static void renderOnTwoThreads(Plan plan, FrameSink sink, BooleanSupplier cancelled, Progress progress)
            throws java.io.IOException {
        renderOnTwoThreads(plan, sink, cancelled, progress, true);
    }

    /** {@link #renderOnTwoThreads}; {@code restoring} as for {@link #renderOnOneThread}. */
    static void renderOnTwoThreads(Plan plan, FrameSink sink, BooleanSupplier cancelled, Progress progress,
                                   boolean restoring) throws java.io.IOException {
        FrameSchedule s = plan.schedule();
        int n = s.frames();
        // the jobs: the distinct iterations asked for, in order; job j is drawn by thread j % 2
        int[] jobOf = new int[n];
        List<Integer> wants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int want = s.iteration(i);
            if (wants.isEmpty() || wants.get(wants.size() - 1) != want) {
                wants.add(want);
            }
            jobOf[i] = wants.size() - 1;
        }
        int threads = 2;
        List<java.util.concurrent.CompletableFuture<Drawn>> jobs = new ArrayList<>();
        for (int j = 0; j < wants.size(); j++) {
            jobs.add(new java.util.concurrent.CompletableFuture<>());
        }
        java.util.concurrent.Semaphore[] room = new java.util.concurrent.Semaphore[threads];
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        BooleanSupplier stopped = stop::get;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            room[t] = new java.util.concurrent.Semaphore(AHEAD);
            int first = t;
            java.util.concurrent.Semaphore mine = room[t];
            Thread th = new Thread(() -> drawEvery(plan, restoring, wants, first, threads, jobs, mine, stopped), "emlab-frames-" + t);
            th.setDaemon(true);
            workers.add(th);
        }
        workers.forEach(Thread::start);
        try {
            BufferedImage image = null;
            int shownIteration = Integer.MIN_VALUE;
            int taken = -1;
            for (int i = 0; i < n; i++) {
                checkCancelled(cancelled);
                int j = jobOf[i];
                if (j != taken) {
                    Drawn d = await(jobs.get(j), cancelled);
                    jobs.set(j, null);
                    room[j % threads].release();
                    taken = j;
                    // a later iteration asked for, but the run had finished: the same picture as before
                    if (image == null || d.iteration() != shownIteration) {
                        image = d.image();
                        shownIteration = d.iteration();
                    }
                }
                sink.frame(i, shownIteration, image);
                progress.update("frames", i + 1, n);
            }
        } finally {
            // the threads look at stop between steps and while waiting for room (not interrupted: a lab's
            // parallel sums may take an interrupt for their own)
            stop.set(true);
            for (Thread th : workers) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        checkCancelled(cancelled);
        progress.update("writing", 0, 1);
        sink.finish(cancelled);
        progress.update("writing", 1, 1);
    }

    /**
     * A drawing thread: steps a fresh run and draws jobs {@code first}, {@code first + every}, ...
     * (at most {@link #AHEAD} not yet taken), completing each job's future (exceptionally on a failure).
     */
    private static void drawEvery(Plan plan, boolean restoring, List<Integer> wants, int first, int every,
                                  List<java.util.concurrent.CompletableFuture<Drawn>> jobs,
                                  java.util.concurrent.Semaphore room, BooleanSupplier stopped) {
        int j = first;
        try {
            Frames r = Frames.of(plan, restoring);
            for (; j < wants.size(); j += every) {
                while (!room.tryAcquire(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    checkCancelled(stopped);
                }
                r.advanceTo(wants.get(j), stopped);
                checkCancelled(stopped);
                jobs.get(j).complete(new Drawn(r.draw(plan), r.iteration()));
            }
        } catch (InterruptedException e) {
            jobs.get(j).completeExceptionally(new CancellationException("cancelled"));
        } catch (RuntimeException | Error e) {
            // this job and the rest of this thread's fail: the sink takes them in order, so it stops at this one
            for (int k = j; k < wants.size(); k += every) {
                jobs.get(k).completeExceptionally(e);
            }
        }
    }

    /** The drawn frame, when ready; checks {@code cancelled} while waiting; a worker's failure is thrown here. */
    private static Drawn await(java.util.concurrent.CompletableFuture<Drawn> job, BooleanSupplier cancelled)
            throws java.io.IOException {
        while (true) {
            checkCancelled(cancelled);
            try {
                return job.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet: look at cancelled again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new java.io.IOException("a frame could not be drawn", e.getCause());
            }
        }
    }

    /**
     * The frame showing iteration {@code iteration} (or the last one the run reaches before it): a preview of one
     * frame, the one {@link #render} draws there. From the plan's recorded run where it kept one (a restore and a
     * step, at once whatever the iteration), else by a fresh run stepped to it.
     */
    public static BufferedImage preview(Plan plan, int iteration, BooleanSupplier cancelled) {
        return preview(plan, iteration, cancelled, true);
    }

    /** {@link #preview}; {@code restoring} as for {@link #renderOnOneThread}. */
    static BufferedImage preview(Plan plan, int iteration, BooleanSupplier cancelled, boolean restoring) {
        if (restoring && plan.history() != null) {
            Frames r = Frames.of(plan, true);
            r.advanceTo(Math.max(0, iteration), cancelled);
            return r.draw(plan);
        }
        LabRun run = plan.run().start();
        History h = HeadlessRun.run(run, Horizon.exactly(Math.max(0, iteration)), cancelled);
        checkCancelled(cancelled);
        return draw(plan, HeadlessRun.figure(run, h, plan.run().view()), h.lastIteration());
    }

    /** One frame: the chosen panels with fixed ranges and legends, the counter at the top right. */
    static BufferedImage draw(Plan plan, Figure f, int iteration) {
        Figure scaled = plan.axes().apply(f, false);
        List<Panel> panels = new ArrayList<>();
        for (Panel p : pick(scaled, plan.panels())) {
            panels.add(fix(p, plan.ranges().get(p.id()), plan.legends().get(p.id())));
        }
        ExportSpec spec = plan.spec();
        BufferedImage img = new BufferedImage(spec.size().pixelWidth(spec.scale()), spec.size().pixelHeight(spec.scale()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(spec.scale(), spec.scale());
            new FigureComposer(spec.scaledTheme(), spec.layout(), spec.title()).withStamp(counter(plan, iteration))
                    .withStable(plan.stable()).paint(panels, new Java2DCanvas(g), spec.size().width(), spec.size().height());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** "iteration 37 / 300". */
    static String counter(Plan plan, int iteration) {
        return "iteration " + iteration + " / " + plan.schedule().last();
    }

    /** The panels of {@code f} with these ids, in that order (ids the figure lacks at this moment are skipped). */
    private static List<Panel> pick(Figure f, List<String> ids) {
        List<Panel> out = new ArrayList<>();
        for (String id : ids) {
            Panel p = f.panel(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * {@code p} with fixed axis ranges and, first, an empty layer for every legend entry any frame has (so
     * every frame's legend has the same entries in the same order).
     */
    private static Panel fix(Panel p, double[] range, List<Layer> entries) {
        Panel q = p;
        if (range != null) {
            Axis x = p.x().withRange(range[0], range[1]);
            Axis y = p.y().withRange(range[2], range[3]);
            q = p.withAxes(x, y);
        }
        if (entries == null) {
            return q;
        }
        // every entry first, in the order frames first showed them: the legend lists the same names in the
        // same order on every frame (the empty layers draw nothing)
        List<Layer> layers = new ArrayList<>(entries);
        layers.addAll(q.layers());
        return new Panel(q.id(), q.title(), q.kind(), q.x(), q.y(), q.equalAspect(), layers, q.notes());
    }

    /** Adds to {@code into} an empty layer standing for each legend entry of {@code p} not seen yet. */
    private static void addEntries(Map<String, List<Layer>> into, Panel p) {
        List<Layer> list = into.computeIfAbsent(p.id(), k -> new ArrayList<>());
        for (PanelLayout.Named n : PanelLayout.entries(p)) {
            boolean seen = false;
            for (Layer l : list) {
                seen |= n.name().equals(l.name());
            }
            if (!seen) {
                list.add(placeholder(n));
            }
        }
    }

    /** A layer with no data that gives a legend entry its name, ink and swatch. */
    private static Layer placeholder(PanelLayout.Named n) {
        double[] none = new double[0];
        return switch (n.swatch()) {
            case MARKER -> new Layer.Points(n.name(), n.ink(), none, none);
            case BLOCK -> new Layer.Band(n.name(), n.ink(), none, none, none);
            default -> new Layer.Line(n.name(), n.ink(), none, none);
        };
    }

    /** Grows the panel's fixed ranges to hold its range in this frame. */
    private static void union(Map<String, double[]> ranges, Panel p) {
        double[] xr = PanelLayout.range(p, true);
        double[] yr = PanelLayout.range(p, false);
        double[] r = ranges.get(p.id());
        if (r == null) {
            ranges.put(p.id(), new double[] {xr[0], xr[1], yr[0], yr[1]});
        } else {
            r[0] = Math.min(r[0], xr[0]);
            r[1] = Math.max(r[1], xr[1]);
            r[2] = Math.min(r[2], yr[0]);
            r[3] = Math.max(r[3], yr[1]);
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }
}
