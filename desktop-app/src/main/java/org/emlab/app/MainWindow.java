package org.emlab.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.Animation;
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
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.emlab.app.layout.CurveColumn;
import org.emlab.app.layout.LayoutBoundary;
import org.emlab.app.layout.ViewLayout;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.emlab.app.compute.FramePump;
import org.emlab.app.compute.FxJobExecutor;
import org.emlab.app.compute.PerfOverlay;
import org.emlab.app.controls.NoticeBar;
import org.emlab.app.export.ExportActions;
import org.emlab.app.keys.Shortcuts;
import org.emlab.app.lecture.LectureMode;
import org.emlab.app.theory.TheoryCardView;
import org.emlab.app.lecture.LectureModel;
import org.emlab.app.presets.PresetActions;
import org.emlab.app.session.SessionActions;
import org.emlab.app.theme.Themes;
import org.emlab.app.controls.ParamFormModel;
import org.emlab.app.controls.ParameterForm;
import org.emlab.app.controls.TransportBar;
import org.emlab.app.controls.TransportModel;
import org.emlab.app.curves.CurveChart;
import org.emlab.app.data.DataImport;
import org.emlab.app.explore.ExploreFeatures;
import org.emlab.app.model.SessionModel;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.app.geometry.GeometryRow;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.preset.Lecture;
import org.emlab.core.preset.Lectures;
import org.emlab.core.param.Roles;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;

/**
 * The main window (see shared/UI.md): menus on top; the lab and its parameters on the left; the
 * geometry in the centre; stacked curves on the right; the transport bar at the bottom. It owns the
 * compute thread's {@link RunLoop} and pulls its newest snapshot once per frame.
 */
public final class MainWindow extends BorderPane {
    /**
     * Delay between the last valid keystroke in a text field and the restart of the run. Choices,
     * check boxes and Enter in a field restart at the next frame ({@link #EDIT_APPLY}).
     */
    public static final Duration EDIT_DEBOUNCE = Duration.millis(100);
    /** Delay of an edit that is not typing (a choice, a check box, Enter): the next frame. */
    public static final Duration EDIT_APPLY = Duration.millis(1);
    /** System property: when true, startup and edit-to-first-frame latencies are printed to stderr. */
    public static final String TRACE_PROPERTY = "emlab.trace";

    private final Stage stage;
    private final SessionModel session = new SessionModel();
    private final RunLoop loop = session.runLoop();
    private final FramePump pump = new FramePump(session.mailbox(), this::apply);
    private final PerfOverlay perf = new PerfOverlay(pump.stats());
    private final boolean trace = Boolean.getBoolean(TRACE_PROPERTY);
    private long editNanos;
    private final TransportModel transport = session.transport();
    private final FigureCanvas geometry = new FigureCanvas();
    private final GeometryRow geometryRow = new GeometryRow(geometry);
    private final ExploreFeatures explore;
    private final CurveColumn curveColumn = new CurveColumn();
    /** The views, and on top of them a maximised one (double-click a chart, or Z for the key chart). */
    private final StackPane viewArea = new StackPane();
    private final BorderPane maximisedHolder = new BorderPane();
    private final VBox geometryColumn = new VBox();
    /** The geometry and, beside it, the theory card (T). */
    private final HBox geometryHolder = new HBox();
    private final TheoryCardView theoryCard = new TheoryCardView();
    private final BooleanProperty theoryShown = new SimpleBooleanProperty();
    private final LectureModel scenes = new LectureModel(session);
    /** The panel a lecture scene maximises once its run shows, or "". */
    private String pendingMaximise = "";
    private SplitPane split;
    private Node maximised;
    /** The parameter column with its collapse button: shown or collapsed (P). */
    private final BooleanProperty parametersShown = new SimpleBooleanProperty(true);
    /** The user's own choice of showing the parameter column; null follows the window's width. */
    private Boolean parametersChoice;
    private final Button parametersButton = new Button();
    private Region leftSide;
    private final Map<String, CurveChart> curves = new LinkedHashMap<>();
    private final VBox insetBox = new VBox(4);
    private final Map<String, FigureCanvas> insets = new LinkedHashMap<>();
    /** Dragging handles, zoom and pan, hover read-outs, painting data, undo and redo (issue 14). */
    private final org.emlab.app.manipulate.DirectManipulation manipulate = new org.emlab.app.manipulate.DirectManipulation(
            session, geometryRow, () -> List.copyOf(insets.values()), this::stage);
    private final VBox leftColumn = new VBox(8);
    private final ComboBox<String> labChooser = new ComboBox<>();
    private final Label claim = new Label();
    private final Label citation = new Label();
    private final VBox formHolder = new VBox();
    private final HBox viewOptionBox = new HBox(6);
    private final Label caption = new Label();
    private final Label status = new Label();
    private final Label seedLabel = new Label();
    private final org.emlab.app.controls.ErrorBanner errorBanner = new org.emlab.app.controls.ErrorBanner();
    private final PauseTransition debounce = new PauseTransition(EDIT_DEBOUNCE);
    private final ToggleGroup labGroup = new ToggleGroup();
    // slides and lectures: exports, presets, sessions, lecture mode (their own packages)
    private final FxJobExecutor tasks = FxJobExecutor.serial("emlab-background");
    private final NoticeBar notice = new NoticeBar();
    private final ExportActions export;
    private final PresetActions presets = new PresetActions(session);
    private final LectureMode lecture;
    private final SessionActions sessions;
    private MenuBar menuBar;
    private Region leftPanel;
    private long shownRun = -1;
    private final DataImport dataImport;

    public MainWindow(Stage stage) {
        this.stage = stage;
        this.export = new ExportActions(session, () -> stage,
                () -> getScene() == null ? List.of() : List.copyOf(getScene().getStylesheets()), tasks);
        this.lecture = new LectureMode(session, scenes, new LectureMode.Host() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public javafx.scene.Node root() {
                return MainWindow.this;
            }

            @Override
            public javafx.scene.Node parameterPanel() {
                return leftSide;
            }

            @Override
            public javafx.scene.Node menuBar() {
                return menuBar;
            }

            @Override
            public javafx.scene.Node captionLabel() {
                return caption;
            }

            @Override
            public List<? extends javafx.scene.Node> curveCharts() {
                // the key chart first: lecture mode keeps only it
                List<javafx.scene.Node> out = new java.util.ArrayList<>();
                if (curveColumn.keyChart() != null) {
                    out.add(curveColumn.keyChart());
                }
                for (CurveChart c : curves.values()) {
                    if (c != curveColumn.keyChart()) {
                        out.add(c);
                    }
                }
                return out;
            }
        });
        this.sessions = new SessionActions(session, () -> stage, tasks);
        this.dataImport = new DataImport(stage, session.userData(), (l, p) -> load(l, p, false), this::lab,
                () -> latest() == null || lab() == null || !latest().labId().equals(lab().id()) ? null : latest().params());
        dataImport.installDrop(this);
        dataImport.setNotice(m -> notice(m, false));
        this.explore = new ExploreFeatures(stage, transport.timeline(), this::lab,
                () -> form() == null ? null : form().validProperty().get(), this::load);
        session.noticeProperty().addListener((o, a, n) -> notice.show(n.text(), n.error()));
        session.themeProperty().addListener((o, a, t) -> applyTheme(t));
        session.formProperty().addListener((o, a, f) -> showForm(f));
        getStyleClass().add("main-window");
        menuBar = menuBar();
        // the performance overlay (F12) sits in the empty right end of the menu bar
        StackPane top = new StackPane(menuBar, perf);
        StackPane.setAlignment(perf, Pos.CENTER_RIGHT);
        StackPane.setMargin(perf, new Insets(1, 8, 1, 0));
        setTop(top);
        leftPanel = leftPanel();
        leftSide = leftSide();
        setLeft(leftSide);
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
        file.getItems().addAll(dataImport.menuItem(), manipulate.saveDataItem(), new SeparatorMenuItem());
        file.getItems().addAll(export.menuItems());
        file.getItems().add(new SeparatorMenuItem());
        file.getItems().addAll(sessions.fileMenuItems());
        file.getItems().addAll(new SeparatorMenuItem(), quit);
        Menu edit = new Menu("Edit");
        edit.getItems().addAll(manipulate.editMenuItems());
        edit.getItems().add(new SeparatorMenuItem());
        edit.getItems().addAll(sessions.editMenuItems());

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
                Shortcuts.menuItem("Play / pause", "play", transport::togglePlay),
                Shortcuts.menuItem("Step", "step", transport::step),
                Shortcuts.menuItem("Half-step (E, then M)", "e-step", transport::halfStep),
                Shortcuts.menuItem("Step back", "back", transport::stepBack),
                Shortcuts.menuItem("Reset", "reset", transport::reset),
                new SeparatorMenuItem(),
                Shortcuts.menuItem("Faster", "faster", transport::faster),
                Shortcuts.menuItem("Slower", "slower", transport::slower));
        Menu viewMenu = new Menu("View");
        viewMenu.getItems().addAll(lecture.menuItems());
        viewMenu.getItems().addAll(Shortcuts.menuItem("Parameters", "params", this::toggleParameters),
                Shortcuts.menuItem("Maximise the key chart", "maximise", this::toggleKeyChart));
        viewMenu.getItems().add(Shortcuts.menuItem("Performance overlay", "perf", perf::toggle));
        viewMenu.getItems().add(new SeparatorMenuItem());
        viewMenu.getItems().addAll(manipulate.viewMenuItems());

        Menu help = new Menu("Help");
        MenuItem keys = Shortcuts.menuItem("Keyboard shortcuts", "help", this::showShortcuts);
        MenuItem about = new MenuItem("About EM Lab");
        about.setOnAction(e -> showAbout());
        help.getItems().addAll(keys, about);

        viewMenu.getItems().add(1, Shortcuts.menuItem("Theory card", "theory", () -> theoryShown.set(!theoryShown.get())));
        MenuBar bar = new MenuBar(file, edit, labs, presets.menu(), lectureMenu(), viewMenu, run, explore.menu(), help);
        bar.setId("menu-bar");
        return bar;
    }

    /** The Lecture menu: the shipped lectures, moving between scenes, and building and saving one. */
    private Menu lectureMenu() {
        Menu m = new Menu("Lecture");
        m.setId("menu-lecture-scenes");
        for (Lecture l : Lectures.shipped()) {
            MenuItem it = new MenuItem(l.title());
            it.setId("lecture-" + l.name());
            it.setOnAction(e -> scenes.start(l));
            m.getItems().add(it);
        }
        MenuItem open = new MenuItem("Open lecture…");
        open.setOnAction(e -> openLecture());
        MenuItem next = Shortcuts.menuItem("Next scene", "next-scene", scenes::next);
        MenuItem previous = Shortcuts.menuItem("Previous scene", "previous-scene", scenes::previous);
        MenuItem add = new MenuItem("Add this view as a scene…");
        add.setOnAction(e -> addScene());
        MenuItem save = new MenuItem("Save lecture as…");
        save.setOnAction(e -> saveLecture());
        MenuItem end = new MenuItem("End the lecture");
        end.setOnAction(e -> scenes.stop());
        m.getItems().addAll(new SeparatorMenuItem(), open, next, previous, new SeparatorMenuItem(), add, save, end);
        return m;
    }

    private void openLecture() {
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Open lecture");
        fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("EM Lab lecture", "*.json"));
        java.io.File f = fc.showOpenDialog(stage);
        if (f == null) {
            return;
        }
        tasks.submit("Open lecture", ctx -> Lectures.read(f.toPath()), l -> {
            scenes.start(l);
            notice("Lecture " + l.title() + ": " + l.scenes().size() + " scenes; PageDown moves on.", false);
        }, ex -> notice("Could not open the lecture: " + ex.getMessage(), true));
    }

    private void addScene() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog();
        d.initOwner(stage);
        d.setTitle("Add this view as a scene");
        d.setHeaderText("The caption said over this scene (shown in large type above the views):");
        d.getEditor().setPrefColumnCount(50);
        d.showAndWait().filter(s -> !s.isBlank()).ifPresent(caption -> {
            try {
                String max = maximised == geometryRow ? "geometry" : maximised == null ? null
                        : curves.entrySet().stream().filter(e -> e.getValue() == maximised).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                Lecture l = scenes.addScene(scenes.sceneOfNow(caption.strip(), max, theoryShown.get()));
                notice("Scene " + l.scenes().size() + " added to " + l.title() + " (Lecture → Save lecture as…).", false);
            } catch (IllegalStateException ex) {
                notice("Nothing to add yet: the run has not started.", true);
            }
        });
    }

    private void saveLecture() {
        Lecture l = scenes.lectureProperty().get();
        if (l == null) {
            notice("No lecture to save: add a scene first (Lecture → Add this view as a scene…).", true);
            return;
        }
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Save lecture");
        fc.setInitialFileName(l.name() + Lectures.EXTENSION);
        java.io.File f = fc.showSaveDialog(stage);
        if (f != null) {
            tasks.submit("Save lecture", ctx -> {
                Lectures.write(f.toPath(), l);
                return f.toPath();
            }, p -> notice("Lecture saved to " + p + " (" + l.scenes().size() + " scenes).", false),
                    ex -> notice("Could not save the lecture: " + ex.getMessage(), true));
        }
    }

    /** The lecture being given (scenes, PageDown/PageUp). */
    public LectureModel lectureScenes() {
        return scenes;
    }

    /** The theory card beside the geometry. */
    public TheoryCardView theoryCard() {
        return theoryCard;
    }

    /** True while the theory card shows (T). */
    public BooleanProperty theoryShownProperty() {
        return theoryShown;
    }

    private Region leftPanel() {
        labChooser.setId("lab-chooser");
        for (Lab l : LabRegistry.all()) {
            labChooser.getItems().add(l.id());
        }
        labChooser.setMaxWidth(Double.MAX_VALUE);
        labChooser.setTooltip(new Tooltip("the lab: one paper's model, algorithm and claim"));
        labChooser.valueProperty().addListener((o, a, b) -> {
            if (b != null && (lab() == null || !lab().id().equals(b))) {
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
        // Enter in a parameter field applies the edit at once instead of after the typing delay
        formHolder.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && debounce.getStatus() == Animation.Status.RUNNING) {
                debounce.stop();
                restartFromForm();
            }
        });
        leftColumn.getStyleClass().add("left-column");
        ScrollPane scroll = new ScrollPane(leftColumn);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(370);
        scroll.setMinWidth(280);
        scroll.getStyleClass().add("left-scroll");
        return scroll;
    }

    /** The parameter column and, beside it, the narrow rail with its collapse button (always shown). */
    private Region leftSide() {
        parametersButton.setId("parameters-toggle");
        parametersButton.getStyleClass().add("rail-button");
        parametersButton.setFocusTraversable(false);
        parametersButton.setOnAction(e -> toggleParameters());
        parametersShown.addListener((o, a, b) -> showParameters(b));
        VBox rail = new VBox(parametersButton);
        rail.getStyleClass().add("parameter-rail");
        rail.setPadding(new Insets(6, 2, 6, 2));
        HBox box = new HBox(leftPanel, rail);
        showParameters(true);
        // on a narrow window (a projector) the parameter column and the theory card take turns: with both open at
        // 1024 × 768 the geometry, the view that carries the claim, was left a strip 60 px wide
        theoryShown.addListener((o, a, b) -> {
            if (b && narrow() && parametersShown.get()) {
                parametersChoice = parametersChoice == null ? null : Boolean.FALSE;
                parametersShown.set(false);
            }
        });
        parametersShown.addListener((o, a, b) -> {
            if (b && narrow() && theoryShown.get()) {
                theoryShown.set(false);
            }
        });
        // narrow windows (a projector at 1024 × 768) start with the parameters collapsed; the user's choice wins
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.widthProperty().addListener((ow, was, w) -> {
                    if (parametersChoice == null) {
                        parametersShown.set(ViewLayout.parametersShown(w.doubleValue()));
                    }
                });
                if (parametersChoice == null && scene.getWidth() > 0) {
                    parametersShown.set(ViewLayout.parametersShown(scene.getWidth()));
                }
            }
        });
        return box;
    }

    /** True when the window is too narrow for the parameter column and the theory card beside the views. */
    private boolean narrow() {
        return getWidth() > 0 && getWidth() < ViewLayout.COLLAPSE_BELOW;
    }

    private void showParameters(boolean on) {
        leftPanel.setVisible(on);
        leftPanel.setManaged(on);
        parametersButton.setText(on ? "◀" : "▶");
        parametersButton.setTooltip(new Tooltip(on ? "hide the parameters: more room for the views (P)"
                : "show the parameters (P)"));
    }

    /** Shows or hides the parameter column (P); the choice then holds whatever the window's width. */
    public void toggleParameters() {
        parametersChoice = !parametersShown.get();
        parametersShown.set(parametersChoice);
    }

    /** True while the parameter column is shown. */
    public BooleanProperty parametersShownProperty() {
        return parametersShown;
    }

    private Region centre() {
        geometry.setId("geometry");
        export.attach(geometry, () -> latest() == null || latest().figure().panels(Panel.Kind.GEOMETRY).isEmpty() ? null
                : latest().figure().panels(Panel.Kind.GEOMETRY).get(0).id());
        geometryHolder.getChildren().setAll(geometryRow, theoryCard);
        HBox.setHgrow(geometryRow, Priority.ALWAYS);
        geometryColumn.getChildren().setAll(geometryHolder);
        VBox.setVgrow(geometryHolder, Priority.ALWAYS);
        theoryCard.visibleProperty().bind(theoryShown);
        theoryCard.managedProperty().bind(theoryShown);
        session.labProperty().addListener((o, a, l) -> {
            if (l != null) {
                theoryCard.show(l instanceof org.emlab.core.compare.ComparisonLab c ? c.base() : l);
            }
        });
        scenes.theoryProperty().addListener((o, a, b) -> theoryShown.set(b));
        scenes.maximiseProperty().addListener((o, a, b) -> {
            restoreMaximised();
            pendingMaximise = b == null ? "" : b;
        });
        scenes.indexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0 && !scenes.maximiseProperty().get().isEmpty()) {
                restoreMaximised();
                pendingMaximise = scenes.maximiseProperty().get();
            }
        });
        geometryRow.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2
                    && !manipulate.paintModel().activeProperty().get()) {
                toggleMaximised(geometryRow);
                e.consume();
            }
        });
        split = new SplitPane(geometryColumn, curveColumn);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.56);
        // the curve column keeps a readable width (ViewLayout.curveWidth); the geometry gets the rest
        split.widthProperty().addListener((o, a, w) -> {
            double width = w.doubleValue();
            if (width > 0) {
                split.setDividerPositions(1 - ViewLayout.curveWidth(width) / width);
            }
        });
        maximisedHolder.setVisible(false);
        maximisedHolder.getStyleClass().add("maximised-view");
        viewArea.getChildren().setAll(split, maximisedHolder);
        // the lecture strip (a scene's caption, lecture mode's controls) spans the views, above them: a scene that
        // maximises a chart hides the split, and the caption must stay on screen then too
        VBox box = new VBox(notice, lecture.strip(), viewArea);
        VBox.setVgrow(viewArea, Priority.ALWAYS);
        return box;
    }

    /**
     * Shows {@code view} (a curve chart or the geometry) over the whole view area, or, when it is
     * already shown so, puts it back. Double-click on a view, or Z for the key chart.
     */
    public void toggleMaximised(Node view) {
        Node was = maximised;
        if (was != null) {
            restoreMaximised();
            if (was == view) {
                return;
            }
        }
        if (view == null) {
            return;
        }
        if (view == geometryRow) {
            geometryHolder.getChildren().remove(geometryRow);
        } else {
            curveColumn.release(view);
        }
        maximised = view;
        maximisedHolder.setCenter(view);
        maximisedHolder.setVisible(true);
        split.setVisible(false);
    }

    /** Puts a maximised view back in its place (nothing when none is maximised). */
    public void restoreMaximised() {
        if (maximised == null) {
            return;
        }
        Node view = maximised;
        maximised = null;
        maximisedHolder.setCenter(null);
        maximisedHolder.setVisible(false);
        split.setVisible(true);
        if (view == geometryRow) {
            geometryHolder.getChildren().add(0, geometryRow);
            HBox.setHgrow(geometryRow, Priority.ALWAYS);
        } else {
            curveColumn.reclaim();
        }
    }

    /** The view shown maximised, or null. */
    public Node maximisedView() {
        return maximised;
    }

    /** Maximises the lab's key chart, or restores the view when one is maximised (Z). */
    public void toggleKeyChart() {
        toggleMaximised(maximised != null ? maximised : curveColumn.keyChart());
    }

    /** The chart the lab's claim lives in, or null before the first run. */
    public CurveChart keyChart() {
        return (CurveChart) curveColumn.keyChart();
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
        // the caption, the status and the iteration counter change at every frame: each line is a layout
        // root, so a new text lays out that line only (LayoutBoundary)
        VBox box = new VBox(errorBanner, new LayoutBoundary(captionLine), new LayoutBoundary(new TransportBar(transport)));
        box.getStyleClass().add("bottom-bar");
        return box;
    }

    // ---- keyboard -------------------------------------------------------------------------------

    /** Installs the keyboard shortcuts of {@link Shortcuts} (single keys are ignored while typing in a field). */
    public void installKeys(Scene scene) {
        Map<String, java.util.function.IntConsumer> actions = new LinkedHashMap<>();
        actions.put("play", i -> transport.togglePlay());
        // in lecture mode a clicker's arrows move between the lecture's scenes; otherwise they step
        actions.put("step", i -> {
            if (lecture.isActive() && scenes.isRunning()) {
                scenes.next();
            } else {
                transport.step();
            }
        });
        actions.put("back", i -> {
            if (lecture.isActive() && scenes.isRunning()) {
                scenes.previous();
            } else {
                transport.stepBack();
            }
        });
        actions.put("next-scene", i -> scenes.next());
        actions.put("previous-scene", i -> scenes.previous());
        actions.put("theory", i -> theoryShown.set(!theoryShown.get()));
        actions.put("e-step", i -> {
            if (!transport.halfPendingProperty().get()) {
                transport.halfStep();
            }
        });
        actions.put("m-step", i -> {
            if (transport.halfPendingProperty().get()) {
                transport.halfStep();
            }
        });
        actions.put("reset", i -> transport.reset());
        actions.put("faster", i -> transport.faster());
        actions.put("slower", i -> transport.slower());
        actions.put("preset", presets::loadNumber);
        actions.put("lecture", i -> lecture.toggle());
        actions.put("controls", i -> lecture.toggleControls());
        actions.put("params", i -> toggleParameters());
        actions.put("maximise", i -> toggleKeyChart());
        actions.put("perf", i -> perf.toggle());
        actions.put("export", i -> export.openDialog(null, null));
        actions.put("save", i -> sessions.save());
        actions.put("open", i -> sessions.open());
        actions.put("open-data", i -> dataImport.choose());
        actions.put("copy-session", i -> sessions.copyAsText());
        actions.put("paste-session", i -> sessions.paste());
        actions.put("help", i -> showShortcuts());
        actions.put("quit", i -> stage.close());
        actions.putAll(manipulate.keyActions());
        manipulate.installUndoKeys(scene);
        scene.addEventFilter(KeyEvent.KEY_PRESSED,
                Shortcuts.handler(actions, () -> scene.getFocusOwner() instanceof TextInputControl));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && maximised != null && !(scene.getFocusOwner() instanceof TextInputControl)) {
                restoreMaximised();
                e.consume();
            }
        });
        // Enter or Esc in a parameter field hands the keyboard back to the transport (Space, arrows):
        // a lecturer edits a value, presses Enter, then Space to play
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if ((e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.ESCAPE)
                    && scene.getFocusOwner() instanceof TextInputControl
                    && !(scene.getFocusOwner().getParent() instanceof javafx.scene.control.ComboBoxBase<?>)) {
                javafx.application.Platform.runLater(() -> scene.getRoot().requestFocus());
            }
        });
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        int row = 0;
        for (Shortcuts.Shortcut sc : Shortcuts.ALL) {
            Label k = new Label(sc.keys());
            k.setStyle("-fx-font-weight: bold;");
            Label d = new Label(sc.description());
            d.setWrapText(true);
            d.setMaxWidth(560);
            grid.addRow(row++, k, d);
        }
        grid.setId("shortcut-table");
        // on a projector (720 or 768 pixels high) the list is taller than the screen: it scrolls, the OK button stays
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        javafx.geometry.Rectangle2D screen = org.emlab.app.layout.ScreenFit.visualBounds(stage);
        scroll.setPrefViewportHeight(Math.min(900, Math.max(200, screen.getHeight() - 240)));
        scroll.setPrefViewportWidth(Math.min(700, Math.max(320, screen.getWidth() - 80)));
        a.getDialogPane().setContent(scroll);
        a.setResizable(true);
        org.emlab.app.layout.ScreenFit.keepOnScreen(a.getDialogPane().getScene().getWindow(), stage);
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
        session.selectLab(id);
    }

    /** Shows a lab with the given parameters and starts its run. */
    public void load(Lab l, ParamValues p, boolean autoplay) {
        session.load(l, p, autoplay);
    }

    /** The window's part of a new form: the lab's header, the parameter column, the view options. */
    private void showForm(ParamFormModel f) {
        Lab l = f.lab();
        labChooser.setValue(l.id());
        labGroup.getToggles().forEach(t -> ((RadioMenuItem) t).setSelected(l.id().equals(t.getUserData())));
        claim.setText(l.claim());
        citation.setText(l.citation());
        f.validProperty().addListener((o, a, b) -> {
            if (b != null) {
                editNanos = System.nanoTime();
                boolean typing = getScene() != null && getScene().getFocusOwner() instanceof TextInputControl;
                debounce.setDuration(typing ? EDIT_DEBOUNCE : EDIT_APPLY);
                debounce.playFromStart();
            }
        });
        formHolder.getChildren().setAll(new ParameterForm(f));
        rebuildViewOptions();
        stage.setTitle("EM Lab — " + l.title());
        explore.refresh(l);
    }

    private void restartFromForm() {
        session.applyForm();
        rebuildViewOptions();
        explore.refresh(lab());
    }

    private void rebuildViewOptions() {
        viewOptionBox.getChildren().clear();
        for (Lab.ViewOption o : session.viewOptions()) {
            Label l = new Label(o.label());
            ComboBox<String> box = new ComboBox<>();
            box.getItems().setAll(o.choices());
            box.setValue(session.viewSettings().getOrDefault(o.name(), o.defaultChoice()));
            box.valueProperty().addListener((obs, a, b) -> session.setViewSetting(o.name(), b));
            viewOptionBox.getChildren().addAll(l, box);
        }
    }

    /** Applies the newest snapshot (FX thread, once per frame): copies render-ready arrays into the views. */
    private void apply(Snapshot s) {
        session.show(s);
        errorBanner.update(s);
        seedLabel.setText(s.params() == null ? "" : "seed " + s.params().text(Roles.seedName(s.params().specs())) + "  ·  run " + s.runId());
        if (s.figure().panels().isEmpty()) {
            return;
        }
        if (s.runId() != shownRun) {
            shownRun = s.runId();
            if (trace && editNanos != 0) {
                System.err.printf(java.util.Locale.ROOT, "emlab.trace: edit to first frame of run %d: %.1f ms%n", s.runId(),
                        (System.nanoTime() - editNanos) / 1e6);
                editNanos = 0;
            }
            syncCurves(s.figure().panels(Panel.Kind.CURVE));
            syncInsets(s.figure().panels(Panel.Kind.INSET));
            if (!pendingMaximise.isEmpty()) {
                Node view = "geometry".equals(pendingMaximise) ? geometryRow : curves.get(pendingMaximise);
                pendingMaximise = "";
                if (view != null && maximised != view) {
                    toggleMaximised(view);
                }
            }
        }
        List<Panel> g = s.figure().panels(Panel.Kind.GEOMETRY);
        geometryRow.setPanels(g);
        for (Panel p : s.figure().panels(Panel.Kind.CURVE)) {
            CurveChart c = curves.get(p.id());
            if (c != null) {
                c.show(p);
                // the scales the user chose (or a session restored) win over the panel's defaults
                SessionModel.Scales sc = session.scales().get(p.id());
                if (sc != null && (sc.logX() != c.isLogX() || sc.logY() != c.isLogY())) {
                    c.setLog(sc.logX(), sc.logY());
                    c.show(p);
                }
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
        restoreMaximised();
        curves.clear();
        for (Panel p : panels) {
            CurveChart c = new CurveChart();
            c.setId("curve-" + p.id());
            c.setTheme(theme());
            c.setOnScalesToggled(() -> session.scales().put(p.id(), new SessionModel.Scales(c.isLogX(), c.isLogY())));
            c.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                    toggleMaximised(c);
                    e.consume();
                }
            });
            curves.put(p.id(), c);
            export.attach(c, p::id);
        }
        String key = lab() == null ? "" : lab().keyChart();
        curveColumn.setCharts(List.copyOf(curves.values()), curves.get(key));
        lecture.curvesRebuilt();
    }

    private void syncInsets(List<Panel> panels) {
        insets.clear();
        insetBox.getChildren().clear();
        for (Panel p : panels) {
            FigureCanvas c = new FigureCanvas();
            c.setId("inset-" + p.id());
            c.setPrefHeight(170);
            c.setMinHeight(150);
            c.setTheme(theme(), 0.9);
            export.attach(c, p::id);
            insets.put(p.id(), c);
            insetBox.getChildren().add(c);
        }
    }

    // ---- accessors for features and tests -------------------------------------------------------

    /** Opens a CSV file as File → Open data… does (column picker, then the chosen lab). */
    public void openData(java.nio.file.Path file) {
        dataImport.open(file);
    }

    /** The compute thread. */
    public RunLoop runLoop() {
        return loop;
    }

    /** The session being shown: lab, form, run, view settings, theme, lecture mode, notices. */
    public SessionModel model() {
        return session;
    }

    /** The newest snapshot shown. */
    public Snapshot latest() {
        return session.latest();
    }

    public Lab lab() {
        return session.lab();
    }

    public ParamFormModel form() {
        return session.form();
    }

    public TransportModel transport() {
        return transport;
    }

    public FramePump pump() {
        return pump;
    }

    /** The performance overlay (F12). */
    public PerfOverlay perfOverlay() {
        return perf;
    }

    /** Dragging handles, zoom and pan, painting data, undo and redo. */
    public org.emlab.app.manipulate.DirectManipulation manipulation() {
        return manipulate;
    }

    /** Timeline prompt, A/B comparison and sweeps. */
    public ExploreFeatures explore() {
        return explore;
    }

    /** Stops the frame pump, the compute thread and the background tasks. */
    public void shutdown() {
        pump.stop();
        session.close();
        tasks.close();
    }

    // ---- hooks for slides and lectures (export, presets, sessions, lecture mode) ----------------

    public Stage stage() {
        return stage;
    }

    /** The figure shown now, with the axis scales toggled on the curve charts; null before the first run. */
    public Figure shownFigure() {
        return session.shownFigure();
    }

    /** The curve charts by panel id, in display order. */
    public Map<String, CurveChart> curveCharts() {
        return java.util.Collections.unmodifiableMap(curves);
    }

    public FigureCanvas geometryCanvas() {
        return geometry;
    }

    /** The parameter column (hidden in lecture mode). */
    public Region parameterPanel() {
        return leftSide;
    }

    /** The status line's caption (what the last step did). */
    public Label captionLabel() {
        return caption;
    }

    public MenuBar menuBarNode() {
        return menuBar;
    }

    public Theme theme() {
        return session.theme();
    }

    /** Colours and text sizes of every view: the stylesheets, the canvases and the curve charts. */
    public void setTheme(Theme t) {
        session.themeProperty().set(t);
    }

    private void applyTheme(Theme t) {
        if (getScene() != null) {
            Themes.apply(getScene(), t == Theme.PROJECTOR ? Themes.PROJECTOR : Themes.LIGHT);
        }
        geometry.setTheme(t, 1.0);
        for (FigureCanvas c : insets.values()) {
            c.setTheme(t, 0.9);
        }
        for (CurveChart c : curves.values()) {
            c.setTheme(t);
        }
    }

    /** The lab's view settings as chosen (for example the projection). */
    public Map<String, String> viewSettings() {
        return Map.copyOf(session.viewSettings());
    }

    /** Chooses view settings (a session restores them); unknown names and choices are ignored. */
    public void setViewSettings(Map<String, String> v) {
        session.setViewSettings(v);
        rebuildViewOptions();
    }

    /** Shows a one-line notice above the views. */
    public void notice(String text, boolean error) {
        session.notice(text, error);
    }

    public NoticeBar noticeBar() {
        return notice;
    }

    /** Called with every snapshot after it is shown (FX thread). */
    public void addFrameListener(java.util.function.Consumer<Snapshot> l) {
        session.addFrameListener(l);
    }

    public void removeFrameListener(java.util.function.Consumer<Snapshot> l) {
        session.removeFrameListener(l);
    }

    public ExportActions exportActions() {
        return export;
    }

    public PresetActions presetActions() {
        return presets;
    }

    public SessionActions sessionActions() {
        return sessions;
    }

    public LectureMode lectureMode() {
        return lecture;
    }
}
