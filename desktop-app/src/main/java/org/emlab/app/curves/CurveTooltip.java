package org.emlab.app.curves;

import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.dataset.DataSet;
import java.util.function.Supplier;
import org.emlab.core.figure.Panel;
import org.emlab.core.text.Numbers;

/**
 * The hover read-out of a curve chart: the curve's name, then its x (the iteration, or what the panel's
 * axis counts) and its value, named by the panel's axis labels ("iteration 12", "KL = 3.2e−4").
 */
final class CurveTooltip extends DataPointTooltip {
    private final Supplier<Panel> panel;

    CurveTooltip(Supplier<Panel> panel) {
        this.panel = panel;
    }

    @Override
    protected String getDataLabelSafe(DataSet ds, int index) {
        return ds == null || ds.getName() == null ? "" : ds.getName();
    }

    @Override
    protected String formatLabel(DataPoint p) {
        return text(p.label, p.x, p.y, panel.get());
    }

    /** "name\niteration 12\nKL = 3.2e−4" (the x axis's label and the y axis's, from the panel). */
    static String text(String name, double x, double y, Panel panel) {
        String xl = panel == null || panel.x().label() == null || panel.x().label().isEmpty() ? "iteration" : panel.x().label();
        String yl = panel == null || panel.y().label() == null || panel.y().label().isEmpty() ? "value" : panel.y().label();
        boolean whole = panel == null || panel.x().integer();
        String xs = whole && Math.abs(x - Math.rint(x)) < 1e-9 ? Long.toString(Math.round(x)) : Numbers.compact(x);
        return (name == null || name.isEmpty() ? "" : name + "\n") + xl + " " + xs + "\n" + yl + " = " + Numbers.compact(y);
    }
}
