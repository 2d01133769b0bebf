package org.emlab.app.curves;

import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.events.ChartBits;
import io.fair_acc.dataset.spi.fastutil.DoubleArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emlab.core.figure.render.PanelLayout;
import org.emlab.core.figure.render.Ticks;

/**
 * ChartFX's numeric axis showing what {@link PanelLayout#resolve} decided: its range (instead of
 * ChartFX's own auto-range) and its major and minor ticks with their labels (instead of ChartFX's
 * tick units and formatter). Zoomed in, the ticks of the zoomed range come from the same rule,
 * {@link Ticks#forAxis}. Every label is shown: the rule already keeps them apart, so ChartFX's
 * overlap policy is off.
 */
public final class FigureAxis extends DefaultNumericAxis {
    private PanelLayout.AxisLayout spec;
    private double fontSize = 11;
    /** The ticks shown now, and the labels by value. */
    private List<Ticks.Tick> current = List.of();
    private final Map<Double, String> labels = new HashMap<>();

    FigureAxis(String label) {
        super(label);
        setOverlapPolicy(AxisLabelOverlapPolicy.DO_NOTHING);
        setAutoRangeRounding(false);
        setAutoUnitScaling(false);
        setAutoRanging(true);
        setForceZeroInRange(false);
    }

    /** The resolved axis it follows (null before the first). */
    public PanelLayout.AxisLayout spec() {
        return spec;
    }

    /**
     * Follows {@code a} with tick labels of {@code size} pixels: its scale, range and ticks (the
     * range applies while the axis auto-ranges, that is unless the user zoomed).
     */
    void follow(PanelLayout.AxisLayout a, double size) {
        if (size != fontSize) {
            fontSize = size;
            getTickLabelStyle().setStyle(String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", size));
        }
        if (isLogAxis() != a.log()) {
            setLogAxis(a.log());
        }
        if (a.equals(spec)) {
            return;
        }
        spec = a;
        getBitState().setDirty(ChartBits.AxisRange, ChartBits.AxisTickLabelText, ChartBits.AxisLayout,
                ChartBits.AxisCanvas);
    }

    @Override
    protected AxisRange autoRange(double minValue, double maxValue, double length, double labelSize) {
        if (spec == null) {
            return super.autoRange(minValue, maxValue, length, labelSize);
        }
        return computeRange(spec.min(), spec.max(), length, labelSize);
    }

    private List<Ticks.Tick> ticks(double lo, double hi, double length) {
        if (spec != null && lo == spec.min() && hi == spec.max()) {
            return spec.ticks();
        }
        boolean horizontal = getSide() == null || getSide().isHorizontal();
        return Ticks.forAxis(lo, hi, isLogAxis(), spec != null && spec.integer(), length > 0 ? length : 200,
                fontSize, horizontal);
    }

    @Override
    protected void calculateMajorTickValues(AxisRange range, DoubleArrayList out) {
        current = ticks(range.getLowerBound(), range.getUpperBound(), range.getAxisLength());
        labels.clear();
        for (Ticks.Tick t : current) {
            if (t.major()) {
                out.add(t.value());
                labels.put(t.value(), t.label());
            }
        }
    }

    @Override
    protected void calculateMinorTickValues(DoubleArrayList out) {
        for (Ticks.Tick t : current) {
            if (!t.major()) {
                out.add(t.value());
            }
        }
    }

    @Override
    public String getTickMarkLabel(double value) {
        String s = labels.get(value);
        return s != null ? s : Ticks.label(value, Math.abs(getTickUnit()));
    }
}
