package org.emlab.app.controls;

import java.util.Optional;
import javafx.beans.property.StringProperty;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.emlab.core.figure.Theme;
import org.emlab.core.param.ProbabilityVectors;

/**
 * The handles of a probability vector (the weights editor, docs/explore-and-verify.md, "Direct
 * manipulation"): one bar per weight; dragging a bar's top sets that weight (to 0.01) and rescales the
 * others so the vector still sums to 1. The bars follow the field's text; a release writes the new
 * vector into it, which is one edit of the form (the run restarts; Ctrl+Z undoes it).
 */
public final class WeightBars extends Region {
    /** Height of the bars' area. */
    static final double HEIGHT = 38;
    private final Canvas canvas = new Canvas();
    private final StringProperty text;
    private double[] shown;
    private int dragging = -1;

    public WeightBars(StringProperty text) {
        this.text = text;
        getStyleClass().add("weight-bars");
        getChildren().add(canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setPrefWidth(150);
        setCursor(Cursor.V_RESIZE);
        Tooltip.install(this, new Tooltip("drag a bar up or down to change that weight; the others are rescaled so the "
                + "weights still sum to 1"));
        text.addListener((o, a, b) -> {
            if (dragging < 0) {
                shown = null;
                draw();
            }
        });
        widthProperty().addListener((o, a, b) -> draw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            double[] w = weights();
            if (w == null) {
                return;
            }
            dragging = Math.max(0, Math.min(w.length - 1, (int) (e.getX() / barWidth(w.length))));
            shown = withWeight(w, dragging, valueAt(e.getY()));
            draw();
            e.consume();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double[] w = weights();
            if (dragging >= 0 && w != null) {
                shown = withWeight(w, dragging, valueAt(e.getY()));
                draw();
                e.consume();
            }
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (dragging >= 0 && shown != null) {
                double[] next = shown;
                dragging = -1;
                shown = null;
                text.set(ProbabilityVectors.text(next));
                draw();
                e.consume();
            }
            dragging = -1;
        });
    }

    private double[] weights() {
        Optional<double[]> w = ProbabilityVectors.read(text.get());
        return w.isEmpty() || w.get().length < 2 ? null : w.get();
    }

    private double barWidth(int k) {
        return Math.max(1, getWidth() / k);
    }

    private static double valueAt(double y) {
        return 1 - y / HEIGHT;
    }

    /**
     * {@code w} with entry {@code j} set to {@code v} (rounded to 0.01, kept in [0.01, 0.99]) and the
     * other entries rescaled to share {@code 1 − v} as they shared their sum before (equally when they
     * summed to 0), each rounded to 0.001 with the rounding put on the largest of them, so the text stays
     * short and the sum is 1.
     */
    public static double[] withWeight(double[] w, int j, double v) {
        int k = w.length;
        double target = Math.max(0.01, Math.min(0.99, Math.round(v * 100) / 100.0));
        double rest = 0;
        for (int i = 0; i < k; i++) {
            if (i != j) {
                rest += Math.max(0, w[i]);
            }
        }
        double[] out = new double[k];
        out[j] = target;
        double left = 1 - target;
        int largest = -1;
        double given = 0;
        for (int i = 0; i < k; i++) {
            if (i == j) {
                continue;
            }
            double share = rest > 0 ? Math.max(0, w[i]) / rest : 1.0 / (k - 1);
            out[i] = Math.round(share * left * 1000) / 1000.0;
            given += out[i];
            if (largest < 0 || out[i] > out[largest]) {
                largest = i;
            }
        }
        out[largest] = Math.round((out[largest] + (left - given)) * 1000) / 1000.0;
        return out;
    }

    private void draw() {
        double w = getWidth();
        canvas.setWidth(w);
        canvas.setHeight(HEIGHT);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, HEIGHT);
        double[] v = shown != null ? shown : weights();
        if (v == null) {
            return;
        }
        double bw = barWidth(v.length);
        for (int j = 0; j < v.length; j++) {
            int argb = Theme.LIGHT.palette()[j % Theme.PALETTE_SIZE];
            g.setFill(Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, j == dragging ? 0.95 : 0.7));
            double h = Math.max(0, Math.min(1, v[j])) * HEIGHT;
            g.fillRect(j * bw + 2, HEIGHT - h, bw - 4, h);
            g.setStroke(Color.gray(0.45));
            g.setLineWidth(1);
            g.strokeLine(j * bw + 2, HEIGHT - h, j * bw + bw - 2, HEIGHT - h);
        }
    }

    @Override
    protected void layoutChildren() {
        draw();
    }
}
