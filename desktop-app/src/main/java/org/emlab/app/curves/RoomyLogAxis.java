package org.emlab.app.curves;

import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.fastutil.DoubleArrayList;
import java.util.List;
import org.emlab.core.figure.render.Ticks;

/**
 * ChartFX's numeric axis with log ticks that fit the axis: on a log scale ChartFX labels every
 * decade, which piles a hundred labels into one black column when an error falls to 1e−160, and
 * labels nothing when the data span less than a decade. Here the ticks come from
 * {@link Ticks#log(double, double, int)} (the same rule as the exported figures) with room for one
 * label per {@link #LABEL_SPACING} tick-label heights; a linear scale is ChartFX's own.
 */
final class RoomyLogAxis extends DefaultNumericAxis {
    /** Tick-label heights between two labels on a vertical axis (widths count double on a horizontal one). */
    static final double LABEL_SPACING = 2.2;

    /** True when the last major ticks of a log scale were all powers of ten. */
    private boolean decades;

    RoomyLogAxis(String label) {
        super(label);
    }

    /** True on a log scale whose labels are all powers of ten (they then all read 10^k). */
    boolean decadesOnly() {
        return isLogAxis() && decades;
    }

    /** How many labels fit along {@code length} pixels. */
    private int room(double length) {
        double font = getTickLabelFont() == null ? 12 : getTickLabelFont().getSize();
        double per = font * LABEL_SPACING * (getSide() != null && getSide().isHorizontal() ? 2 : 1);
        return Math.max(2, (int) Math.floor(length / per));
    }

    private List<Ticks.Tick> ticks(double lo, double hi, double length) {
        return Ticks.log(lo, hi, room(length > 0 ? length : 200));
    }

    @Override
    protected void calculateMajorTickValues(AxisRange range, DoubleArrayList out) {
        if (!isLogAxis()) {
            super.calculateMajorTickValues(range, out);
            return;
        }
        boolean powers = true;
        for (Ticks.Tick t : ticks(range.getLowerBound(), range.getUpperBound(), range.getAxisLength())) {
            if (t.major()) {
                out.add(t.value());
                double k = Math.rint(Math.log10(t.value()));
                powers &= Math.abs(t.value() / Math.pow(10, k) - 1) < 1e-9;
            }
        }
        decades = powers;
        if (out.isEmpty()) {
            super.calculateMajorTickValues(range, out);
        }
    }

    @Override
    protected void calculateMinorTickValues(DoubleArrayList out) {
        if (!isLogAxis()) {
            super.calculateMinorTickValues(out);
            return;
        }
        for (Ticks.Tick t : ticks(getMin(), getMax(), getLength())) {
            if (!t.major()) {
                out.add(t.value());
            }
        }
    }
}
