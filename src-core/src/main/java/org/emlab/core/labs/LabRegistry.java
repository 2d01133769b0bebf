package org.emlab.core.labs;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.labs.clustered.MlrClusteredLab;
import org.emlab.core.labs.recursive.MlrRecursiveLab;
import org.emlab.core.labs.mlr.MlrLab;
import org.emlab.core.labs.overparam.GmmOverparamLab;
import org.emlab.core.labs.gmm.GmmLab;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.labs.overspec.MlrOverspecLab;
import org.emlab.core.lab.Lab;

/** Every lab, in the order of the catalogue in MODELS.md. */
public final class LabRegistry {
    private static final List<Lab> LABS = List.of(new MlrOverspecLab(), new MlrClusteredLab(), new GmmSimplexLab(),
            new MlrRecursiveLab(), new GmmOverparamLab(), new GmmLab(), new MlrLab());

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
