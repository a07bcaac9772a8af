package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tapedeck.store.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recorded output is hostile input, and recognisers run without the patterns' time budget: lines
 * an attacker (or a broken tool) prints must neither stall the recorder nor throw. Found by
 * attacking each recogniser and what the event writer does with its events.
 */
class HostileLinesTest {
    private static final String HUGE = "99999999999999999999";

    private static List<Extraction> events(String output) {
        return GnuDiagnosticTest.events(output);
    }

    private static long millisToExtract(String output) {
        long start = System.nanoTime();
        events(output);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aTestResultWhoseValueEndsInALongRunOfDigitsIsCountedInLinearTime() {
        // The counts of a test_result's value were found by "(\d+) (passed|...)": quadratic on a run
        // of digits no word follows, 20 s and more for this one line.
        String line = "test result: ok. 1 passed; 0 failed; " + "1".repeat(60_000) + "\n";
        events(line);
        assertThat(millisToExtract(line)).isLessThan(1_000);
        assertThat(events(line)).singleElement().satisfies(e -> assertThat(e.metadataJson()).contains("\"passed\":1"));
    }

    @Test
    void countsTooLargeForALongAreLeftOutInsteadOfThrowing() {
        for (String line : List.of(HUGE + " passed in 0.1s", "=== " + HUGE + " failed, 1 passed in 0.1s ===",
                "Tests:       " + HUGE + " failed, 1 total")) {
            assertThatCode(() -> events(line + "\n")).as(line).doesNotThrowAnyException();
            assertThat(events(line + "\n")).as(line).singleElement()
                    .satisfies(e -> assertThat(e.eventType()).isEqualTo("test_result"));
        }
    }

    @Test
    void aMakefileLineNumberTooLargeForALongDoesNotThrow() {
        String line = "make: *** [Makefile:" + HUGE + ": all] Error 1\n";
        assertThatCode(() -> events(line)).doesNotThrowAnyException();
        assertThat(events(line)).singleElement().satisfies(e -> assertThat(e.eventType()).isEqualTo("error"));
    }

    @Test
    void aCodexCommandWhoseExitCodeIsNotANumberDoesNotThrow() {
        String line = "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"command_execution\","
                + "\"command\":\"bash -lc ls\",\"aggregated_output\":\"\",\"exit_code\":\"x\",\"status\":\"failed\"}}\n";
        assertThatCode(() -> events(line)).doesNotThrowAnyException();
        assertThat(events(line)).noneMatch(e -> e.eventType().equals("error"));
    }

    @Test
    void jsonNumbersBeyondWhatGsonConvertsToAnIntDoNotThrow() {
        // Gson parses 1e99999 as a number but refuses to turn it into an int (NumberFormatException).
        String log = "{\"level\":1e99999,\"time\":1,\"msg\":\"disk full\"}\n";
        String codex = "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"command_execution\","
                + "\"command\":\"bash -lc ls\",\"aggregated_output\":\"\",\"exit_code\":1e99999,\"status\":\"failed\"}}\n";
        for (String line : List.of(log, codex)) {
            assertThatCode(() -> events(line)).as(line).doesNotThrowAnyException();
        }
    }

    @Test
    void aMarkdownTableAboutErrorsIsNotReadAsTheLinesInItsCells() {
        // An agent's answer often tabulates what messages mean. The bars were taken for a gutter,
        // and each first cell read as a line: an error, a panic, a destructive shell command.
        String tables = """
                | Prefix | Meaning |
                |--------|---------|
                | error: | the compiler stopped |
                | warning: | the compiler went on |
                | FAIL | a test failed |
                | panic: | Go crashed |
                | $ rm -rf / | a destructive command |
                | Traceback (most recent call last): | Python's header |
                | ERROR: test_x (t.T) | unittest |
                | npm error code E404 | npm |
                | main.c:3:5: error: x | gcc |
                | 2 failed, 3 passed in 0.1s | pytest |
                │ Prefix   │ Meaning              │
                ├──────────┼──────────────────────┤
                │ error:   │ the compiler stopped │
                │ warning: │ the compiler went on │
                │ FATAL:   │ postgres             │
                │ make: *** [all] Error 1 │ make │
                """;
        assertThat(events(tables)).isEmpty();
    }

    @Test
    void aVitestFailLineWithoutATestNameDoesNotThrow() {
        // Its name, stripped, lost the " > " the line was recognised by: substring(0, -1).
        for (String line : List.of("FAIL  src/cart.test.ts > \n", "FAIL   > total\n")) {
            assertThatCode(() -> events(line)).as(line).doesNotThrowAnyException();
        }
        assertThat(events("FAIL  src/cart.test.ts > \n")).singleElement()
                .satisfies(e -> assertThat(e.metadataJson()).contains("\"file\":\"src/cart.test.ts\""));
    }

    @Test
    void aLineAfterACDiagnosticWithoutExcerptIsNotTakenForClangsSourceWhenItIsACommandOrATraceback() {
        // gcc 12 -fno-diagnostics-show-caret, then what an interactive shell printed next: the
        // line under the last diagnostic was taken for clang's excerpt, and the destructive
        // command, or the traceback's exception, were lost.
        String gcc = """
                m.c: In function ‘main’:
                m.c:2:11: error: ‘y’ undeclared (first use in this function)
                m.c:2:11: note: each undeclared identifier is reported only once for each function it appears in
                m.c:3:11: error: expected ‘;’ before ‘}’ token
                """;
        List<Extraction> prompt = events(gcc + "dev@box:/tmp/probe$ rm -rf build\n");
        assertThat(prompt).extracting(Extraction::eventType).containsExactly("compiler_error", "compiler_error", "shell_command");
        List<Extraction> traceback = events(gcc + """
                Traceback (most recent call last):
                  File "x.py", line 1, in <module>
                ValueError: bad
                """);
        assertThat(traceback).extracting(Extraction::eventType).containsExactly("compiler_error", "compiler_error", "exception");
    }

    @Test
    void aSanitizerReportCutShortEndsAtTheNextPromptsCommand() {
        // Its report took every line up to 200 until its end marker: the commands typed after it,
        // however destructive, were lost.
        String cut = """
                ==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3
                READ of size 4 at 0x602000000010 thread T0
                    #0 0x55d5 in main /src/uaf.c:6:12
                dev@box:~/src$ rm -rf build
                """;
        assertThat(events(cut)).extracting(Extraction::eventType).containsExactly("exception", "shell_command");
    }

    @Test
    void aTestFailureReportWithoutItsEndEndsAtTheNextPromptsCommand() {
        // vitest's report runs to its separator and jest's to the next suite or summary: one cut
        // short (or quoted without them) took the commands typed after it.
        String vitest = """
                 FAIL  src/cart.test.ts > cart > ignores missing coupon without error
                TypeError: Cannot read properties of undefined (reading 'startsWith')
                 ❯ applyCoupon src/cart.ts:12:20
                dev@box:~/shop$ rm -rf node_modules
                """;
        assertThat(events(vitest)).extracting(Extraction::eventType).containsExactly("test_failure", "shell_command");
        String jest = """
                  ● cart › ignores missing coupon without error

                    TypeError: Cannot read properties of undefined (reading 'startsWith')

                dev@box:~/shop$ rm -rf node_modules
                """;
        assertThat(events(jest)).extracting(Extraction::eventType).containsExactly("test_failure", "shell_command");
    }

    @Test
    void aRustPanicWithoutItsNoteEndsAtTheNextPromptsCommand() {
        // Its message may span lines and ends at the RUST_BACKTRACE note, which a panic hook of
        // the program's own does not print; the commands after it were taken for its message.
        String panic = """
                thread 'main' panicked at src/main.rs:2:5:
                boom
                dev@box:~/app$ rm -rf target
                """;
        assertThat(events(panic)).extracting(Extraction::eventType).containsExactly("exception", "shell_command");
        String captured = """
                ---- tests::adds stdout ----
                left: 1
                dev@box:~/app$ rm -rf target
                """;
        assertThat(events(captured)).extracting(Extraction::eventType).containsExactly("shell_command");
    }
}
