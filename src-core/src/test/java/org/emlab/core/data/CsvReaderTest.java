package org.emlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

/** The CSV reader on hand-written files: accepted dialects, and rejections that name line and column. */
class CsvReaderTest {

    private static DataTable parse(String text) {
        return CsvReader.parse(text, "t.csv", CsvReader.Header.AUTO);
    }

    private static String rejection(String text) {
        ValidationException e = assertThrows(ValidationException.class, () -> parse(text));
        assertEquals("data", e.errors().get(0).field());
        return e.getMessage();
    }

    @Test
    void readsHeaderAndCommaSeparatedNumbers() {
        DataTable t = parse("a,b\n1,2\n3.5,-4e-1\n");
        assertEquals(List.of("a", "b"), t.names());
        assertTrue(t.header());
        assertEquals(2, t.rows());
        assertArrayEquals(new double[] {1, 2, 3.5, -0.4}, t.values());
    }

    @Test
    void namesColumnsWhenThereIsNoHeader() {
        DataTable t = parse("1,2\n3,4\n");
        assertFalse(t.header());
        assertEquals(List.of("x_1", "x_2"), t.names());
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.values());
    }

    @Test
    void forcedHeaderTakesANumericFirstRowAsNames() {
        DataTable t = CsvReader.parse("1990,1991\n3,4\n5,6\n", "t.csv", CsvReader.Header.YES);
        assertEquals(List.of("1990", "1991"), t.names());
        assertEquals(2, t.rows());
    }

    @Test
    void detectsSemicolonAndTabAndDecimalComma() {
        DataTable s = parse("x;y\n1,5;2\n3;4,25\n");
        assertArrayEquals(new double[] {1.5, 2, 3, 4.25}, s.values());
        DataTable t = parse("x\ty\n1\t2\n3\t4\n");
        assertEquals(List.of("x", "y"), t.names());
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.values());
    }

    @Test
    void handlesQuotesBomCrlfBlankLinesCommentsAndNoTrailingNewline() {
        String text = "\uFEFF# exported by EM Lab\r\n\"first, name\",\"say \"\"hi\"\"\",\"multi\nline\"\r\n\r\n"
                + "\"1\",2,3\r\n   \r\n4, 5 ,6";
        DataTable t = parse(text);
        // a line break inside a quoted column name becomes a space (names go into figures and files)
        assertEquals(List.of("first, name", "say \"hi\"", "multi line"), t.names());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.values());
    }

    @Test
    void readsUtf8Bytes() {
        DataTable t = CsvReader.parse("größe,wert\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8), "u.csv",
                CsvReader.Header.AUTO);
        assertEquals("größe", t.names().get(0));
    }

    @Test
    void rejectsANonNumericCellNamingLineAndColumn() {
        String m = rejection("a,b\n1,2\n3,x7\n");
        assertTrue(m.contains("line 3") && m.contains("column 2") && m.contains("\"b\"") && m.contains("x7"), m);
    }

    @Test
    void lineNumbersCountBlankCommentAndQuotedLines() {
        String m = rejection("a,b\n\n# c\n\"1\n\",2\n3,oops\n");
        assertTrue(m.contains("line 6") && m.contains("column 2"), m);
    }

    @Test
    void rejectsMissingAndNonFiniteValues() {
        assertTrue(rejection("a,b\n1,2\nNaN,3\n").contains("missing value"));
        assertTrue(rejection("a,b\n1,2\nNA,3\n").contains("line 3, column 1"));
        assertTrue(rejection("a,b\n1,2\n-inf,3\n").contains("not a finite number"));
        assertTrue(rejection("a,b\n1,2\n1e999,3\n").contains("not a finite number"));
        assertTrue(rejection("a,b\n1,2\n,3\n").contains("is empty"));
    }

    @Test
    void rejectsRaggedRows() {
        String m = rejection("a,b\n1,2\n3,4,5\n");
        assertTrue(m.contains("line 3 has 3 fields") && m.contains("line 1 has 2"), m);
    }

    @Test
    void rejectsEmptyFilesHeaderOnlyAndSingleRows() {
        assertTrue(rejection("").contains("empty"));
        assertTrue(rejection("\n\n  \n").contains("empty"));
        assertTrue(rejection("a,b\n").contains("no rows of numbers"));
        assertTrue(rejection("a,b\n1,2\n").contains("only one row"));
    }

    @Test
    void rejectsDuplicateNamesAndUnclosedQuotes() {
        assertTrue(rejection("a,a\n1,2\n3,4\n").contains("appears twice"));
        assertTrue(rejection("a,b\n\"1,2\n3,4\n").contains("never closed"));
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] bytes = {'a', ',', 'b', '\n', (byte) 0xFF, (byte) 0xFE, ',', '1', '\n'};
        ValidationException e = assertThrows(ValidationException.class,
                () -> CsvReader.parse(bytes, "x.xls", CsvReader.Header.AUTO));
        assertTrue(e.getMessage().contains("not UTF-8"));
    }

    @Test
    void loadsTheShippedDataSetsByName() {
        DataTable f = DataSources.load("faithful");
        assertEquals(List.of("eruptions", "waiting"), f.names());
        assertEquals(272, f.rows());
        // first and last rows of R's faithful
        assertArrayEquals(new double[] {3.6, 79}, new double[] {f.value(0, 0), f.value(0, 1)});
        assertArrayEquals(new double[] {4.467, 74}, new double[] {f.value(271, 0), f.value(271, 1)});
        DataTable t = DataSources.load("tonedata.csv");
        assertEquals(List.of("stretchratio", "tuned"), t.names());
        assertEquals(150, t.rows());
        assertTrue(assertThrows(ValidationException.class, () -> DataSources.load("no-such-data")).getMessage()
                .contains("no such file"));
    }
}
