package org.emlab.core.labs;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.clustered.MlrClusteredLab;
import org.emlab.core.labs.gmm.GmmLab;
import org.emlab.core.labs.mlr.MlrLab;
import org.emlab.core.labs.overparam.GmmOverparamLab;
import org.emlab.core.labs.overspec.MlrOverspecLab;
import org.emlab.core.labs.recursive.MlrRecursiveLab;
import org.emlab.core.labs.simplex.GmmSimplexLab;

/**
 * Every lab, in catalogue order (docs/labs/README.md). Registering a lab is one line here; everything
 * else about it lives in its package (see docs/adding-a-lab.md).
 */
public final class LabRegistry {
    private static final List<Lab> LABS = List.of(
            new MlrOverspecLab(),
            new MlrClusteredLab(),
            new GmmSimplexLab(),
            new MlrRecursiveLab(),
            new GmmOverparamLab(),
            new GmmLab(),
            new MlrLab());

    /** The lab the window opens with when none is asked for. */
    public static final String DEFAULT_LAB = GmmSimplexLab.ID;

    private LabRegistry() {
    }

    /** All labs. */
    public static List<Lab> all() {
        return LABS;
    }

    /** The lab with this id, or an exception listing the valid ids. */
    public static Lab get(String id) {
        for (Lab l : LABS) {
            if (l.id().equals(id)) {
                return l;
            }
        }
        List<String> ids = new ArrayList<>();
        for (Lab l : LABS) {
            ids.add(l.id());
        }
        throw new IllegalArgumentException("unknown lab " + org.emlab.core.text.Snippet.quoted(id) + "; choose one of: " + String.join(", ", ids));
    }
}
