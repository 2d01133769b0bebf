package org.emlab.core.lab;

import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/** A run of a test lab: no data, the given engine, an empty figure with the given title. */
public final class TestRuns {
    private TestRuns() {
    }

    public static LabRun of(Lab lab, ParamValues params, StepEngine engine, String figureTitle) {
        return new LabRun() {
            @Override
            public Lab lab() {
                return lab;
            }

            @Override
            public ParamValues params() {
                return params;
            }

            @Override
            public Dataset data() {
                return null;
            }

            @Override
            public StepEngine engine() {
                return engine;
            }

            @Override
            public Figure figure(History history, int cursor, Map<String, String> view) {
                return new Figure(figureTitle, List.of());
            }
        };
    }
}
