package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.eventsOfText;
import static dev.tapedeck.wrapper.extract.FormatFixtures.extractionsOf;
import static dev.tapedeck.wrapper.extract.FormatFixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** Maven's multi-line problems on real output: one event per compiler error, failed goal, failed test. */
class MavenProblemsTest {

    @Test
    void compilationErrorHeaderAndJavacNotesAreNotErrorsOfTheirOwn() {
        assertThat(eventsOf("maven-compile-errors.ansi.txt")).containsExactly(
                "13 compiler_error cannot find symbol",
                "16 compiler_error cannot find symbol",
                "19 compiler_error cannot find symbol",
                "25 build_result FAILURE",
                "30 error Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile"
                        + " (default-cli) on project demo: Compilation failure: Compilation failure:");
        JsonObject first = metadata(extractionsOf("maven-compile-errors.ansi.txt").get(0));
        assertThat(first.get("file").getAsString()).isEqualTo("/home/dev/mvn/src/main/java/demo/App.java");
        assertThat(first.get("line").getAsLong()).isEqualTo(3);
        assertThat(first.get("column").getAsLong()).isEqualTo(46);
    }

    @Test
    void failedGoalBlockTakesTheErrorLinesAfterIt() {
        assertThat(eventsOfText("""
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test (default-test) on project app: There are test failures.
                [ERROR]\s
                [ERROR] Please refer to /app/target/surefire-reports for the individual test results.
                [ERROR] -> [Help 1]
                [ERROR]\s
                [ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
                [ERROR] Re-run Maven using the -X switch to enable full debug logging.
                [ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException
                [ERROR]   mvn <args> -rf :app
                [INFO] done
                """)).containsExactly("1 error Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test"
                + " (default-test) on project app: There are test failures.");
    }

    @Test
    void surefireFailureTakesTheExceptionUnderItAndTheClassLineAndResultsListStaySilent() {
        assertThat(eventsOfText("""
                [ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in a.OrderTest
                [ERROR] a.OrderTest.total -- Time elapsed: 0.01 s <<< FAILURE!
                org.opentest4j.AssertionFailedError: expected: <108> but was: <100>
                \tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)
                \tat a.OrderTest.total(OrderTest.java:47)
                \t... 3 more
                [INFO]\s
                [ERROR] Failures:\s
                [ERROR]   OrderTest.total:47 expected: <108> but was: <100>
                [INFO]\s
                [ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0
                """)).containsExactly(
                "2 test_failure a.OrderTest.total",
                "11 test_result Tests run: 3, Failures: 1, Errors: 0, Skipped: 0");
    }
}
