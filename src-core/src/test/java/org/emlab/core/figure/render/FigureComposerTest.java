package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

class FigureComposerTest {
    private static Panel panel(String id, Panel.Kind kind, boolean equal, int notes) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            n.add("note " + i);
        }
        return new Panel(id, id, kind, Axis.linear("x"), Axis.linear("y"), equal, List.of(), n);
    }

    private static final Panel GEO = panel("geometry", Panel.Kind.GEOMETRY, true, 1);
    private static final Panel KL = panel("kl", Panel.Kind.CURVE, false, 3);
    private static final Panel R = panel("radius", Panel.Kind.CURVE, false, 0);
    private static final Panel LL = panel("loglik", Panel.Kind.CURVE, false, 0);

    private static void assertTiled(List<FigureComposer.Placement> ps, double w, double h) {
        for (FigureComposer.Placement p : ps) {
            assertTrue(p.x() >= 0 && p.y() >= 0 && p.x() + p.w() <= w + 1e-9 && p.y() + p.h() <= h + 1e-9, p.toString());
            assertTrue(p.w() > 0 && p.h() > 0);
        }
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) {
                FigureComposer.Placement a = ps.get(i);
                FigureComposer.Placement b = ps.get(j);
                boolean apart = a.x() + a.w() <= b.x() + 1e-9 || b.x() + b.w() <= a.x() + 1e-9
                        || a.y() + a.h() <= b.y() + 1e-9 || b.y() + b.h() <= a.y() + 1e-9;
                assertTrue(apart, a + " overlaps " + b);
            }
        }
    }

    @Test
    void slideFeaturesTheGeometryWithCurvesStackedBeside() {
        PageSize s = PageSize.SLIDE_16_9;
        Theme t = ExportSpec.of(s).scaledTheme();
        List<FigureComposer.Placement> ps = new FigureComposer(t, FigureComposer.Layout.AUTO, "")
                .layout(List.of(GEO, KL, R, LL), s.width(), s.height());
        assertEquals(4, ps.size());
        assertTiled(ps, s.width(), s.height());
        FigureComposer.Placement g = ps.get(0);
        assertEquals(GEO, g.panel());
        for (FigureComposer.Placement p : ps.subList(1, 4)) {
            assertTrue(p.x() > g.x() + g.w(), "curves to the right of the geometry");
            assertEquals(ps.get(1).x(), p.x(), 1e-9, "one column");
            assertTrue(g.w() * g.h() > p.w() * p.h(), "the geometry is the largest panel");
        }
        // the panel with notes under its plot is taller than the plain ones
        assertTrue(ps.get(1).h() > ps.get(2).h());
        assertEquals(ps.get(2).h(), ps.get(3).h(), 1e-9);
    }

    @Test
    void smallPagesFallBackToAGridWithoutEmptyRows() {
        PageSize s = PageSize.DOUBLE;
        List<FigureComposer.Placement> ps = new FigureComposer(ExportSpec.of(s).scaledTheme(), FigureComposer.Layout.AUTO,
                "").layout(List.of(GEO, KL, R, LL), s.width(), s.height());
        assertTiled(ps, s.width(), s.height());
        long columns = ps.stream().mapToDouble(FigureComposer.Placement::x).distinct().count();
        long rows = ps.stream().mapToDouble(FigureComposer.Placement::y).distinct().count();
        assertEquals(2, columns);
        assertEquals(2, rows);
    }

    @Test
    void rowColumnAndSinglePanelLayouts() {
        Theme t = Theme.LIGHT;
        List<FigureComposer.Placement> row = new FigureComposer(t, FigureComposer.Layout.ROW, "")
                .layout(List.of(KL, R, LL), 900, 300);
        assertTiled(row, 900, 300);
        assertEquals(1, row.stream().mapToDouble(FigureComposer.Placement::y).distinct().count());
        List<FigureComposer.Placement> col = new FigureComposer(t, FigureComposer.Layout.COLUMN, "Title")
                .layout(List.of(KL, R), 300, 600);
        assertTiled(col, 300, 600);
        assertTrue(col.get(0).y() > FigureComposer.MARGIN + 5, "room for the title");
        List<FigureComposer.Placement> one = new FigureComposer(t, FigureComposer.Layout.AUTO, "")
                .layout(List.of(R), 400, 300);
        assertEquals(400 - 2 * FigureComposer.MARGIN, one.get(0).w(), 1e-9);
    }

    @Test
    void sizesParseAndRejectNonsenseWithAMessage() {
        assertEquals(PageSize.SLIDE_16_9, PageSize.parse("16:9"));
        assertEquals(PageSize.COLUMN, PageSize.parse("Column"));
        PageSize c = PageSize.parse("800x600");
        assertEquals(800, c.width());
        assertEquals(600, c.height());
        assertEquals(252, PageSize.COLUMN.width(), "3.5 in");
        assertEquals(504, PageSize.DOUBLE.width(), "7 in");
        ValidationException e = assertThrows(ValidationException.class, () -> PageSize.parse("huge"));
        assertTrue(e.getMessage().contains("16:9, 4:3, column, double or WxH"), e.getMessage());
        e = assertThrows(ValidationException.class, () -> PageSize.parse("10x10"));
        assertTrue(e.getMessage().contains("between 72 and 7200"), e.getMessage());
        for (String bad : new String[] {"1dx100", "100x1f", "0x10x100", "x100", "100x", "1e400x100", "NaNx100"}) {
            e = assertThrows(ValidationException.class, () -> PageSize.parse(bad), bad);
            assertTrue(e.getMessage().contains("WxH"), e.getMessage());
        }
        assertEquals(1000, PageSize.parse("1e3x500").width(), "the one number syntax");
        e = assertThrows(ValidationException.class, () -> ExportSpec.of(PageSize.COLUMN).withScale(16));
        assertTrue(e.getMessage().contains("scale must be in [1, 8]"), e.getMessage());
    }

    @Test
    void anImageTooLargeForMemoryIsRefusedWithTheLimitBeforeItIsDrawn() {
        ExportSpec huge = ExportSpec.of(PageSize.custom(7200, 7200)).withScale(6);
        ValidationException e = assertThrows(ValidationException.class, () -> FigureWriter.render(List.of(), huge));
        assertTrue(e.getMessage().contains("43200 × 43200 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the limit of"), e.getMessage());
        ExportSpec slide8x = ExportSpec.of(PageSize.SLIDE_16_9).withScale(8);
        assertEquals(7680L * 4320, slide8x.pixels());
        assertTrue(slide8x.pixels() <= ExportSpec.MAX_PIXELS);
    }

    @Test
    void exportTextSizesDoNotDependOnTheTheme() {
        ExportSpec light = ExportSpec.of(PageSize.SLIDE_16_9);
        ExportSpec dark = light.withTheme(Theme.PROJECTOR);
        assertEquals(Theme.LIGHT.fontSize() * 1.4, light.scaledTheme().fontSize(), 1e-12);
        assertEquals(light.scaledTheme().fontSize(), dark.scaledTheme().fontSize(), 1e-12);
        assertEquals(Theme.PROJECTOR.lineScale(), dark.scaledTheme().lineScale(), 1e-12, "thick projector lines kept");
        assertTrue(ExportSpec.of(PageSize.COLUMN).scaledTheme().lineScale() < 1, "thinner lines in a journal column");
    }
}
