package org.emlab.core.figure;

import java.util.ArrayList;
import java.util.List;

/** The panels of one lab state: what the window shows and what exports compose. */
public record Figure(String title, List<Panel> panels) {
    public Figure {
        panels = List.copyOf(panels);
    }

    /** The panel with this id, or null. */
    public Panel panel(String id) {
        for (Panel p : panels) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** Panels of one kind, in order. */
    public List<Panel> panels(Panel.Kind kind) {
        List<Panel> out = new ArrayList<>();
        for (Panel p : panels) {
            if (p.kind() == kind) {
                out.add(p);
            }
        }
        return out;
    }
}
