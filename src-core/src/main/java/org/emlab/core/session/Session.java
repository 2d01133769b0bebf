package org.emlab.core.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;
import org.emlab.core.io.AppVersion;

/**
 * Everything needed to reproduce what the window showed: the lab, every parameter (with the seed),
 * the iteration shown, and the view settings. Opening a session starts the same run (same data,
 * same iterates, bit for bit) and steps it to the same iteration. Read and written by {@link Sessions}.
 *
 * @param format    always {@link Sessions#FORMAT}
 * @param version   format version ({@link Sessions#VERSION})
 * @param app       the EM Lab version that saved it
 * @param lab       the lab id
 * @param params    every parameter as text (what {@code --set} takes), including {@code seed}
 * @param iteration the iteration shown when saved
 * @param view      the view settings
 */
public record Session(String format, int version, String app, String lab, Map<String, String> params, int iteration,
                      View view) {

    /**
     * How the run was shown.
     *
     * @param options the lab's view options (for example {@code projection = x1–x3})
     * @param logAxes per curve panel id: log (true) or linear scale of its x and y axes, as toggled
     * @param theme   "light" or "projector"
     * @param lecture true in lecture mode
     */
    public record View(Map<String, String> options, Map<String, LogAxes> logAxes, String theme, boolean lecture) {
        public View {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            logAxes = Collections.unmodifiableMap(new LinkedHashMap<>(logAxes));
        }

        /** Default options, axes as the panels define them, light theme, no lecture mode. */
        public static View plain() {
            return new View(Map.of(), Map.of(), "light", false);
        }
    }

    /** Log or linear scale of a curve panel's axes. */
    public record LogAxes(boolean x, boolean y) {
    }

    public Session {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A session of the current version for a run of {@code lab} with {@code p}. */
    public static Session of(Lab lab, ParamValues p, int iteration, View view) {
        return new Session(Sessions.FORMAT, Sessions.VERSION, AppVersion.get(), lab.id(), p.asText(), iteration, view);
    }

    /** The lab. */
    public Lab labObject() {
        return LabRegistry.get(lab);
    }

    /**
     * The text of the run's seed (the parameter with the role {@link org.emlab.core.param.ParamRole.Seed}),
     * or empty when the lab is unknown or the session does not set it.
     */
    public Optional<String> seed() {
        Lab l;
        try {
            l = labObject();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Roles.seed(l.parameters()).map(s -> params.get(s.name()));
    }

    /** The parameters, range-checked and validated by the lab. */
    public ParamValues values() {
        Lab l = labObject();
        // a session saved before a parameter existed leaves it out: its probability vectors get the fill for k
        ParamValues p = org.emlab.core.param.Roles.repairUnset(l.defaults().withAll(params), params.keySet());
        l.validate(p);
        return p;
    }
}
