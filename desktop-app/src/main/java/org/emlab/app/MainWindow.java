package org.emlab.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.emlab.app.compute.FramePump;
import org.emlab.app.controls.ParamFormModel;
import org.emlab.app.controls.ParameterForm;
import org.emlab.app.controls.TransportBar;
import org.emlab.app.controls.TransportModel;
import org.emlab.app.controls.WeightsAssist;
import org.emlab.app.curves.CurveChart;
import org.emlab.app.explore.ExploreFeatures;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.app.geometry.GeometryRow;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Mailbox;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;

/**
 * The main window (see shared/UI.md): menus on top; the lab and its parameters on the left; the
 * geometry in the centre; stacked curves on the right; the transport bar at the bottom. It owns the
 * compute thread's {@link RunLoop} and pulls its newest snapshot once per frame.
 */
public final class MainWindow extends BorderPane {
    /** Delay between the last valid edit and the restart of the run. */
    public static final Duration EDIT_DEBOUNCE = Duration.millis(250);

    private final Stage stage;
    private final Mailbox<Snapshot> mailbox = new Mailbox<>();
    private final RunLoop loop = new RunLoop(mailbox);
    private final FramePump pump = new FramePump(mailbox, this::apply);
    private final TransportModel transport = new TransportModel(loop);
    private final FigureCanvas geometry = new FigureCanvas();
    private final GeometryRow geometryRow = new GeometryRow(geometry);
    private final ExploreFeatures explore;
    private final VBox curveBox = new VBox(4);
    private final Map<String, CurveChart> curves = new LinkedHashMap<>();
    private final VBox insetBox = new VBox(4);
    private final Map<String, FigureCanvas> insets = new LinkedHashMap<>();
    private final VBox leftColumn = new VBox(8);
    private final ComboBox<String> labChooser = new ComboBox<>();
    private final Label claim = new Label();
    private final Label citation = new Label();
    private final VBox formHolder = new VBox();
    private final HBox viewOptionBox = new HBox(6);
    private final Label caption = new Label();
    private final Label status = new Label();
    private final Label seedLabel = new Label();
    private final PauseTransition debounce = new PauseTransition(EDIT_DEBOUNCE);
    private final ToggleGroup labGroup = new ToggleGroup();
    private final Map<String, String> view = new LinkedHashMap<>();
    private Theme theme = Theme.LIGHT;
    private Lab lab;
    private ParamFormModel form;
    private Snapshot latest;
    private long shownRun = -1;
    private boolean autoplayNext;

    public MainWindow(Stage stage) {
        this.stage = stage;
        this.explore = new ExploreFeatures(stage, transport.timeline(), this::lab,
                () -> form == null ? null : form.validProperty().get(), this::load);
        getStyleClass().add("main-window");
        setTop(menuBar());
        setLeft(leftPanel());
        setCenter(centre());
        setBottom(bottom());
        pump.start();
        debounce.setOnFinished(e -> restartFromForm());
    }

    // ---- layout ---------------------------------------------------------------------------------

    private MenuBar menuBar() {
        Menu file = new Menu("File");
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        file.getItems().addAll(quit);

        Menu labs = new Menu("Lab");
        for (Lab l : LabRegistry.all()) {
            RadioMenuItem it = new RadioMenuItem(l.id() + " — " + l.title());
            it.setToggleGroup(labGroup);
            it.setUserData(l.id());
            it.setOnAction(e -> selectLab(l.id()));
            labs.getItems().add(it);
        }

        Menu run = new Menu("Run");
        run.getItems().addAll(
                item("Play / pause", "Space", transport::togglePlay),
                item("Step", "Right", transport::step),
                item("Half-step (E, then M)", "E", transport::halfStep),
                item("Step back", "Left", transport::stepBack),
                item("Reset", "R", transport::reset),
                new SeparatorMenuItem(),
                item("Faster", "+", transport::faster),
                item("Slower", "−", transport::slower));

        Menu help = new Menu("Help");
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setOnAction(e -> showShortcuts());
        MenuItem about = new MenuItem("About EM Lab");
        about.setOnAction(e -> showAbout());
        help.getItems().addAll(keys, about);

        MenuBar bar = new MenuBar(file, labs, run, explore.menu(), help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String key, Runnable action) {
        MenuItem it = new MenuItem(text + "\t" + key);
        it.setOnAction(e -> action.run());
        return it;
    }

    private Region leftPanel() {
        labChooser.setId("lab-chooser");
        for (Lab l : LabRegistry.all()) {
            labChooser.getItems().add(l.id());
        }
        labChooser.setMaxWidth(Double.MAX_VALUE);
        labChooser.setTooltip(new Tooltip("the lab: one paper's model, algorithm and claim"));
        labChooser.valueProperty().addListener((o, a, b) -> {
            if (b != null && (lab == null || !lab.id().equals(b))) {
                selectLab(b);
            }
        });
        Label labHead = new Label("LAB");
        labHead.getStyleClass().add("group-header");
        claim.getStyleClass().add("lab-claim");
        claim.setWrapText(true);
        citation.getStyleClass().add("lab-citation");
        citation.setWrapText(true);
        seedLabel.getStyleClass().add("seed-label");
        viewOptionBox.setAlignment(Pos.CENTER_LEFT);
        leftColumn.getChildren().addAll(labHead, labChooser, claim, citation, formHolder, viewOptionBox, explore.node(), insetBox,
                seedLabel);
        leftColumn.setPadding(new Insets(10));
        leftColumn.getStyleClass().add("left-column");
        ScrollPane scroll = new ScrollPane(leftColumn);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(370);
        scroll.setMinWidth(280);
        scroll.getStyleClass().add("left-scroll");
        return scroll;
    }

    private Region centre() {
        geometry.setId("geometry");
        curveBox.setId("curves");
        curveBox.setPadding(new Insets(4));
        curveBox.setMinWidth(320);
        SplitPane split = new SplitPane(geometryRow, curveBox);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.56);
        return split;
    }

    private Region bottom() {
        caption.setId("caption");
        caption.getStyleClass().add("caption");
        caption.textProperty().bind(transport.captionProperty());
        status.getStyleClass().add("status");
        status.textProperty().bind(transport.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox captionLine = new HBox(12, caption, spacer, status);
        captionLine.setPadding(new Insets(2, 12, 0, 12));
        captionLine.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(captionLine, new TransportBar(transport));
        box.getStyleClass().add("bottom-bar");
        return box;
    }

    // ---- keyboard -------------------------------------------------------------------------------

    /** Installs the single-key shortcuts (ignored while typing in a field). */
    public void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (scene.getFocusOwner() instanceof TextInputControl || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            boolean handled = true;
            KeyCode c = e.getCode();
            switch (c) {
                case SPACE -> transport.togglePlay();
                case RIGHT -> transport.step();
                case LEFT -> transport.stepBack();
                case E -> {
                    if (!transport.halfPendingProperty().get()) {
                        transport.halfStep();
                    }
                }
                case M -> {
                    if (transport.halfPendingProperty().get()) {
                        transport.halfStep();
                    }
                }
                case R -> transport.reset();
                case PLUS, ADD, EQUALS -> transport.faster();
                case MINUS, SUBTRACT -> transport.slower();
                default -> handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.setContentText(String.join("\n",
                "Space\tplay / pause",
                "Right\tone iteration forward",
                "Left\tone iteration back",
                "E, M\tE-step, then M-step (half-steps)",
                "+ / −\tfaster / slower",
                "R\treset to iteration 0",
                "Ctrl+Q\tquit"));
        a.show();
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About EM Lab");
        a.setHeaderText("EM Lab " + org.emlab.core.cli.EmlabCli.version());
        a.setContentText("An interactive laboratory for the EM algorithm on mixture models.\n"
                + "Labs: " + String.join(", ", LabRegistry.all().stream().map(Lab::id).toList()));
        a.show();
    }

    // ---- labs and runs --------------------------------------------------------------------------

    /** Switches to a lab with its defaults. */
    public void selectLab(String id) {
        Lab l = LabRegistry.get(id);
        load(l, l.defaults(), false);
    }

    /** Shows a lab with the given parameters and starts its run. */
    public void load(Lab l, ParamValues p, boolean autoplay) {
        this.lab = l;
        labChooser.setValue(l.id());
        labGroup.getToggles().forEach(t -> ((RadioMenuItem) t).setSelected(l.id().equals(t.getUserData())));
        claim.setText(l.claim());
        citation.setText(l.citation());
        form = new ParamFormModel(l, p);
        form.linkLength("weights", "k", WeightsAssist::decreasing);
        form.validProperty().addListener((o, a, b) -> {
            if (b != null) {
                debounce.playFromStart();
            }
        });
        formHolder.getChildren().setAll(new ParameterForm(form));
        view.clear();
        rebuildViewOptions(p);
        stage.setTitle("EM Lab — " + l.title());
        explore.refresh(l);
        loop.start(l, p, null, autoplay);
    }

    private void restartFromForm() {
        ParamValues p = form.validProperty().get();
        if (p == null) {
            return;
        }
        rebuildViewOptions(p);
        boolean play = (latest != null && latest.playing()) || autoplayNext;
        autoplayNext = false;
        explore.refresh(lab);
        loop.start(lab, p, null, play);
    }

    private void rebuildViewOptions(ParamValues p) {
        viewOptionBox.getChildren().clear();
        for (Lab.ViewOption o : lab.viewOptions(p)) {
            Label l = new Label(o.label());
            ComboBox<String> box = new ComboBox<>();
            box.getItems().setAll(o.choices());
            String current = view.getOrDefault(o.name(), o.defaultChoice());
            if (!o.choices().contains(current)) {
                current = o.defaultChoice();
            }
            box.setValue(current);
            view.put(o.name(), current);
            box.valueProperty().addListener((obs, a, b) -> {
                view.put(o.name(), b);
                loop.setView(view);
            });
            viewOptionBox.getChildren().addAll(l, box);
        }
        loop.setView(view);
    }

    /** Applies the newest snapshot (FX thread, once per frame): copies render-ready arrays into the views. */
    private void apply(Snapshot s) {
        latest = s;
        transport.update(s);
        seedLabel.setText(s.params() == null ? "" : "seed " + s.params().text("seed") + "  ·  run " + s.runId());
        if (s.figure().panels().isEmpty()) {
            return;
        }
        if (s.runId() != shownRun) {
            shownRun = s.runId();
            syncCurves(s.figure().panels(Panel.Kind.CURVE));
            syncInsets(s.figure().panels(Panel.Kind.INSET));
        }
        List<Panel> g = s.figure().panels(Panel.Kind.GEOMETRY);
        geometryRow.setPanels(g);
        for (Panel p : s.figure().panels(Panel.Kind.CURVE)) {
            CurveChart c = curves.get(p.id());
            if (c != null) {
                c.show(p);
            }
        }
        for (Panel p : s.figure().panels(Panel.Kind.INSET)) {
            FigureCanvas c = insets.get(p.id());
            if (c != null && c.getPanel() != p) {
                c.setPanel(p);
            }
        }
    }

    private void syncCurves(List<Panel> panels) {
        if (curves.keySet().equals(panels.stream().map(Panel::id).collect(java.util.stream.Collectors.toCollection(
                java.util.LinkedHashSet::new)))) {
            return;
        }
        curves.clear();
        curveBox.getChildren().clear();
        for (Panel p : panels) {
            CurveChart c = new CurveChart();
            c.setId("curve-" + p.id());
            c.setTheme(theme);
            VBox.setVgrow(c, Priority.ALWAYS);
            curves.put(p.id(), c);
            curveBox.getChildren().add(c);
        }
    }

    private void syncInsets(List<Panel> panels) {
        insets.clear();
        insetBox.getChildren().clear();
        for (Panel p : panels) {
            FigureCanvas c = new FigureCanvas();
            c.setId("inset-" + p.id());
            c.setPrefHeight(170);
            c.setMinHeight(150);
            c.setTheme(theme, 0.9);
            insets.put(p.id(), c);
            insetBox.getChildren().add(c);
        }
    }

    // ---- accessors for features and tests -------------------------------------------------------

    /** The compute thread. */
    public RunLoop runLoop() {
        return loop;
    }

    /** The newest snapshot shown. */
    public Snapshot latest() {
        return latest;
    }

    public Lab lab() {
        return lab;
    }

    public ParamFormModel form() {
        return form;
    }

    public TransportModel transport() {
        return transport;
    }

    public FramePump pump() {
        return pump;
    }

    /** Timeline prompt, A/B comparison and sweeps. */
    public ExploreFeatures explore() {
        return explore;
    }

    /** Stops the frame pump and the compute thread. */
    public void shutdown() {
        pump.stop();
        loop.close();
    }
}
