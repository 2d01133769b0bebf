package org.emlab.app.export;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.emlab.app.geometry.FxCanvas2D;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureComposer;
import org.emlab.core.figure.render.PageSize;

/**
 * The export dialog: format, panels, page size (slides, journal columns, custom), font scale, theme,
 * layout, PNG scale, title and file, with a live preview drawn by the same painter as the export; for
 * an animation (MP4, GIF, PNG frames) also the iterations, frame rate, duration, final hold and spacing,
 * a preview of any frame (drawn exactly as the export draws it), a progress bar and cancel.
 * It only binds controls to its {@link ExportModel}.
 */
public final class ExportDialog {
    /** The preview's size on a large screen, and on a screen under {@link #SMALL_SCREEN} pixels wide (a projector). */
    private static final double PREVIEW_W = 480;
    private static final double PREVIEW_H = 300;
    private static final double SMALL_PREVIEW_W = 352;
    private static final double SMALL_PREVIEW_H = 220;
    private static final double SMALL_SCREEN = 1200;

    private final ExportModel model;
    private final Stage stage = new Stage();
    private final double previewW;
    private final double previewH;
    private final Canvas preview;
    private final VBox panelBox = new VBox(3);
    private final Label warning = new Label();
    private final javafx.scene.control.Slider previewAt = new javafx.scene.control.Slider();
    private Label previewLabel;

    public ExportDialog(ExportModel model, Window owner, java.util.List<String> stylesheets) {
        this.model = model;
        boolean small = org.emlab.app.layout.ScreenFit.visualBounds(owner).getWidth() < SMALL_SCREEN;
        this.previewW = small ? SMALL_PREVIEW_W : PREVIEW_W;
        this.previewH = small ? SMALL_PREVIEW_H : PREVIEW_H;
        this.preview = new Canvas(previewW, previewH);
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Export");

        ComboBox<ExportFormat> format = new ComboBox<>();
        format.getItems().setAll(ExportFormat.values());
        format.valueProperty().bindBidirectional(model.formatProperty());
        format.setTooltip(new Tooltip("PNG is drawn at the chosen scale; SVG and PDF keep lines, markers and text as vectors "
                + "(only density images stay images); the CSVs hold the numbers behind the curves"));

        ComboBox<String> size = new ComboBox<>();
        for (PageSize p : PageSize.PRESETS) {
            size.getItems().add(p.id());
        }
        size.getItems().add(ExportModel.CUSTOM);
        size.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                for (PageSize p : PageSize.PRESETS) {
                    if (p.id().equals(id)) {
                        return p.label();
                    }
                }
                return "custom size (points)";
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        size.valueProperty().bindBidirectional(model.sizeProperty());
        size.setTooltip(new Tooltip("the page in points (1/72 in): slides for talks, 3.5 in and 7 in for journal columns; "
                + "each sets a readable font scale"));
        TextField w = new TextField();
        w.textProperty().bindBidirectional(model.customWidthProperty());
        TextField h = new TextField();
        h.textProperty().bindBidirectional(model.customHeightProperty());
        w.setPrefColumnCount(5);
        h.setPrefColumnCount(5);
        w.disableProperty().bind(model.sizeProperty().isNotEqualTo(ExportModel.CUSTOM));
        h.disableProperty().bind(w.disableProperty());
        HBox custom = new HBox(4, w, new Label("×"), h, new Label("pt"));
        custom.setAlignment(Pos.CENTER_LEFT);

        Spinner<Double> font = new Spinner<>();
        SpinnerValueFactory.DoubleSpinnerValueFactory fv = new SpinnerValueFactory.DoubleSpinnerValueFactory(
                ExportSpec.MIN_FONT_SCALE, ExportSpec.MAX_FONT_SCALE, model.fontScaleProperty().get(), 0.05);
        font.setValueFactory(fv);
        font.setEditable(true);
        font.setPrefWidth(100);
        fv.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.fontScaleProperty().set(b);
            }
        });
        model.fontScaleProperty().addListener((o, a, b) -> fv.setValue(b.doubleValue()));
        font.setTooltip(new Tooltip("text size: 1 = 11 pt tick labels; slides default to 1.3–1.4, journal columns to 0.7–0.8"));

        ComboBox<Theme> theme = new ComboBox<>();
        theme.getItems().setAll(Theme.LIGHT, Theme.PROJECTOR);
        theme.setConverter(new StringConverter<>() {
            @Override
            public String toString(Theme t) {
                return t == null ? "" : t == Theme.PROJECTOR ? "projector (dark, thick lines)" : "light";
            }

            @Override
            public Theme fromString(String s) {
                return Theme.named(s);
            }
        });
        theme.valueProperty().bindBidirectional(model.themeProperty());

        ComboBox<FigureComposer.Layout> layout = new ComboBox<>();
        layout.getItems().setAll(FigureComposer.Layout.values());
        layout.valueProperty().bindBidirectional(model.layoutProperty());
        layout.setConverter(new StringConverter<>() {
            @Override
            public String toString(FigureComposer.Layout l) {
                return l == null ? "" : l.id();
            }

            @Override
            public FigureComposer.Layout fromString(String s) {
                return FigureComposer.Layout.parse(s);
            }
        });
        layout.setTooltip(new Tooltip("auto: the geometry large with the curves stacked beside it when the page allows, "
                + "else a grid"));

        ToggleGroup scales = new ToggleGroup();
        HBox scaleBox = new HBox(8);
        for (int s : ExportModel.SCALES) {
            RadioButton r = new RadioButton(s + "x");
            r.setUserData(s);
            r.setToggleGroup(scales);
            r.setSelected(s == model.scaleProperty().get());
            scaleBox.getChildren().add(r);
        }
        scales.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.scaleProperty().set((Integer) b.getUserData());
            }
        });
        scaleBox.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.formatProperty().get() != ExportFormat.PNG && !model.formatProperty().get().isAnimation(),
                model.formatProperty()));
        Tooltip.install(scaleBox, new Tooltip("pixels per point of a PNG or an animation's frames: drawn at that resolution, "
                + "not enlarged (4x = 288 dpi; a 16:9 video at 2x is 1920 × 1080)"));

        // ---- animation (MP4, GIF, PNG frames) ----
        TextField from = new TextField();
        from.setPrefColumnCount(5);
        from.setPromptText("0");
        from.textProperty().bindBidirectional(model.fromIterationProperty());
        TextField to = new TextField();
        to.setPrefColumnCount(6);
        to.setPromptText("horizon");
        to.textProperty().bindBidirectional(model.toIterationProperty());
        Spinner<Integer> fps = new Spinner<>(1, org.emlab.core.headless.Animation.Settings.MAX_FPS,
                model.fpsProperty().get());
        fps.setEditable(true);
        fps.setPrefWidth(80);
        fps.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.fpsProperty().set(b);
            }
        });
        Spinner<Double> seconds = new Spinner<>(0.5, org.emlab.core.headless.Animation.Settings.MAX_DURATION,
                model.durationProperty().get(), 0.5);
        seconds.setEditable(true);
        seconds.setPrefWidth(90);
        seconds.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.durationProperty().set(b);
            }
        });
        Spinner<Double> holdS = new Spinner<>(0.0, 60.0, model.holdProperty().get(), 0.5);
        holdS.setEditable(true);
        holdS.setPrefWidth(80);
        holdS.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.holdProperty().set(b);
            }
        });
        ComboBox<org.emlab.core.figure.anim.FrameSchedule.Spacing> spacing = new ComboBox<>();
        spacing.getItems().setAll(org.emlab.core.figure.anim.FrameSchedule.Spacing.values());
        spacing.valueProperty().bindBidirectional(model.spacingProperty());
        spacing.setTooltip(new Tooltip("log: early iterations, where EM moves fast, get more frames; linear: evenly "
                + "spaced iterations"));
        HBox iterations = new HBox(6, new Label("from"), from, new Label("to"), to, new Label("spacing"), spacing);
        iterations.setAlignment(Pos.CENTER_LEFT);
        HBox timing = new HBox(6, fps, new Label("fps"), seconds, new Label("s, last frame held"), holdS, new Label("s"));
        timing.setAlignment(Pos.CENTER_LEFT);
        iterations.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !model.formatProperty().get().isAnimation(), model.formatProperty()));
        timing.disableProperty().bind(iterations.disableProperty());
        Tooltip.install(iterations, new Tooltip("the iterations the animation covers (empty: from 0 to where the run stops "
                + "by itself)"));

        TextField title = new TextField();
        title.textProperty().bindBidirectional(model.titleProperty());
        title.setPromptText("optional title above the panels");

        TextField file = new TextField();
        file.setPrefColumnCount(28);
        model.targetProperty().addListener((o, a, b) -> file.setText(b == null ? "" : b.toString()));
        file.setText(model.targetProperty().get() == null ? "" : model.targetProperty().get().toString());
        file.setOnAction(e -> setTypedTarget(file.getText()));
        file.focusedProperty().addListener((o, a, b) -> {
            if (!b) {
                setTypedTarget(file.getText());
            }
        });
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> browse());
        HBox fileBox = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        int row = 0;
        form.addRow(row++, new Label("Format"), format);
        form.addRow(row++, new Label("Panels"), panelBox);
        form.addRow(row++, new Label("Page"), size);
        form.addRow(row++, new Label("Custom size"), custom);
        form.addRow(row++, new Label("Font scale"), font);
        form.addRow(row++, new Label("Theme"), theme);
        form.addRow(row++, new Label("Layout"), layout);
        form.addRow(row++, new Label("Pixel scale"), scaleBox);
        form.addRow(row++, new Label("Title"), title);
        form.addRow(row++, new Label("Animation"), iterations);
        form.addRow(row++, new Label("Timing"), timing);
        form.addRow(row, new Label("File"), fileBox);

        warning.getStyleClass().add("field-error");
        warning.setWrapText(true);
        warning.setMaxWidth(previewW);
        Label previewLabel = new Label();
        previewLabel.getStyleClass().add("group-header");
        this.previewLabel = previewLabel;
        Button update = new Button("Update to the shown iteration");
        update.setTooltip(new Tooltip("the export is the figure taken when this dialog opened; take the window's newest one"));
        update.setOnAction(e -> {
            model.refreshPanels();
            if (model.targetProperty().get() != null) {
                model.setTarget(model.targetProperty().get().resolveSibling(model.suggestedFileName()), false);
            }
            rebuildPanels();
            redraw();
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox previewHead = new HBox(8, previewLabel, gap, update);
        previewHead.setAlignment(Pos.CENTER_LEFT);
        // the head is no wider than the preview: a longer label ("iteration 143") is shortened, instead of widening
        // the dialog past a 1024-pixel screen (a horizontal scroll bar, and the File row scrolled out of view)
        previewLabel.setMinWidth(0);
        previewHead.setMaxWidth(previewW);
        previewAt.setMin(0);
        previewAt.setMax(1);
        previewAt.setValue(model.previewAtProperty().get());
        previewAt.setTooltip(new Tooltip("which frame the preview shows, from the first to the last; drawn exactly as the "
                + "export will (release to draw)"));
        previewAt.valueChangingProperty().addListener((o, a, b) -> {
            if (!b) {
                model.previewAtProperty().set(previewAt.getValue());
                model.requestPreview();
            }
        });
        previewAt.setOnMouseReleased(e -> {
            model.previewAtProperty().set(previewAt.getValue());
            model.requestPreview();
        });
        Label frameLabel = new Label();
        model.frameProperty().addListener((o, a, b) -> {
            frameLabel.setText(b == null ? "" : "frame " + (b.index() + 1) + " of " + b.frames() + " · iteration "
                    + b.iteration());
            redraw();
        });
        HBox previewBar = new HBox(8, previewAt, frameLabel);
        HBox.setHgrow(previewAt, Priority.ALWAYS);
        previewBar.setAlignment(Pos.CENTER_LEFT);
        previewBar.visibleProperty().bind(iterations.disableProperty().not());
        previewBar.managedProperty().bind(previewBar.visibleProperty());
        VBox right = new VBox(6, previewHead, preview, previewBar, warning);

        Label message = new Label();
        message.textProperty().bind(model.messageProperty());
        message.setWrapText(true);
        message.setId("export-message");
        ProgressIndicator spin = new ProgressIndicator();
        spin.setPrefSize(20, 20);
        spin.visibleProperty().bind(model.busyProperty().and(model.progressProperty().lessThan(0)));
        spin.managedProperty().bind(spin.visibleProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("export-progress");
        bar.setPrefWidth(120);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.busyProperty().and(model.progressProperty().greaterThanOrEqualTo(0)));
        bar.managedProperty().bind(bar.visibleProperty());
        Button export = new Button("Export");
        export.setId("export-button");
        export.setDefaultButton(true);
        export.disableProperty().bind(model.busyProperty());
        export.setOnAction(e -> {
            setTypedTarget(file.getText());
            model.export();
        });
        Button cancel = new Button("Cancel export");
        cancel.disableProperty().bind(model.busyProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spin, bar, message, spacer, cancel, export, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        // a long message takes the room left of the buttons and wraps there, instead of widening the dialog; a
        // narrower cap made "Saved …" wrap onto a second line that took its height from the form (scroll bars)
        message.setMinWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox.setHgrow(spacer, Priority.NEVER);
        BorderPane root = new BorderPane();
        root.setPadding(new Insets(14));
        // on a 1024 × 768 projector the form and the preview are wider than the screen: they scroll, the buttons stay
        javafx.scene.control.ScrollPane body = new javafx.scene.control.ScrollPane(new HBox(18, form, right));
        body.setFitToHeight(true);
        body.getStyleClass().add("edge-to-edge");
        javafx.geometry.Rectangle2D screen = org.emlab.app.layout.ScreenFit.visualBounds(owner);
        body.setMaxWidth(Math.max(400, screen.getWidth() - 60));
        body.setMaxHeight(Math.max(300, screen.getHeight() - 140));
        root.setCenter(body);
        root.setBottom(buttons);
        BorderPane.setMargin(buttons, new Insets(12, 0, 0, 0));
        root.getStyleClass().add("export-dialog");
        Scene scene = new Scene(root);
        scene.getStylesheets().setAll(stylesheets);
        stage.setScene(scene);
        org.emlab.app.layout.ScreenFit.keepOnScreen(stage, owner);

        InvalidationListener redraw = (Observable o) -> redraw();
        model.formatProperty().addListener(redraw);
        model.sizeProperty().addListener(redraw);
        model.customWidthProperty().addListener(redraw);
        model.customHeightProperty().addListener(redraw);
        model.fontScaleProperty().addListener(redraw);
        model.themeProperty().addListener(redraw);
        model.layoutProperty().addListener(redraw);
        model.titleProperty().addListener(redraw);
        model.formatProperty().addListener((o, a, b) -> {
            if (b != null && b.isAnimation() && (a == null || !a.isAnimation())) {
                model.frameProperty().set(null);
                model.requestPreview();
            }
        });
    }

    private void setTypedTarget(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        Path p = Path.of(text.strip());
        if (!p.equals(model.targetProperty().get())) {
            model.setTarget(p, false);
        }
    }

    private void browse() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export to");
        ExportFormat f = model.formatProperty().get();
        if (f == ExportFormat.FRAMES) {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle("Export the frames into");
            Path t = model.targetProperty().get();
            if (t != null && t.toAbsolutePath().getParent() != null && t.toAbsolutePath().getParent().toFile().isDirectory()) {
                dc.setInitialDirectory(t.toAbsolutePath().getParent().toFile());
            }
            File dir = dc.showDialog(stage);
            if (dir != null) {
                model.setTarget(dir.toPath(), false);
            }
            return;
        }
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.label(), "*." + f.extension()));
        Path t = model.targetProperty().get();
        if (t != null && t.toAbsolutePath().getParent() != null && t.toAbsolutePath().getParent().toFile().isDirectory()) {
            fc.setInitialDirectory(t.toAbsolutePath().getParent().toFile());
        }
        fc.setInitialFileName(model.suggestedFileName());
        File chosen = fc.showSaveDialog(stage);
        if (chosen != null) {
            // the save dialog itself asks before replacing a file
            model.setTarget(chosen.toPath(), true);
        }
    }

    /** Shows the dialog with the model's current panels. */
    public void show() {
        rebuildPanels();
        redraw();
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    private void rebuildPanels() {
        panelBox.getChildren().clear();
        for (ExportModel.PanelChoice c : model.panels()) {
            CheckBox cb = new CheckBox(c.title() + "  (" + c.id() + ")");
            cb.selectedProperty().bindBidirectional(c.selected());
            cb.selectedProperty().addListener((o, a, b) -> redraw());
            panelBox.getChildren().add(cb);
        }
    }

    private void redraw() {
        previewLabel.setText("PREVIEW  ·  iteration " + model.iteration());
        GraphicsContext gc = preview.getGraphicsContext2D();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.clearRect(0, 0, previewW, previewH);
        warning.setText(model.crowding());
        ExportFormat fmt = model.formatProperty().get();
        if (!fmt.isFigure() && !fmt.isAnimation()) {
            gc.fillText("(no preview for CSV)", 10, 20);
            return;
        }
        ExportModel.Frame fr = model.frameProperty().get();
        if (fmt.isAnimation() && fr != null) {
            javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(fr.width(), fr.height());
            img.getPixelWriter().setPixels(0, 0, fr.width(), fr.height(),
                    javafx.scene.image.PixelFormat.getIntArgbInstance(), fr.argb(), 0, fr.width());
            double k = Math.min(previewW / fr.width(), previewH / fr.height());
            gc.drawImage(img, 0, 0, fr.width() * k, fr.height() * k);
            previewLabel.setText("PREVIEW  ·  the animation, frame " + (fr.index() + 1) + " of " + fr.frames());
            return;
        }
        PageSize page;
        try {
            page = model.page();
        } catch (IllegalArgumentException e) {
            warning.setText(e.getMessage());
            return;
        }
        double s = Math.min(previewW / page.width(), previewH / page.height());
        gc.save();
        gc.scale(s, s);
        try {
            model.paintPreview(new FxCanvas2D(gc));
        } catch (IllegalArgumentException e) {
            warning.setText(e.getMessage());
        }
        gc.restore();
    }
}
