package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOfText;
import static dev.tapedeck.wrapper.extract.FormatFixtures.extractionsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tapedeck.store.Extraction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pytest, unittest, jest, vitest and go test, on their real output (tests-and-crashes/). */
class TestRunnerRecognizersTest {

    @Test
    void pytestReportsEachFailedTestOnceAndItsSummaryWithOrWithoutBars() {
        List<String> barred = List.of(
                "28 test_failure tests/test_a.py::test_fail",
                "29 test_failure tests/test_a.py::test_err",
                "30 test_result 2 failed, 4 passed, 1 skipped");
        assertThat(eventsOf("pytest-default.txt")).containsExactlyElementsOf(barred);
        assertThat(eventsOf("pytest-q.txt")).containsExactly(
                "19 test_failure tests/test_a.py::test_fail",
                "20 test_failure tests/test_a.py::test_err",
                "21 test_result 2 failed, 4 passed, 1 skipped");
        assertThat(eventsOf("pytest-pass-q.txt")).containsExactly("2 test_result 2 passed");
    }

    @Test
    void pytestVerboseRowsAreLeftToTheShortSummary() {
        assertThat(eventsOf("pytest-v.txt")).containsExactly(
                "35 test_failure tests/test_a.py::test_fail",
                "36 test_failure tests/test_a.py::test_err",
                "37 test_result 2 failed, 4 passed, 1 skipped");
    }

    @Test
    void pytestSummaryCarriesTheCountsAndTheirTotal() {
        Extraction summary = extractionsOf("pytest-q.txt").get(2);
        JsonObject counts = metadata(summary);
        assertThat(counts.get("total").getAsLong()).isEqualTo(7);
        assertThat(counts.get("failed").getAsLong()).isEqualTo(2);
        assertThat(counts.get("passed").getAsLong()).isEqualTo(4);
        assertThat(counts.get("skipped").getAsLong()).isEqualTo(1);
        assertThat(counts.get("seconds").getAsString()).isEqualTo("1.37");
    }

    @Test
    void pytestCollectionErrorIsOneFailedTestAndTheSummaryCountsTheError() {
        assertThat(eventsOf("pytest-collection-error-q.txt")).containsExactly(
                "14 test_failure tests/test_c.py",
                "16 test_result 1 error");
    }

    @Test
    void unittestFailureAndErrorHeadersAreFailedTestsWithTheirTraceback() {
        assertThat(eventsOf("unittest-failures.txt")).containsExactly(
                "3 test_failure test_div",
                "12 test_failure test_sub",
                "21 test_result Ran 5 tests: FAILED (failures=1, errors=1, skipped=1)");
        JsonObject error = metadata(extractionsOf("unittest-failures.txt").get(0));
        assertThat(error.get("result").getAsString()).isEqualTo("ERROR");
        assertThat(error.get("exception").getAsString()).isEqualTo("ZeroDivisionError");
        assertThat(error.get("message").getAsString()).isEqualTo("division by zero");
        assertThat(error.get("file").getAsString()).isEqualTo("/home/dev/ut/test_mod.py");
        assertThat(error.get("line").getAsLong()).isEqualTo(5);
    }

    @Test
    void unittestRanLineAndVerdictAreOneResultWithCounts() {
        JsonObject counts = metadata(extractionsOf("unittest-failures.txt").get(2));
        assertThat(counts.get("total").getAsLong()).isEqualTo(5);
        assertThat(counts.get("failed").getAsLong()).isEqualTo(1);
        assertThat(counts.get("errors").getAsLong()).isEqualTo(1);
        assertThat(counts.get("skipped").getAsLong()).isEqualTo(1);
        assertThat(counts.get("passed").getAsLong()).isEqualTo(2);
        assertThat(eventsOf("unittest-verbose-ok.txt")).containsExactly("5 test_result Ran 2 tests: OK");
    }

    @Test
    void unittestVerboseRowsLeaveTheFailureToItsHeader() {
        assertThat(eventsOf("unittest-verbose.txt")).containsExactly(
                "8 test_failure test_div",
                "17 test_failure test_sub",
                "26 test_result Ran 5 tests: FAILED (failures=1, errors=1, skipped=1)");
    }

    @Test
    void unittestModuleThatFailsToImportIsAFailedTest() {
        assertThat(eventsOf("unittest-import-error.txt")).containsExactly(
                "3 test_failure test_nomod",
                "14 test_result Ran 1 test: FAILED (errors=1)");
    }

    @Test
    void jestReportsEachFailedTestOnceWithItsMessageAndLocation() {
        assertThat(eventsOf("jest-failures.txt")).containsExactly(
                "2 test_failure sum › adds wrong",
                "19 test_failure sum › throws",
                "34 test_result 2 failed, 2 passed, 4 total");
        JsonObject thrown = metadata(extractionsOf("jest-failures.txt").get(1));
        assertThat(thrown.get("message").getAsString()).isEqualTo("TypeError: bad input");
        assertThat(thrown.get("file").getAsString()).isEqualTo("jt/sum.test.js");
        assertThat(thrown.get("line").getAsLong()).isEqualTo(5);
    }

    @Test
    void jestPassingRunGivesOnlyItsSummary() {
        assertThat(eventsOf("jest-pass.txt")).containsExactly("4 test_result 1 passed, 1 total");
    }

    @Test
    void jestSuitesAndTestsLinesAreOneResultWithTheTestsCounts() {
        JsonObject summary = metadata(extractionsOf("jest-failures.txt").get(2));
        assertThat(summary.get("scope").getAsString()).isEqualTo("Tests");
        assertThat(summary.get("total").getAsLong()).isEqualTo(4);
        assertThat(summary.get("failed").getAsLong()).isEqualTo(2);
        assertThat(summary.get("suites").getAsString()).isEqualTo("1 failed, 1 passed, 2 total");
        assertThat(summary.get("suites_total").getAsLong()).isEqualTo(2);
    }

    @Test
    void jestFailedTestOutsideADescribeIsKnownByItsBlock() {
        assertThat(eventsOf("jest-top-level-test.txt")).containsExactly(
                "5 test_failure adds numbers",
                "19 test_result 1 failed, 1 passed, 2 total");
        JsonObject failure = metadata(extractionsOf("jest-top-level-test.txt").get(0));
        assertThat(failure.get("message").getAsString()).isEqualTo("expect(received).toBe(expected) // Object.is equality");
        assertThat(failure.get("line").getAsLong()).isEqualTo(1);
    }

    @Test
    void jestConsoleBlocksAndOtherBulletsAreNotFailures() {
        assertThat(eventsOfText("""
                  ● Console

                    console.log
                      loading fixtures

                      at Object.log (src/a.test.js:3:11)

                ● The file has 30 lines and ends with an empty line.

                > /status
                ● Done, the build is green.
                $ git reset --hard HEAD~1
                """)).containsExactly("12 shell_command git reset --hard HEAD~1");
    }

    @Test
    void vitestReportsEachFailedTestOnceAndOneSummary() {
        List<String> expected = List.of(
                "12 test_failure sum.test.mjs > sum > adds wrong",
                "31 test_failure sum.test.mjs > sum > throws",
                "44 test_result 2 failed, 2 passed");
        assertThat(eventsOf("vitest-failures.ansi.txt")).containsExactlyElementsOf(expected);
        assertThat(eventsOf("vitest-verbose.ansi.txt")).containsExactly(
                "13 test_failure sum.test.mjs > sum > adds wrong",
                "32 test_failure sum.test.mjs > sum > throws",
                "45 test_result 2 failed, 2 passed");
    }

    @Test
    void vitestSummaryCarriesTheTestsCountsAndTotal() {
        List<Extraction> events = extractionsOf("vitest-failures.ansi.txt");
        JsonObject counts = metadata(events.get(events.size() - 1));
        assertThat(counts.get("scope").getAsString()).isEqualTo("Tests");
        assertThat(counts.get("total").getAsLong()).isEqualTo(4);
        assertThat(counts.get("failed").getAsLong()).isEqualTo(2);
        assertThat(counts.get("passed").getAsLong()).isEqualTo(2);
        assertThat(counts.get("files").getAsString()).isEqualTo("1 failed, 1 passed");
        assertThat(counts.get("files_total").getAsLong()).isEqualTo(2);
    }

    @Test
    void vitestFailureReportTakesItsErrorAndLocation() {
        Extraction report = extractionsOf("vitest-failures.ansi.txt").stream()
                .filter(e -> e.matchedValue().equals("sum.test.mjs > sum > throws")).findFirst().orElseThrow();
        JsonObject failure = metadata(report);
        assertThat(failure.get("message").getAsString()).isEqualTo("TypeError: bad input");
        assertThat(failure.get("file").getAsString()).isEqualTo("sum.test.mjs");
        assertThat(failure.get("line").getAsLong()).isEqualTo(6);
    }

    @Test
    void vitestAndJestResultRowsAndSeparatorsAreSilent() {
        assertThat(eventsOfText("""
                 ✓ src/a.test.ts > parses 2ms
                   × src/a.test.ts > rejects 3ms
                   → expected 1 to be 2
                 ✕ rejects garbage (4 ms)
                 ✓ ok.test.mjs (1 test) 2ms
                ⎯⎯⎯⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯⎯⎯⎯
                   Start at  15:10:25
                   Duration  374ms (transform 38ms, setup 0ms)
                """)).isEmpty();
    }

    @Test
    void goTestFailuresPanicAndPackageResultStayOneEventEach() {
        List<String> expected = List.of(
                "1 test_failure TestFail",
                "3 test_failure TestPanic",
                "4 exception assignment to entry in nil map",
                "20 test_result example.com/demo");
        assertThat(eventsOf("go-test-panic.txt")).containsExactlyElementsOf(expected);
        assertThat(eventsOf("go-test-v.txt")).containsExactly(
                "5 test_failure TestFail",
                "7 test_failure TestPanic",
                "8 exception assignment to entry in nil map",
                "24 test_result example.com/demo");
    }

    @Test
    void goTestPackageLinesCachedOrNotBuiltAreResults() {
        assertThat(eventsOf("go-test-cached-and-build-failed.txt")).containsExactly(
                "1 test_result example.com/demo",
                "2 test_result example.com/demo",
                "4 compiler_error cannot use \"x\" (untyped string constant) as int value in return statement",
                "6 test_result example.com/demo");
    }

    @Test
    void unittestFailureWithADocstringAndSubtestParametersIsStillOneFailedTest() {
        assertThat(eventsOfText("""
                ======================================================================
                FAIL: test_even (__main__.NumbersTest.test_even) (i=1)
                Test that numbers between 0 and 5 are all even.
                ----------------------------------------------------------------------
                Traceback (most recent call last):
                  File "/srv/t.py", line 11, in test_even
                    self.assertEqual(i % 2, 0)
                AssertionError: 1 != 0

                ----------------------------------------------------------------------
                Ran 1 test in 0.001s

                FAILED (failures=1)
                """)).containsExactly(
                "2 test_failure test_even",
                "11 test_result Ran 1 test: FAILED (failures=1)");
    }

    @Test
    void cargoTestResultTakesTheRerunHintAndCountsItsTotal() {
        assertThat(eventsOf("cargo-test-panics.txt")).endsWith(
                "27 test_result 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s");
        JsonObject counts = metadata(extractionsOf("cargo-test-panics.txt").get(2));
        assertThat(counts.get("total").getAsLong()).isEqualTo(3);
        assertThat(counts.get("failed").getAsLong()).isEqualTo(2);
        assertThat(counts.get("seconds").getAsString()).isEqualTo("0.00");
    }

    @Test
    void cargoTerseFailedRowsOfTheCurrentLibtestAreFailedTests() {
        assertThat(eventsOf("cargo-test-panics.txt")).startsWith("4 test_failure tests::eq", "5 test_failure tests::zero");
    }

    @Test
    void cargoNoFailFastVerdictIsATestResult() {
        assertThat(eventsOfText("""
                all doctests ran in 0.21s; merged doctests compilation took 0.20s
                error: 1 target failed:
                    `--lib`
                """)).containsExactly("2 test_result 1 target failed:");
    }

    @Test
    void vitestFileThatFailsToLoadIsAFailedTestAndItsSummary() {
        assertThat(eventsOf("vitest-suite-failure.ansi.txt")).containsExactly(
                "8 test_failure broken.test.mjs",
                "28 test_result 1 failed");
        assertThat(metadata(extractionsOf("vitest-suite-failure.ansi.txt").get(0)).get("message").getAsString())
                .startsWith("RolldownError: Parse failure");
    }
}
