package org.emlab.app.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The remembered text widths of {@link FxCanvas2D} against a fresh JavaFX {@link Text} measure of the
 * same string and font: the same widths for labels the painter draws (ticks, legends, notes with
 * math symbols), in normal and bold and in two sizes, before and after the cache has forgotten them.
 */
@ExtendWith(ApplicationExtension.class)
class FxCanvas2DTextWidthTest {
    private static final String[] TEXTS = {"0", "−0.5", "10³", "iteration 241", "‖β_t‖", "π₁ = 0.6031", "fitted tail",
        "KL(N(0,I) ‖ fit)", "", "1σ and 2σ ellipses"};

    @Start
    void start(Stage stage) {
        // the extension starts the toolkit
    }

    private static double fresh(Font f, String s) {
        Text t = new Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }

    @Test
    void rememberedWidthsAreThoseOfAFreshMeasure() {
        Font[] fonts = {Font.font(FxCanvas2D.FONT_FAMILY, 11), Font.font(FxCanvas2D.FONT_FAMILY, FontWeight.BOLD, 11),
            Font.font(FxCanvas2D.FONT_FAMILY, 20)};
        for (int round = 0; round < 2; round++) {
            for (Font f : fonts) {
                for (String s : TEXTS) {
                    assertEquals(fresh(f, s), FxCanvas2D.width(f, s), 0.0, f + " \"" + s + "\"");
                }
            }
        }
        // more strings than the cache keeps: the first ones are measured again, and still right
        Font f = fonts[0];
        for (int i = 0; i < FxCanvas2D.WIDTHS_KEPT + 10; i++) {
            FxCanvas2D.width(f, Integer.toString(i));
        }
        for (String s : TEXTS) {
            assertEquals(fresh(f, s), FxCanvas2D.width(f, s), 0.0, "\"" + s + "\" after eviction");
        }
        assertEquals(fresh(f, "0"), FxCanvas2D.width(f, "0"), 0.0);
        // bold and normal differ, so the key holds the weight
        assertEquals(true, FxCanvas2D.width(fonts[1], "iteration 241") > FxCanvas2D.width(fonts[0], "iteration 241"));
    }
}
