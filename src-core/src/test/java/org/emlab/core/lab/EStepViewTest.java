package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pressing E (the E half-step) shows the E-step on the geometry of every lab that has one: responsibilities or posteriors. */
class EStepViewTest {
    static Stream<ParamValues[]> cases() {
        List<ParamValues[]> out = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            out.add(new ParamValues[] {lab.defaults()});
            if (lab.defaults().has("population")) {
                out.add(new ParamValues[] {lab.defaults().with("population", "true")});
            }
        }
        return out.stream();
    }

    private static String labOf(ParamValues p) {
        for (Lab lab : LabRegistry.all()) {
            if (lab.parameters().equals(p.specs())) {
                return lab.id();
            }
        }
        throw new AssertionError();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theGeometryShowsWhatTheEStepComputed(ParamValues p) {
        Lab lab = LabRegistry.get(labOf(p));
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        History h = HeadlessRun.run(run, 2);
        e.halfStep();
        if (e.phase() != StepEngine.Phase.AFTER_E) {
            return; // no separate E-step (an online estimator, a population map computed in one go)
        }
        Figure f = run.figure(h, h.size() - 1, HeadlessRun.defaultView(lab, p));
        Panel g = f.panels(Panel.Kind.GEOMETRY).get(0);
        boolean shown = false;
        for (Layer l : g.layers()) {
            String name = l.name() == null ? "" : l.name().toLowerCase(java.util.Locale.ROOT);
            shown |= name.contains("e-step") || name.contains("responsib") || name.contains("posterior");
            shown |= l instanceof Layer.Points pt && pt.colors() != null;
        }
        shown |= g.title().toLowerCase(java.util.Locale.ROOT).contains("posterior");
        assertTrue(shown, lab.id() + " (" + p.describe() + "): the E-step changes nothing on the geometry "
                + g.title() + " " + g.layers().stream().map(Layer::name).toList());
    }
}
