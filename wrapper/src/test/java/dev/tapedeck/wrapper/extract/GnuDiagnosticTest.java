package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tapedeck.store.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real output of gcc 12, clang 14, mypy, flake8, ruff, pycodestyle, go 1.19 and javac 17, made for these tests. */
class GnuDiagnosticTest {

    static List<Extraction> events(String output) {
        return ExtractionRun.of(output.getBytes(StandardCharsets.UTF_8)).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    @Test
    void gccDiagnosticsAreOneEventEachWithTheirExcerptNotesAndContextAbsorbed() {
        String gcc = """
                main.c: In function ‘main’:
                main.c:6:13: error: ‘y’ undeclared (first use in this function)
                    6 |     int x = y;
                      |             ^
                main.c:6:13: note: each undeclared identifier is reported only once for each function it appears in
                main.c:9:14: warning: format ‘%d’ expects argument of type ‘int’, but argument 2 has type ‘char *’ [-Wformat=]
                    9 |     printf("%d\\n", "str");
                      |             ~^     ~~~~~
                      |              |     |
                      |              int   char *
                      |             %s
                main.c: At top level:
                main.c:4:12: warning: ‘unused_fn’ defined but not used [-Wunused-function]
                    4 | static int unused_fn(void) { return 1; }
                      |            ^~~~~~~~~
                In file included from inc.c:1:
                inc.c:2:10: fatal error: nonexistent.h: No such file or directory
                    2 | #include <nonexistent.h>
                      |          ^~~~~~~~~~~~~~~
                compilation terminated.
                """;
        assertThat(events(gcc)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(
                        tuple(2L, "compiler_error", "‘y’ undeclared (first use in this function)"),
                        tuple(6L, "compiler_warning", "format ‘%d’ expects argument of type ‘int’, but argument 2 has type ‘char *’"),
                        tuple(13L, "compiler_warning", "‘unused_fn’ defined but not used"),
                        tuple(17L, "compiler_error", "nonexistent.h: No such file or directory"));
        assertThat(events(gcc).get(1).metadataJson()).startsWith(
                "{\"file\":\"main.c\",\"line\":9,\"column\":14,\"code\":\"-Wformat=\",\"detail\":");
    }

    @Test
    void clangsExcerptWithoutAGutterAndItsCaretBelongToTheDiagnostic() {
        String clang = """
                main.c:6:13: error: use of undeclared identifier 'y'
                    int x = y;
                            ^
                w.c:1:20: error: unused variable 'a' [-Werror,-Wunused-variable]
                int main(void){int a; return 0;}
                                   ^
                2 warnings and 1 error generated.
                """;
        assertThat(events(clang)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::metadataJson)
                .containsExactly(
                        tuple(1L, "compiler_error", "{\"file\":\"main.c\",\"line\":6,\"column\":13,"
                                + "\"detail\":\"int x = y;\\n^\"}"),
                        tuple(4L, "compiler_error", "{\"file\":\"w.c\",\"line\":1,\"column\":20,"
                                + "\"code\":\"-Werror,-Wunused-variable\",\"detail\":\"int main(void){int a; return 0;}\\n^\"}"));
    }

    @Test
    void mypyErrorsWithAndWithoutColumnsAreCompilerErrorsAndItsNotesAndSummaryAreNot() {
        String mypy = """
                c.py:1: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]
                a.py:11: note: Revealed type is "def (x: int) -> str"
                a.py:5:12: error: Incompatible return value type (got "int", expected "str")
                [return-value]
                        return x + 1
                               ^~~~~
                Found 2 errors in 2 files (checked 2 source files)
                Success: no issues found in 1 source file
                """;
        assertThat(events(mypy)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::metadataJson)
                .containsExactly(
                        tuple(1L, "compiler_error", "{\"file\":\"c.py\",\"line\":1,\"code\":\"assignment\","
                                + "\"detail\":\"a.py:11: note: Revealed type is \\\"def (x: int) -> str\\\"\"}"),
                        tuple(3L, "compiler_error", "{\"file\":\"a.py\",\"line\":5,\"column\":12,\"code\":\"return-value\","
                                + "\"detail\":\"[return-value]\"}"),
                        tuple(7L, "build_result", "{\"errors\":2,\"files\":2,\"checked\":2}"),
                        tuple(8L, "build_result", "{\"files\":1}"));
    }

    @Test
    void pythonLintCodesThatStopTheCodeAreErrorsAndTheOthersWarnings() {
        String lint = """
                a.py:1:1: F401 'os' imported but unused
                a.py:8:11: F821 undefined name 'undefined_name'
                b.py:1:8: E999 SyntaxError: invalid syntax
                a.py:2:11: E401 multiple imports on one line
                a.py:1:8: F401 [*] `os` imported but unused
                b.py:1:7: invalid-syntax: Expected a parameter or the end of the parameter list
                m.py:1:0: C0114: Missing module docstring (missing-module-docstring)
                Found 9 errors.
                All checks passed!
                """;
        assertThat(events(lint)).extracting(Extraction::eventType, Extraction::matchedValue).containsExactly(
                tuple("compiler_warning", "'os' imported but unused"),
                tuple("compiler_error", "undefined name 'undefined_name'"),
                tuple("compiler_error", "SyntaxError: invalid syntax"),
                tuple("compiler_warning", "multiple imports on one line"),
                tuple("compiler_warning", "`os` imported but unused"),
                tuple("compiler_error", "Expected a parameter or the end of the parameter list"),
                tuple("compiler_warning", "Missing module docstring (missing-module-docstring)"),
                tuple("build_result", "9 errors"),
                tuple("build_result", "All checks passed!"));
    }

    @Test
    void goBuildAndVetFindingsAreErrorsButGoTestLogLinesAndPackageHeadersAreNot() {
        String go = """
                # example.com/demo
                ./main.go:5:2: imported and not used: "os"
                vet: ./main.go:10:14: undeclared name: undefinedThing
                p/p.go:6:2: fmt.Printf format %d has arg "str" of wrong type string
                main.go:10:2: ineffectual assignment to err (ineffassign)
                note: module requires Go 1.21
                    race_test.go:1319: race detected during execution of test
                """;
        assertThat(events(go)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::metadataJson)
                .containsExactly(
                        tuple(2L, "compiler_error", "{\"file\":\"./main.go\",\"line\":5,\"column\":2}"),
                        tuple(3L, "compiler_error", "{\"file\":\"./main.go\",\"line\":10,\"column\":14}"),
                        tuple(4L, "compiler_error", "{\"file\":\"p/p.go\",\"line\":6,\"column\":2}"),
                        tuple(5L, "compiler_warning", "{\"file\":\"main.go\",\"line\":10,\"column\":2,\"code\":\"ineffassign\"}"));
    }

    @Test
    void javacDiagnosticsTakeTheirLintCategoryAsCodeAndItsCountIsABuildResult() {
        String javac = """
                X.java:3: error: incompatible types: String cannot be converted to int
                    void f() { int x = "s"; }
                                       ^
                X.java:3: warning: [unchecked] unchecked call to add(E) as a member of the raw type List
                1 error
                """;
        assertThat(events(javac)).extracting(Extraction::eventType, Extraction::metadataJson).containsExactly(
                tuple("compiler_error", "{\"file\":\"X.java\",\"line\":3}"),
                tuple("compiler_warning", "{\"file\":\"X.java\",\"line\":3,\"code\":\"unchecked\"}"),
                tuple("build_result", "{\"count\":1,\"kind\":\"error\"}"));
    }

    @Test
    void pyrightAndStaticcheckFindingsAndAClangExcerptEndingInAnIndex() {
        String more = """
                /src/app.py:3:5 - error: "undefined_name" is not defined (reportUndefinedVariable)
                /src/app.py:7:1 - warning: Import "os" is not accessed (reportUnusedImport)
                main.go:12:2: this value of err is never used (SA4006)
                report.c:9:12: error: use of undeclared identifier 'rows'
                    return rows[idx]
                           ^
                """;
        assertThat(events(more)).extracting(Extraction::eventType, Extraction::metadataJson).containsExactly(
                tuple("compiler_error", "{\"file\":\"/src/app.py\",\"line\":3,\"column\":5}"),
                tuple("compiler_warning", "{\"file\":\"/src/app.py\",\"line\":7,\"column\":1}"),
                tuple("compiler_warning", "{\"file\":\"main.go\",\"line\":12,\"column\":2,\"code\":\"SA4006\"}"),
                tuple("compiler_error", "{\"file\":\"report.c\",\"line\":9,\"column\":12,\"detail\":\"return rows[idx]\\n^\"}"));
    }

    @Test
    void proseWithColonsAndNumbersIsNotADiagnostic() {
        String prose = """
                Step 3: error handling is next.
                See http://localhost:8080: error pages are served there.
                12:30: warning: this looks like a time, not a file
                The file main.c:12 has the bug; error: none yet.
                ISO8601 timestamps are used throughout.
                """;
        assertThat(events(prose)).isEmpty();
    }

    @Test
    void aHostileLineWithTheKeywordsCostsLinearTime() {
        Recognizer gnu = new GnuDiagnostic();
        for (String filler : List.of(" ", ":", "1", "1:", "a.", ":1", "(1,")) {
            assertLinear("filler " + filler, chars -> {
                String line = "a.py" + filler.repeat(chars / filler.length()) + ": error: x.go:1:2: y";
                Draft draft = new Draft(Found.of("compiler_error", "t", "v", new java.util.HashMap<>()));
                return () -> {
                    gnu.recognize(line, null);
                    new SourceExcerpt().next(line, draft);
                };
            });
        }
    }

    /**
     * Holds the work made for a 64 KiB line to at most 64 times (plus 2 ms) the time of the same work
     * on a 4 KiB line, each the best of five runs: linear work takes 16 times as long, quadratic 256
     * times. Comparing growth rather than absolute times keeps it steady on a loaded machine.
     */
    static void assertLinear(String what, java.util.function.IntFunction<Runnable> workFor) {
        long small = bestNanosOf(workFor.apply(4 * 1024));
        long large = bestNanosOf(workFor.apply(64 * 1024));
        assertThat(large).as("%s: %d ns at 4 KiB", what, small).isLessThan(64 * small + 2_000_000L);
    }

    private static long bestNanosOf(Runnable work) {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
