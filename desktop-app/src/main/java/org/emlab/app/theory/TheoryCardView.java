package org.emlab.app.theory;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.TheoryCard;

/**
 * The lab's theory card beside the geometry (T): the claim in two sentences, the key formula, what
 * each view shows, what to look for, and the paper with its arXiv id. Read from the lab's
 * documentation ({@link TheoryCard}); the same text in the window, in lecture mode (larger) and in
 * {@code docs/labs/}.
 */
public final class TheoryCardView extends ScrollPane {
    private final VBox box = new VBox(8);
    private final Label title = new Label();
    private final Label claim = new Label();
    private final Label formula = new Label();
    private final Label views = new Label();
    private final Label lookFor = new Label();
    private final Label paper = new Label();

    public TheoryCardView() {
        setId("theory-card");
        getStyleClass().add("theory-card");
        title.getStyleClass().add("theory-title");
        formula.getStyleClass().add("theory-formula");
        paper.getStyleClass().add("theory-paper");
        for (Label l : new Label[] {title, claim, formula, views, lookFor, paper}) {
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        box.getChildren().addAll(title, claim, formula, views, lookFor, paper);
        box.setPadding(new Insets(10, 12, 10, 12));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setPrefWidth(340);
        setMinWidth(240);
    }

    /** Shows {@code lab}'s card. */
    public void show(Lab lab) {
        TheoryCard c = lab.theory();
        title.setText(lab.title());
        claim.setText(c.claim());
        formula.setText(c.formula());
        StringBuilder v = new StringBuilder("What the views show:");
        for (String s : c.views()) {
            v.append("\n• ").append(s);
        }
        views.setText(c.views().isEmpty() ? "" : v.toString());
        lookFor.setText(c.lookFor().isEmpty() ? "" : "What to look for: " + c.lookFor());
        paper.setText(c.paper());
    }

    /** The text shown (for tests). */
    public String text() {
        return String.join("\n", title.getText(), claim.getText(), formula.getText(), views.getText(), lookFor.getText(),
                paper.getText());
    }
}
