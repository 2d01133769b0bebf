package org.emlab.core.lab;

import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.param.ParamValues;

/**
 * The accessors every lab's run shares: the lab, its parameters, the sample (null in population
 * mode) and the engine, typed so that a run's figure code can use its own lab's and engine's API.
 *
 * @param <L> the lab
 * @param <E> the engine
 */
public abstract class BaseRun<L extends Lab, E extends StepEngine> implements LabRun {
    protected final L lab;
    protected final ParamValues params;
    protected final Dataset data;
    protected final E engine;

    protected BaseRun(L lab, ParamValues params, Dataset data, E engine) {
        this.lab = lab;
        this.params = params;
        this.data = data;
        this.engine = engine;
    }

    @Override
    public final Lab lab() {
        return lab;
    }

    @Override
    public final ParamValues params() {
        return params;
    }

    @Override
    public final Dataset data() {
        return data;
    }

    @Override
    public StepEngine engine() {
        return engine;
    }
}
