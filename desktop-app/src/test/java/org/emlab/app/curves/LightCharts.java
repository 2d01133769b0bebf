package org.emlab.app.curves;

import javafx.scene.layout.StackPane;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;

/** Test support: a light-themed {@link CurveChart} showing a panel as the only child of a test's root. */
final class LightCharts {
    private LightCharts() {
    }

    /** A new light-themed chart showing {@code p}, made the only child of {@code root} (call on the FX thread). */
    static CurveChart showIn(StackPane root, Panel p) {
        CurveChart chart = new CurveChart();
        chart.setTheme(Theme.LIGHT);
        root.getChildren().setAll(chart);
        chart.show(p);
        return chart;
    }
}
