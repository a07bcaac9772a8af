package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maven's multi-line problems, each one event. {@code [ERROR] COMPILATION ERROR :} heads the
 * compiler's list: it becomes the first diagnostic of the list rather than an error of its own. A
 * diagnostic ({@code [ERROR] /src/A.java:[42,41] cannot find symbol}) takes its {@code [ERROR]
 * symbol:} and {@code location:} lines (indented, with or without {@code [ERROR]}). {@code [ERROR] Failed to execute goal ...} takes the
 * {@code [ERROR]} lines after it (the diagnostics repeated, {@code -> [Help 1]}, the advice to
 * re-run). A Surefire failure ({@code [ERROR] a.BTest.total -- Time elapsed: 0.01 s <<< FAILURE!})
 * takes the exception and stack trace printed under it, as {@code message} and {@code exception}.
 * Silent, as they say again what those lines said: a test class's result when it failed
 * ({@code [ERROR] Tests run: 3, Failures: 1, ... <<< FAILURE! -- in a.BTest}: its failed tests
 * report themselves), and the list of failed tests in the Results ({@code [ERROR] Failures:},
 * {@code [ERROR] Errors:}, Surefire 2's {@code Failed tests:} and {@code Tests in error:}, with
 * their rows).
 */
final class MavenProblems implements Recognizer {
    private static final String ERROR = "[ERROR] ";
    /** The labels of javac's notes under a diagnostic. */
    private static final List<String> NOTES = List.of("symbol:", "location:", "required:", "found:", "reason:");
    private static final Pattern DIAGNOSTIC = Pattern.compile(
            "^\\[ERROR\\] (?<file>[^\\s\\[]{1,1000}\\.(?:java|kt|scala|groovy)):\\[(?<line>\\d{1,9}),(?<column>\\d{1,9})\\] "
            + "(?:error: )?(?<value>.+?)(?<!\\s)\\s*$");
    private static final Pattern TEST_FAILURE = Pattern.compile(
            "^(?:\\[ERROR\\] )?(?<value>[\\w.$]++)(?:\\((?<suite>[\\w.$]++)\\))?\\s++(?:--\\s++)?"
            + "Time elapsed: [\\d.]++ s(?:ec)?\\s++<<< (?<result>FAILURE|ERROR)!");

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public List<String> keywords() {
        return List.of(ERROR, "<<< FAILURE!", "<<< ERROR!", "Failed tests:", "Tests in error:");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.contains("Tests run: ") && body.contains("<<< ")) {
            return Recognized.silent(null);
        }
        if (body.startsWith("[ERROR] Failures:") || body.startsWith("[ERROR] Errors:")) {
            return Recognized.silent(MavenProblems::resultsRow);
        }
        if (body.startsWith("Failed tests:") || body.startsWith("Tests in error:")) {
            return Recognized.silent((line, draft) -> line.isBlank() ? Continuation.Fit.NOT : Continuation.Fit.PART);
        }
        if (body.endsWith("!") && body.contains("<<< ")) {
            return testFailure(body);
        }
        if (!body.startsWith(ERROR)) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (body.startsWith("COMPILATION ERROR", ERROR.length())) {
            return new Recognized(Found.of("error", name(), "COMPILATION ERROR", metadata), new CompilerList());
        }
        if (body.startsWith("Failed to execute goal", ERROR.length())) {
            return new Recognized(Found.of("error", name(), body.substring(ERROR.length()).strip(), metadata),
                    (line, draft) -> line.startsWith("[ERROR]") ? Continuation.Fit.PART : Continuation.Fit.NOT);
        }
        Matcher m = DIAGNOSTIC.matcher(body);
        if (!m.matches()) {
            return null;
        }
        return new Recognized(Found.of("compiler_error", name(), m.group("value"), location(m, metadata)),
                MavenProblems::detailOfDiagnostic);
    }

    private Recognized testFailure(String body) {
        Matcher m = TEST_FAILURE.matcher(body);
        if (!m.lookingAt()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (m.group("suite") != null) {
            metadata.put("suite", m.group("suite"));
        }
        metadata.put("result", m.group("result"));
        return new Recognized(Found.of("test_failure", name(), m.group("value"), metadata), new TestTrace());
    }

    /** A row of Surefire's list of failed tests ({@code [ERROR]   OrderTest.total:47 expected ...}). */
    private static Continuation.Fit resultsRow(String body, Draft draft) {
        return body.startsWith("[ERROR]   ") || body.startsWith("[ERROR] Failures:") || body.startsWith("[ERROR] Errors:")
                ? Continuation.Fit.PART : Continuation.Fit.NOT;
    }

    private static Map<String, Object> location(Matcher m, Map<String, Object> metadata) {
        metadata.put("file", m.group("file"));
        metadata.put("line", Long.parseLong(m.group("line")));
        metadata.put("column", Long.parseLong(m.group("column")));
        return metadata;
    }

    /** javac's notes under a diagnostic: {@code [ERROR]   symbol:   class Foo}, {@code location: ...}. */
    private static Continuation.Fit detailOfDiagnostic(String body, Draft draft) {
        String note = body.startsWith("[ERROR]   ") ? body.substring(ERROR.length()).strip() : body;
        for (String label : NOTES) {
            if (note.startsWith(label)) {
                return Continuation.Fit.PART;
            }
        }
        return Continuation.Fit.NOT;
    }

    /** After the COMPILATION ERROR header: separators, then the first diagnostic becomes the event. */
    private static final class CompilerList implements Continuation {
        private boolean filled;

        @Override
        public boolean ready() {
            return filled;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("[INFO] ---")) {
                return filled ? Fit.NOT : Fit.PART;
            }
            if (filled) {
                return detailOfDiagnostic(body, draft);
            }
            Matcher m = DIAGNOSTIC.matcher(body);
            if (!m.matches()) {
                return Fit.NOT;
            }
            filled = true;
            draft.anchorHere();
            draft.eventType("compiler_error");
            draft.value(m.group("value"));
            location(m, draft.metadata());
            return Fit.PART;
        }
    }

    /** The exception and frames Surefire prints under a failed test. */
    private static final class TestTrace implements Continuation {
        private boolean first = true;

        @Override
        public Fit next(String body, Draft draft) {
            if (first) {
                first = false;
                Matcher m = ExceptionLine.parse(body);
                if (m == null) {
                    return Fit.NOT;
                }
                draft.metadata().put("exception", m.group("type"));
                String value = m.group("value");
                if (value != null && !value.isEmpty()) {
                    draft.metadata().put("message", value);
                }
                return Fit.PART;
            }
            boolean frame = body.startsWith("at ") || body.startsWith("... ") && body.endsWith(" more")
                    || body.startsWith("Caused by: ") || body.startsWith("Suppressed: ");
            return frame ? Fit.PART : Fit.NOT;
        }
    }
}
