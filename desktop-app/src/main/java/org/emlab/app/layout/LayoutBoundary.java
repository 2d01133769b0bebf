package org.emlab.app.layout;

import javafx.scene.layout.Region;

/**
 * Holds one region as a layout root, so that what changes inside it at every frame (the iteration
 * counter, the caption, the status text) lays out that region alone instead of the whole window.
 *
 * <p>JavaFX passes a node's request for layout up to its parent unless the node is unmanaged; a
 * label whose text changes therefore made every ancestor up to the scene's root lay itself out again,
 * measuring the text of every label on the way, at every frame of a playing run. Here the child is
 * unmanaged: the boundary sizes it to its own bounds, and reports the child's preferred and minimum
 * sizes as its own. After each layout pass it compares the child's preferred height with the height
 * it has (a theme or font change, a second line), and only if they differ asks its own parent for
 * layout, for the next pulse: a change of text in a line of fixed height stops here. (A change of the
 * child's minimum or preferred width alone is not passed on: the lines it holds keep theirs.)
 */
public final class LayoutBoundary extends Region {
    private final Region child;
    /** The child's preferred height when the boundary last laid it out (−1 before). */
    private double heightAtLayout = -1;
    /** After a layout pass: a new preferred height of the child goes to the parent, at the next pulse. */
    private final Runnable check = () -> {
        if (heightChanged()) {
            requestLayout();
        }
    };

    public LayoutBoundary(Region child) {
        this.child = child;
        child.setManaged(false);
        getChildren().add(child);
        // after every layout pass of the scene: a child whose preferred height changed (a theme or font
        // change) gets its new height from the parent at the next pulse. Checking when the child asks
        // for layout was too early: a label asks before its skin has the new font's metrics.
        sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(check);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(check);
            }
        });
    }

    /** The region inside. */
    public Region child() {
        return child;
    }

    /**
     * The child's preferred height for the boundary's width ({@code -1}, which the child caches until
     * it asks for layout, when it has no content bias).
     */
    private double childHeight(double width) {
        return child.prefHeight(child.getContentBias() == null ? -1 : width);
    }

    /**
     * Whether the child's preferred height differs from the one it had at the last layout. Compared
     * with that, not with the height the parent gave (which may be less in a small window): otherwise
     * every pulse would ask for layout again.
     */
    private boolean heightChanged() {
        return heightAtLayout >= 0 && Math.abs(childHeight(getWidth()) - heightAtLayout) > 0.5;
    }

    @Override
    protected double computePrefWidth(double height) {
        return child.prefWidth(height);
    }

    @Override
    protected double computePrefHeight(double width) {
        return child.prefHeight(width);
    }

    @Override
    protected double computeMinWidth(double height) {
        return child.minWidth(height);
    }

    @Override
    protected double computeMinHeight(double width) {
        return child.minHeight(width);
    }

    @Override
    protected void layoutChildren() {
        child.resizeRelocate(0, 0, getWidth(), getHeight());
        heightAtLayout = childHeight(getWidth());
    }
}
