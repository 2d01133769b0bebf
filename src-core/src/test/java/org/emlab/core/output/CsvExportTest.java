package org.emlab.core.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.emlab.core.io.CsvWriter;

/** CSV exports read back to exactly the same doubles, under header lines naming the run. */
class CsvExportTest {

    /** A minimal RFC 4180 reader: comment lines (#) apart, header, then cells (quoted or not). */
    record Csv(List<String> comments, List<String> header, List<List<String>> rows) {
        static Csv parse(String text) {
            List<String> comments = new ArrayList<>();
            List<List<String>> records = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("# ") && records.isEmpty()) {
                    comments.add(line.substring(2));
                    continue;
                }
                List<String> cells = new ArrayList<>();
                StringBuilder cell = new StringBuilder();
                boolean quoted = false;
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (quoted) {
                        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else if (c == '"') {
                            quoted = false;
                        } else {
                            cell.append(c);
                        }
                    } else if (c == '"') {
                        quoted = true;
                    } else if (c == ',') {
                        cells.add(cell.toString());
                        cell.setLength(0);
                    } else {
                        cell.append(c);
                    }
                }
                cells.add(cell.toString());
                records.add(cells);
            }
            return new Csv(comments, records.get(0), records.subList(1, records.size()));
        }
    }

    private static LabRun run(String... sets) {
        Lab lab = LabRegistry.get("gmm-simplex");
        var p = lab.defaults().with("n", "400").with("seed", "11");
        for (int i = 0; i < sets.length; i += 2) {
            p = p.with(sets[i], sets[i + 1]);
        }
        return lab.start(p, null);
    }

    @Test
    void trajectoryRoundTripsEveryIterateExactly(@TempDir Path dir) throws Exception {
        LabRun r = run();
        History h = HeadlessRun.run(r, 25);
        Path f = dir.resolve("traj.csv");
        TrajectoryCsv.write(f, TrajectoryCsv.Table.of(r, h));
        Csv csv = Csv.parse(Files.readString(f));
        assertTrue(csv.comments().stream().anyMatch(c -> c.equals("seed: 11")), csv.comments().toString());
        assertTrue(csv.comments().stream().anyMatch(c -> c.startsWith("params: ") && c.contains("n=400")
                && c.contains("weights=0.5,0.3,0.2")), csv.comments().toString());
        assertTrue(csv.comments().stream().anyMatch(c -> c.startsWith("reproduce: ./emlab run gmm-simplex")));
        assertEquals("iter", csv.header().get(0));
        assertEquals(h.columns(), csv.header().subList(1, csv.header().size()));
        assertEquals(26, csv.rows().size());
        for (int i = 0; i < h.size(); i++) {
            List<String> row = csv.rows().get(i);
            assertEquals(h.iteration(i), Integer.parseInt(row.get(0)));
            double[] back = new double[row.size() - 1];
            for (int c = 1; c < row.size(); c++) {
                back[c - 1] = Double.parseDouble(row.get(c));
            }
            for (int c = 0; c < back.length; c++) {
                assertEquals(Double.doubleToRawLongBits(h.row(i)[c]), Double.doubleToRawLongBits(back[c]),
                        "row " + i + " column " + h.columns().get(c));
            }
        }
    }

    @Test
    void curvesRoundTripWithTheirPanelAndSeriesNames() throws Exception {
        LabRun r = run("population", "true");
        History h = HeadlessRun.run(r, 40);
        Figure fig = HeadlessRun.figure(r, h, Map.of());
        List<Panel> curves = fig.panels(Panel.Kind.CURVE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CurveCsv.write(out, curves, RunHeader.lines("curves", r.lab(), r.params(), 40));
        Csv csv = Csv.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(CurveCsv.HEADER, csv.header());
        assertTrue(csv.comments().contains("seed: 11"), csv.comments().toString());
        int at = 0;
        int series = 0;
        for (Panel p : curves) {
            for (int i = 0; i < p.layers().size(); i++) {
                Layer l = p.layers().get(i);
                if (!(l instanceof Layer.Line ln) || CurveCsv.isCursorMarker(l)) {
                    continue;
                }
                series++;
                String name = ln.name() == null ? "layer-" + i : ln.name();
                double[] x = new double[ln.size()];
                double[] y = new double[ln.size()];
                for (int k = 0; k < ln.size(); k++) {
                    List<String> row = csv.rows().get(at++);
                    assertEquals(p.id(), row.get(0));
                    assertEquals(name, row.get(1));
                    x[k] = Double.parseDouble(row.get(2));
                    y[k] = Double.parseDouble(row.get(3));
                }
                assertArrayEquals(ln.x(), x, 0.0, p.id() + " " + name);
                assertArrayEquals(ln.y(), y, 0.0, p.id() + " " + name);
            }
        }
        assertEquals(csv.rows().size(), at, "nothing else in the file");
        assertTrue(series >= 4);
        // a series name with commas is quoted and comes back whole
        assertTrue(csv.rows().stream().anyMatch(row -> row.get(1).equals("KL(N(0,I) ‖ fit)")));
    }

    @Test
    void numbersKeepEveryBit() {
        double[] tricky = {0.1 + 0.2, -0.0, 1e-300, 4.9e-324, Double.MAX_VALUE, 3.0, -2.5e15, 1.0 / 3};
        for (double v : tricky) {
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(CsvWriter.number(v))),
                    CsvWriter.number(v));
        }
    }
}
