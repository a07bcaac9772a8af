package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOfText;
import static dev.tapedeck.wrapper.extract.FormatFixtures.extractionsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python tracebacks, Java and JavaScript exceptions, Go and Rust panics: one event per crash. */
class CrashRecognizersTest {

    @Test
    void pythonChainedTracebackIsOneExceptionOnTheLastExceptionLineWithTheFirstAsCause() {
        assertThat(eventsOf("python-chained.txt")).containsExactly("24 exception config unreadable");
        JsonObject crash = metadata(extractionsOf("python-chained.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("RuntimeError");
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/pyx/chain.py");
        assertThat(crash.get("line").getAsLong()).isEqualTo(6);
        assertThat(crash.get("cause").getAsString()).startsWith("json.decoder.JSONDecodeError: Expecting property name");
    }

    @Test
    void aPauseAfterTheTracebackHeadlineDoesNotReportTheCrashBeforeItsException() {
        List<Extraction> events = new ArrayList<>();
        Extractor extractor = new Extractor(PatternSet.defaults(), "agent", "s-1",
                w -> events.add((Extraction) w));
        String[] lines = {"Traceback (most recent call last):", "  File \"/srv/app.py\", line 3, in <module>",
            "    main()", "KeyError: 'a'", "done"};
        for (int n = 0; n < lines.length; n++) {
            extractor.accept(new OutputLine("s-1", n + 1, Stream.STDOUT, Instant.EPOCH, lines[n], null, false));
            extractor.releaseWaiting();
        }
        extractor.finish();
        assertThat(events).extracting(Extraction::lineNumber, Extraction::matchedValue).containsExactly(tuple(4L, "'a'"));
    }

    @Test
    void python311CaretLinesAreNotFencesAndWhatFollowsIsStillRead() {
        assertThat(eventsOfText("""
                Traceback (most recent call last):
                  File "/srv/app.py", line 3, in <module>
                    print(totals["a"] + load())
                          ~~~~~~~~~~~~^~~~~~~~
                KeyError: 'a'
                ERROR: could not start the worker
                """)).containsExactly("5 exception 'a'", "6 error could not start the worker");
    }

    @Test
    void pythonExceptionWithADottedModulePathKeepsItsWholeType() {
        assertThat(eventsOf("python-dotted-exception.txt"))
                .containsExactly("7 exception HTTPSConnectionPool(host='x', port=443): Max retries exceeded");
        assertThat(metadata(extractionsOf("python-dotted-exception.txt").get(0)).get("type").getAsString())
                .isEqualTo("requests.exceptions.ConnectionError");
    }

    @Test
    void pythonSyntaxErrorBlockIsOneException() {
        assertThat(eventsOf("python-syntax-error.txt")).containsExactly("4 exception invalid syntax");
        JsonObject crash = metadata(extractionsOf("python-syntax-error.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("SyntaxError");
        assertThat(crash.get("line").getAsLong()).isEqualTo(2);
    }

    @Test
    void pythonExceptionGroupIsOneEventOfTheGroup() {
        assertThat(eventsOf("python-exception-group.txt")).containsExactly("6 exception several failures (2 sub-exceptions)");
        JsonObject crash = metadata(extractionsOf("python-exception-group.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("ExceptionGroup");
        assertThat(crash.get("line").getAsLong()).isEqualTo(2);
    }

    @Test
    void ipythonTracebackIsOneExceptionOnItsLastLine() {
        assertThat(eventsOf("ipython-traceback.txt")).containsExactly("12 exception 'k'");
        JsonObject crash = metadata(extractionsOf("ipython-traceback.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("KeyError");
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/pyx/ip.py");
        assertThat(crash.get("line").getAsLong()).isEqualTo(2);
    }

    @Test
    void pythonWarningsAloneOrInPytestsSummaryAreWarnings() {
        assertThat(eventsOf("python-runtime-warning.txt")).containsExactly("1 warning slow path");
        assertThat(eventsOf("pytest-warnings-summary.txt")).containsExactly(
                "4 warning old() is deprecated, use new()",
                "8 test_result 1 passed, 1 warning");
    }

    @Test
    void javaExceptionWithCauseIsOneEventWithItsRootCause() {
        assertThat(eventsOf("java-exception-caused-by.txt")).containsExactly("1 exception config broken");
        JsonObject crash = metadata(extractionsOf("java-exception-caused-by.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(crash.get("thread").getAsString()).isEqualTo("main");
        assertThat(crash.get("file").getAsString()).isEqualTo("Main.java");
        assertThat(crash.get("line").getAsLong()).isEqualTo(4);
        assertThat(crash.get("root_cause").getAsString())
                .isEqualTo("java.lang.NumberFormatException: For input string: \"x1\"");
    }

    @Test
    void nodeUncaughtErrorIsOneExceptionAtItsFirstFrame() {
        assertThat(eventsOf("node-uncaught.txt")).containsExactly("5 exception boom here");
        JsonObject crash = metadata(extractionsOf("node-uncaught.txt").get(0));
        assertThat(crash.get("type").getAsString()).isEqualTo("Error");
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/js/crash.js");
        assertThat(crash.get("line").getAsLong()).isEqualTo(2);
        assertThat(eventsOf("node-syntax-error.txt"))
                .containsExactly("5 exception Expected property name or '}' in JSON at position 1");
    }

    @Test
    void nodeMissingModuleTakesItsRequireStackAndSkipsNodeInternalFrames() {
        assertThat(eventsOf("node-missing-module.txt")).containsExactly("5 exception Cannot find module './nope'");
        JsonObject crash = metadata(extractionsOf("node-missing-module.txt").get(0));
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/js/miss.js");
        assertThat(crash.get("line").getAsLong()).isEqualTo(1);
        assertThat(eventsOf("node-type-error.txt"))
                .containsExactly("5 exception Cannot read properties of undefined (reading 'x')");
    }

    @Test
    void nodeUnhandledRejectionIsOneException() {
        assertThat(eventsOf("node-unhandled-rejection.txt")).containsExactly("5 exception This error originated either by"
                + " throwing inside of an async function without a catch block, or by rejecting a promise which was not"
                + " handled with .catch(). The promise rejected with the reason \"oops\".");
    }

    @Test
    void nodeProcessWarningIsAWarningWithItsHint() {
        assertThat(eventsOf("node-deprecation-warning.txt")).containsExactly("2 warning Buffer() is deprecated due to"
                + " security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from()"
                + " methods instead.");
        JsonObject warning = metadata(extractionsOf("node-deprecation-warning.txt").get(0));
        assertThat(warning.get("code").getAsString()).isEqualTo("DEP0005");
        assertThat(warning.get("type").getAsString()).isEqualTo("DeprecationWarning");
    }

    @Test
    void bareErrorLineWithoutFramesIsAToolsErrorMessage() {
        assertThat(FormatFixtures.eventsOfText("Error: ENOENT: no such file or directory, open 'a.json'\ndone\n"))
                .containsExactly("1 error ENOENT: no such file or directory, open 'a.json'");
    }

    @Test
    void goPanicWithItsRepanicAndGoroutineDumpIsOneException() {
        assertThat(eventsOf("go-run-panic.txt")).containsExactly("2 exception runtime error: index out of range [5] with length 1");
        JsonObject crash = metadata(extractionsOf("go-run-panic.txt").get(0));
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/go2/main.go");
        assertThat(crash.get("line").getAsLong()).isEqualTo(3);
        assertThat(metadata(extractionsOf("go-test-panic.txt").get(2)).get("line").getAsLong()).isEqualTo(5);
    }

    @Test
    void goTestTimeoutIsOneExceptionAtTheTestThatHung() {
        assertThat(eventsOf("go-test-timeout.txt")).containsExactly(
                "1 exception test timed out after 1s",
                "32 test_result example.com/slow");
        JsonObject crash = metadata(extractionsOf("go-test-timeout.txt").get(0));
        assertThat(crash.get("file").getAsString()).isEqualTo("/home/dev/gto/s_test.go");
        assertThat(crash.get("line").getAsLong()).isEqualTo(3);
    }

    @Test
    void goFatalErrorIsOneException() {
        assertThat(eventsOf("go-deadlock.txt")).containsExactly("1 exception all goroutines are asleep - deadlock!");
    }

    @Test
    void goRaceReportIsOneExceptionAndTheProgramsExitIsNoPanic() {
        assertThat(eventsOf("go-race.txt")).hasSize(1).allMatch(event -> event.contains(" exception "));
    }

    @Test
    void rustPanicOfCurrentFormTakesTheMessageFromTheNextLine() {
        assertThat(eventsOf("rust-main-panic.txt")).containsExactly("3 exception no value");
        JsonObject crash = metadata(extractionsOf("rust-main-panic.txt").get(0));
        assertThat(crash.get("file").getAsString()).isEqualTo("src/bin/main.rs");
        assertThat(crash.get("line").getAsLong()).isEqualTo(1);
        assertThat(crash.get("column").getAsLong()).isEqualTo(87);
    }

    @Test
    void rustPanicsInsideCargoTestsCapturedOutputAreTheFailuresDetail() {
        assertThat(eventsOf("cargo-test-panics.txt")).containsExactly(
                "4 test_failure tests::eq",
                "5 test_failure tests::zero",
                "27 test_result 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s");
        assertThat(eventsOf("cargo-test-backtrace.txt")).containsExactly(
                "2 build_result Finished",
                "7 test_failure tests::eq",
                "8 test_failure tests::zero",
                "63 test_result 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.10s");
    }

    @Test
    void rustPanicOfTheOldFormHasItsMessageInline() {
        assertThat(eventsOfText("""
                thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:4:5
                note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
                error: process didn't exit successfully: `target/debug/app` (exit status: 101)
                """)).containsExactly(
                "1 exception called `Option::unwrap()` on a `None` value",
                "3 error process didn't exit successfully: `target/debug/app` (exit status: 101)");
    }

    @Test
    void tracebackUnderALoggedErrorBelongsToThatRecord() {
        assertThat(eventsOfText("""
                2026-12-03 15:11:10,262 ERROR ingest.pipeline: could not parse row 3
                Traceback (most recent call last):
                  File "/srv/ingest.py", line 13, in <module>
                    total += float(r["amount"])
                             ^^^^^^^^^^^^^^^^^^
                ValueError: could not convert string to float: 'n/a'
                2026-12-03 15:11:10,264 DEBUG ingest.pipeline: row 4 ok
                """)).noneMatch(event -> event.contains("exception"));
        assertThat(ErrorRecord.isErrorRecord("ERROR:root:could not parse row 3")).isTrue();
        assertThat(ErrorRecord.isErrorRecord("ERROR ingest.pipeline: could not parse row 3")).isTrue();
        assertThat(ErrorRecord.isErrorRecord("[2026-12-03 15:13:27 +0000] [8755] [ERROR] Error handling request"))
                .isTrue();
        assertThat(ErrorRecord.isErrorRecord("ERROR: Cannot install x")).isFalse();
    }

    @Test
    void javaStackTraceUnderALoggedErrorBelongsToThatRecord() {
        assertThat(eventsOfText("""
                12:00:00.123 [main] ERROR com.acme.App - could not load the price list
                java.io.FileNotFoundException: prices.csv (No such file or directory)
                \tat java.base/java.io.FileInputStream.open0(Native Method)
                \tat com.acme.App.load(App.java:31)
                12:00:00.130 [main] INFO com.acme.App - continuing with defaults
                """)).noneMatch(event -> event.contains("exception"));
        assertThat(ErrorRecord.isErrorRecord("12:00:00.123 [main] ERROR com.acme.App - could not load")).isTrue();
        assertThat(ErrorRecord.isErrorRecord("ERROR in ./src/index.js")).isFalse();
    }

    @Test
    void tracebackUnderAToolsErrorMessageIsStillACrash() {
        assertThat(eventsOfText("""
                ERROR: Cannot install x because these package versions have conflicting dependencies.
                Traceback (most recent call last):
                  File "/srv/pip.py", line 3, in <module>
                KeyError: 'dictionary is empty'
                """)).containsExactly(
                "1 error Cannot install x because these package versions have conflicting dependencies.",
                "4 exception 'dictionary is empty'");
    }

    @Test
    void bareExceptionLineWithoutFramesIsAQuotedMessage() {
        assertThat(eventsOfText("""
                A typical message looks like:

                    ConfigError: broker_url is required (set TIDEWATER_BROKER_URL)

                  --pdb                 Start the interactive Python debugger on errors or
                                        KeyboardInterrupt
                """)).isEmpty();
    }

    @Test
    void doctestTracebacksInSourceAndAHeadlineAloneStaySilent() {
        assertThat(eventsOfText("""
                    >>> assigned = assign_params(func, dict(y=3, z=4))
                    >>> assigned()
                    Traceback (most recent call last):
                    TypeError: func() ...argument...

                The log said Traceback (most recent call last): and nothing else.
                Traceback (most recent call last):
                (output cut)
                """)).isEmpty();
    }

    @Test
    void proseAndCodeThatNameExceptionsStaySilent() {
        assertThat(eventsOfText("""
                The parser raises a ValueError when the input is empty.
                    raise ValueError("empty input")
                except (KeyError, IndexError) as e:
                Catch IOException and retry; the panic: handler logs it.
                A thread 'main' panicked at startup in the old build, see the notes.
                File "notes.txt" is where the list lives.
                """)).isEmpty();
    }
}
