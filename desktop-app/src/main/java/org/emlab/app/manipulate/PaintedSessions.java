package org.emlab.app.manipulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.Roles;
import org.emlab.core.session.Session;

/**
 * A session whose run uses painted data is saved with its data: the painted CSV is copied beside the
 * session file ({@code <session>-data.csv}) and the session's {@code data} parameter names that copy, so
 * the session reproduces the run on another machine or after the configuration folder was cleaned.
 */
public final class PaintedSessions {
    private PaintedSessions() {
    }

    /** The sibling data file of a session file: {@code name.emlab.json} → {@code name-data.csv}. */
    public static Path sibling(Path sessionFile) {
        String n = sessionFile.getFileName().toString();
        int cut = n.indexOf('.');
        String stem = cut > 0 ? n.substring(0, cut) : n;
        return sessionFile.resolveSibling(stem + "-data.csv").toAbsolutePath();
    }

    /**
     * {@code s} ready to be written to {@code sessionFile}: when its data source is a painted data set, the
     * CSV is copied to {@link #sibling} and the session names the copy; otherwise {@code s} itself.
     */
    public static Session withSiblingData(Session s, Path sessionFile) throws IOException {
        Lab lab;
        try {
            lab = s.labObject();
        } catch (IllegalArgumentException e) {
            return s;
        }
        for (ParamSpec spec : Roles.withRole(lab.parameters(), ParamRole.DataSource.class)) {
            String source = s.params().get(spec.name());
            if (PaintModel.isPainted(source)) {
                Path copy = sibling(sessionFile);
                Files.copy(Path.of(source.strip()), copy, StandardCopyOption.REPLACE_EXISTING);
                Map<String, String> params = new LinkedHashMap<>(s.params());
                params.put(spec.name(), copy.toString());
                return new Session(s.format(), s.version(), s.app(), s.lab(), params, s.iteration(), s.view());
            }
        }
        return s;
    }
}
