package org.emlab.app.sweep;

import org.emlab.app.compute.JobExecutor;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepFigure;
import org.emlab.core.sweep.SweepPresets;
import org.emlab.core.view.CurvePanels;

/**
 * The sweep window (non-modal, so the main window stays live): settings and the lab's paper
 * sweeps on the left, run/cancel with a progress bar and ETA; the log-log plot (drawn by the
 * shared PanelPainter, so it exports as shown), a table of every trial and the text report on
 * the right. Clicking a dot of the plot (or double-clicking a table row) opens that trial as a
 * normal run in the main window: same parameter value, same seed, same data.
 */
public final class SweepWindow extends Stage {
    /** Largest distance in pixels from a click to the dot it opens. */
    static final double CLICK_RADIUS = 12;

    /** How the main window opens a run. */
    @FunctionalInterface
    public interface Opener {
        void open(Lab lab, ParamValues params);
    }

    private final SweepModel model;
    private final JobExecutor executor;
    private final Opener opener;
    private final FigureCanvas canvas = new FigureCanvas();
    private final TableView<SweepModel.Row> table = new TableView<>();

    public SweepWindow(Window owner, SweepModel model, JobExecutor executor, Opener opener) {
        this.model = model;
        this.executor = executor;
        this.opener = opener;
        // not owned: the main window must be able to come to the front when a trial opens there
        setTitle("Sweep — " + model.lab().id());
        SplitPane right = new SplitPane(plotPane(), resultsPane());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.62);
        SplitPane main = new SplitPane(settingsPane(), right);
        main.setDividerPositions(0.27);
        Scene scene = new Scene(main, 1280, 820);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        setScene(scene);
        setOnCloseRequest(e -> model.cancel());
    }

    /** The view model. */
    public SweepModel model() {
        return model;
    }

    private Region settingsPane() {
        VBox box = new VBox(8);
        box.setPadding(new Insets(10));
        box.getStyleClass().add("left-column");
        Label head = new Label("SWEEP  ·  " + model.lab().id());
        head.getStyleClass().add("group-header");
        Label explain = new Label("Vary one parameter, run independent trials at each value (trial r uses the same "
                + "seed at every value), and see how a statistic scales.");
        explain.setWrapText(true);

        List<SweepPresets.SweepPreset> presets = model.presets();
        ComboBox<SweepPresets.SweepPreset> presetBox = new ComboBox<>();
        presetBox.setId("sweep-preset");
        presetBox.getItems().setAll(presets);
        presetBox.setCellFactory(l -> presetCell());
        presetBox.setButtonCell(presetCell());
        presetBox.setMaxWidth(Double.MAX_VALUE);
        // a long preset title must not widen the column past the window (the text is elided instead)
        presetBox.setMinWidth(100);
        presetBox.setPrefWidth(100);
        presetBox.setPromptText(presets.isEmpty() ? "this lab ships no sweep" : "the paper's sweeps");
        presetBox.setDisable(presets.isEmpty());
        // broken into lines here, not wrapped by JavaFX: its line breaking repeated the end of each
        // line at the start of the next for these descriptions (seen under Xvfb, JavaFX 21)
        Label description = new Label();
        description.getStyleClass().add("lab-citation");
        presetBox.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.applyPreset(b);
                description.setText(lines(b.description(), DESCRIPTION_COLUMNS));
            }
        });
        if (!presets.isEmpty()) {
            int first = model.suggestedPreset();
            presetBox.getSelectionModel().select(first);
            description.setText(lines(presets.get(first).description(), DESCRIPTION_COLUMNS));
        }
        Label base = new Label();
        base.setWrapText(true);
        base.textProperty().bind(model.baseTextProperty());
        base.setTooltip(new Tooltip("every run uses these parameters (the main window's, or the preset's), except the "
                + "varied one and the seed"));

        ComboBox<String> param = new ComboBox<>();
        param.setId("sweep-param");
        param.getItems().setAll(model.numericParameters());
        param.valueProperty().bindBidirectional(model.paramProperty());
        param.setTooltip(new Tooltip("the varied parameter"));
        TextField from = field("sweep-from", model.fromProperty(), "first value");
        TextField to = field("sweep-to", model.toProperty(), "last value");
        CheckBox log = new CheckBox("log spaced");
        log.selectedProperty().bindBidirectional(model.logProperty());
        log.setTooltip(new Tooltip("geometric spacing (the natural choice for n and for power laws)"));
        TextField points = field("sweep-points", model.pointsProperty(), "number of values (integers are rounded; repeats dropped)");
        TextField trials = field("sweep-trials", model.trialsProperty(), "independent runs per value (seeds derived from the base seed)");
        TextField iterations = field("sweep-iterations", model.iterationsProperty(), "horizon: iterations per run");
        ComboBox<Statistic> stat = new ComboBox<>();
        stat.setId("sweep-stat");
        stat.getItems().setAll(model.statistics());
        stat.valueProperty().bindBidirectional(model.statProperty());
        stat.setTooltip(new Tooltip("final_error: distance to the truth at the horizon; iterations_to_eps: first iteration "
                + "with error ≤ ε; final_kl: KL(truth ‖ fit) at the horizon; stuck: fraction of runs the lab calls stuck"));
        TextField eps = field("sweep-eps", model.epsProperty(), "ε of iterations_to_eps");
        eps.disableProperty().bind(model.statProperty().isNotEqualTo(Statistic.ITERATIONS_TO_EPS));
        TextField threads = field("sweep-threads", model.threadsProperty(), "worker threads; the result does not depend on it");

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int r = 0;
        grid.addRow(r++, new Label("vary"), param);
        grid.addRow(r++, new Label("from"), from);
        grid.addRow(r++, new Label("to"), to);
        grid.addRow(r++, new Label(""), log);
        grid.addRow(r++, new Label("points"), points);
        grid.addRow(r++, new Label("trials"), trials);
        grid.addRow(r++, new Label("iterations"), iterations);
        grid.addRow(r++, new Label("statistic"), stat);
        grid.addRow(r++, new Label("ε"), eps);
        grid.addRow(r, new Label("threads"), threads);

        Label error = new Label();
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());

        Button run = new Button("Run sweep");
        run.setId("sweep-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(model.validProperty().not().or(model.runningProperty()));
        run.setOnAction(e -> model.start(executor));
        Button cancel = new Button("Cancel");
        cancel.setId("sweep-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        HBox buttons = new HBox(8, run, cancel);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("sweep-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label progress = new Label();
        progress.setId("sweep-progress-text");
        progress.textProperty().bind(Bindings.concat(model.progressTextProperty(), "   ", model.etaProperty()));
        Label status = new Label();
        status.setId("sweep-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        TextField cli = new TextField();
        cli.setEditable(false);
        cli.getStyleClass().add("mono");
        cli.setTooltip(new Tooltip("the same sweep from a terminal"));
        Runnable updateCli = () -> cli.setText(model.commandLine());
        model.validProperty().addListener((o, a, b) -> updateCli.run());
        for (javafx.beans.Observable p : List.of(model.paramProperty(), model.fromProperty(), model.toProperty(),
                model.pointsProperty(), model.trialsProperty(), model.iterationsProperty(), model.statProperty(),
                model.logProperty(), model.epsProperty(), model.baseTextProperty())) {
            p.addListener(o -> updateCli.run());
        }
        updateCli.run();

        box.getChildren().addAll(head, explain, new Label("paper sweep"), presetBox, description, base, grid, error, buttons,
                bar, progress, status, new Label("command line"), cli);
        for (Label wrapped : List.of(explain, base)) {
            // wrapped text takes the column's width, never its own unwrapped width
            wrapped.setMinWidth(0);
            wrapped.setPrefWidth(1);
            wrapped.setMaxWidth(Double.MAX_VALUE);
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setMinWidth(300);
        return scroll;
    }

    /** Characters per line of a sweep's description (the column is about 300 px wide). */
    static final int DESCRIPTION_COLUMNS = 52;

    /** {@code text} broken at spaces into lines of at most {@code columns} characters (longer words stay whole). */
    static String lines(String text, int columns) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > columns) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    private static ListCell<SweepPresets.SweepPreset> presetCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(SweepPresets.SweepPreset item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.title());
            }
        };
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(10);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    private Region plotPane() {
        canvas.setId("sweep-plot");
        canvas.setTheme(Theme.LIGHT, 1.15);
        model.plotProperty().addListener((o, a, b) -> canvas.setPanel(b));
        canvas.setOnMouseClicked(e -> {
            SweepModel.Row row = rowAt(e.getX(), e.getY());
            if (row != null) {
                open(row);
            }
        });
        canvas.setOnMouseMoved(e -> canvas.setCursor(rowAt(e.getX(), e.getY()) != null ? javafx.scene.Cursor.HAND
                : javafx.scene.Cursor.DEFAULT));
        Label hint = new Label("Click a dot to open that trial as a run (a median opens its median trial).");
        hint.getStyleClass().add("lab-citation");
        VBox box = new VBox(4, canvas, hint);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }

    /** The trial under screen point (x, y) of the plot, or null. */
    SweepModel.Row rowAt(double x, double y) {
        PanelPainter.Frame f = canvas.lastFrame();
        Panel p = canvas.getPanel();
        if (f == null || p == null || model.resultProperty().get() == null) {
            return null;
        }
        SweepModel.Row best = null;
        double bestD = CLICK_RADIUS;
        for (SweepModel.Row r : model.rows()) {
            double vx = model.resultProperty().get().values()[r.point()];
            if (!usable(f, vx, r.stat())) {
                continue;
            }
            double d = Math.hypot(f.sx(vx) - x, f.sy(r.stat()) - y);
            if (d < bestD) {
                bestD = d;
                best = r;
            }
        }
        for (Layer l : p.layers()) {
            if (l instanceof Layer.Line ln && ("median".equals(ln.name()) || "fraction stuck".equals(ln.name()))) {
                for (int i = 0; i < ln.size(); i++) {
                    if (usable(f, ln.x()[i], ln.y()[i])) {
                        double d = Math.hypot(f.sx(ln.x()[i]) - x, f.sy(ln.y()[i]) - y);
                        if (d < bestD) {
                            bestD = d;
                            best = model.medianTrial(i);
                        }
                    }
                }
            }
        }
        return best;
    }

    private static boolean usable(PanelPainter.Frame f, double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!f.xLog() || x > 0) && (!f.yLog() || y > 0);
    }

    private Region resultsPane() {
        table.setId("sweep-table");
        TableColumn<SweepModel.Row, String> value = new TableColumn<>("value");
        value.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().value()));
        TableColumn<SweepModel.Row, Number> trial = new TableColumn<>("trial");
        trial.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyIntegerWrapper(c.getValue().trial()));
        TableColumn<SweepModel.Row, String> seed = new TableColumn<>(model.seedName());
        seed.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(Long.toString(c.getValue().seed())));
        TableColumn<SweepModel.Row, String> stat = new TableColumn<>("statistic");
        stat.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(
                Double.isInfinite(c.getValue().stat()) ? "not reached" : CurvePanels.num(c.getValue().stat(), 5)));
        model.resultProperty().addListener((o, a, b) -> {
            if (b != null) {
                value.setText(b.spec().range().param());
                stat.setText(b.spec().stat().id());
            }
        });
        value.setPrefWidth(80);
        trial.setPrefWidth(50);
        seed.setPrefWidth(170);
        stat.setPrefWidth(110);
        table.getColumns().setAll(List.of(value, trial, seed, stat));
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("run the sweep: every trial appears here"));
        table.setRowFactory(tv -> {
            javafx.scene.control.TableRow<SweepModel.Row> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open(table.getSelectionModel().getSelectedItem());
            }
        });
        Button openRun = new Button("Open trial as a run");
        openRun.setId("sweep-open");
        openRun.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        openRun.setTooltip(new Tooltip("load the main window with this trial's parameter value and seed: the same data and "
                + "the same run as in the sweep"));
        openRun.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        Button csv = new Button("Save CSV…");
        csv.disableProperty().bind(model.resultProperty().isNull().or(model.runningProperty()));
        csv.setOnAction(e -> save("csv"));
        Button png = new Button("Save plot PNG…");
        png.disableProperty().bind(model.resultProperty().isNull().or(model.runningProperty()));
        png.setOnAction(e -> save("png"));
        HBox buttons = new HBox(8, openRun, csv, png);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox left = new VBox(6, table, buttons);
        VBox.setVgrow(table, Priority.ALWAYS);
        TextArea report = new TextArea();
        report.setId("sweep-report");
        report.setEditable(false);
        report.getStyleClass().add("mono");
        report.setStyle("-fx-font-family: 'DejaVu Sans Mono', monospace;");
        report.textProperty().bind(model.reportProperty());
        SplitPane split = new SplitPane(left, report);
        split.setDividerPositions(0.45);
        split.setPadding(new Insets(6));
        return split;
    }

    private void open(SweepModel.Row row) {
        if (row == null) {
            return;
        }
        opener.open(model.lab(), model.runParams(row));
    }

    private void save(String kind) {
        FileChooser fc = new FileChooser();
        fc.setTitle(kind.equals("csv") ? "Save the sweep as CSV" : "Save the sweep plot as PNG");
        String stem = model.lab().id() + "-sweep-" + model.paramProperty().get();
        fc.setInitialFileName(stem + "." + kind);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.toUpperCase(Locale.ROOT), "*." + kind));
        File f = fc.showSaveDialog(this);
        if (f == null) {
            return;
        }
        try {
            if (kind.equals("csv")) {
                model.saveCsv(f.toPath());
            } else {
                model.savePng(f.toPath(), Theme.LIGHT);
            }
        } catch (IOException | RuntimeException ex) {
            Alert a = new Alert(Alert.AlertType.ERROR, "Could not save " + f + ": "
                    + org.emlab.core.io.Failures.report(ex, "saving a sweep"));
            a.initOwner(this);
            a.show();
        }
    }

    /** The id of the plot panel (for tests). */
    static String plotId() {
        return SweepFigure.PANEL_ID;
    }
}
