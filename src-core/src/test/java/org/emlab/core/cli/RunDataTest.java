package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./emlab run LAB --data FILE --set columns=...}: the CLI contract on user data. */
class RunDataTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void gmmOnAUserFileWithPickedColumns() throws IOException {
        Path csv = dir.resolve("geyser.csv");
        Files.writeString(csv, "\uFEFFid;eruptions;waiting\r\n1;3,6;79\r\n2;1,8;54\r\n3;3,333;74\r\n4;2,283;62\r\n"
                + "5;4,533;85\r\n6;2,883;55\r\n7;4,7;88\r\n8;3,6;85\r\n9;1,95;51\r\n10;4,35;85\r\n");
        Path out = dir.resolve("traj.csv");
        Result r = run("run", "gmm", "--data", csv.toString(), "--set", "columns=eruptions,waiting", "--set", "k=2",
                "--iterations", "7", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 8, lines.size()); // header, then iterations 0..7
        assertTrue(lines.get(0).startsWith("iter,loglik,bic,aic,pi_1,pi_2,mu_1_1,mu_1_2"), lines.get(0));
        assertTrue(lines.get(1).startsWith("0,"));
    }

    @Test
    void mlrOnAShippedDataSetByName() throws IOException {
        Path out = dir.resolve("t.csv");
        Result r = run("run", "mlr", "--data", "tonedata", "--set", "x_columns=stretchratio", "--set", "y_column=tuned",
                "--iterations", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("iter,loglik,pi_1,pi_2,beta_1_0,beta_1_1,beta_2_0,beta_2_1,sigma_1,sigma_2",
                Files.readAllLines(out).get(0));
    }

    @Test
    void badDataExitsTwoWithOneLineNamingTheProblem() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b\n1,2\n3,x\n");
        Path out = dir.resolve("o.csv");
        Result bad = run("run", "gmm", "--data", csv.toString(), "--out", out.toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("bad.csv line 3, column 2"), bad.err());
        Result col = run("run", "gmm", "--data", "faithful", "--set", "columns=speed", "--out", out.toString());
        assertEquals(2, col.code());
        assertTrue(col.err().contains("no column \"speed\""), col.err());
        Result lab = run("run", "gmm-overparam", "--data", "faithful", "--out", out.toString());
        assertEquals(2, lab.code());
        assertTrue(lab.err().contains("takes no --data"), lab.err());
        Result missing = run("run", "gmm", "--data", dir.resolve("nope.csv").toString(), "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
