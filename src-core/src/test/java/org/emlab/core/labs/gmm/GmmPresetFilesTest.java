package org.emlab.core.labs.gmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.Lab;

/** The shipped presets of the labs gmm-overparam, gmm and mlr: well-formed, valid, and runnable with their contrast. */
class GmmPresetFilesTest {
    private static final Set<String> KEYS = Set.of("version", "name", "title", "lab", "description", "params", "iterations",
            "compare");

    @ParameterizedTest
    @ValueSource(strings = {"gmm-overparam-pentagon", "gmm-overparam-triangle", "gmm-faithful-k2", "gmm-faithful-k3",
        "mlr-tonedata"})
    void presetIsValidAndRuns(String name) throws IOException {
        JsonNode root;
        String file = org.emlab.core.preset.Presets.index().stream().filter(f -> f.endsWith("/" + name + ".json"))
                .findFirst().orElseThrow();
        try (InputStream in = getClass().getResourceAsStream("/org/emlab/presets/" + file)) {
            root = new ObjectMapper().readTree(in);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertTrue(KEYS.contains(key), "unexpected key " + key);
        }
        assertEquals(1, root.get("version").asInt());
        assertEquals(name, root.get("name").asText());
        assertFalse(root.get("title").asText().isBlank());
        assertTrue(root.get("description").asText().length() > 40);
        Lab lab = LabRegistry.get(root.get("lab").asText());
        ParamValues p = lab.defaults();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().isTextual(), "params are text, as on the CLI: " + e.getKey());
            p = p.with(e.getKey(), e.getValue().asText());
        }
        lab.validate(p);
        lab.start(p, null).engine().step();
        JsonNode compare = root.get("compare");
        ParamValues q = p.with(compare.get("param").asText(), compare.get("value").asText());
        lab.validate(q);
        lab.start(q, null).engine().step();
    }
}
