package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vitest, and the rows jest prints with {@code --verbose}. The report of a failure ({@code FAIL
 * sum.test.ts > sum > adds wrong}, always printed; {@code FAIL  x.test.ts [ x.test.ts ]} for a file that
 * failed to load) is its one {@code test_failure} and takes
 * everything up to its {@code ⎯⎯⎯[1/2]⎯} separator: the error becomes its {@code message}, the
 * {@code ❯ sum.test.ts:5:48} line its {@code file} and {@code line}. The failing rows before it
 * ({@code × adds wrong 5ms}, {@code ✗ ...}, jest's {@code ✕ adds wrong (3 ms)}, with vitest's
 * {@code → message} line) name the same failure again and are silent, as are passing rows. The
 * summary ({@code Test Files  1 failed | 7 passed (8)} and {@code Tests  2 failed | 20 passed (22)},
 * one run) is one {@code test_result} with the tests' counts and total.
 */
final class VitestLines implements Recognizer {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(?<scope>Test Files|Tests) ++(?<value>(?:\\d++ [a-z]++(?: \\| )?){1,8}) \\((?<total>\\d{1,9})\\)");
    @Override
    public String name() {
        return "vitest";
    }

    @Override
    public List<String> keywords() {
        return List.of("×", "✗", "✕", "FAIL ", "Test Files ", "Tests ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.isEmpty()) {
            return null;
        }
        char c = body.charAt(0);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if ((c == '×' || c == '✗' || c == '✕') && body.length() > 2 && body.charAt(1) == ' ') {
            return Recognized.silent(VitestLines::arrowMessage);
        }
        // Stripped, "FAIL  a.test.ts > " (no test name, or a line cut there) ends in " >" only.
        String name = body.startsWith("FAIL ") && body.contains(" > ") ? body.substring(5).strip() : "";
        int arrow = name.indexOf(" >");
        if (arrow > 0) {
            metadata.put("file", name.substring(0, arrow));
            return new Recognized(Found.of("test_failure", name(), name, metadata), new Report());
        }
        if (body.startsWith("FAIL ") && body.endsWith(" ]") && body.contains(" [ ")) {
            String file = body.substring(5, body.indexOf(" [ ")).strip();
            metadata.put("file", file);
            return new Recognized(Found.of("test_failure", name(), file, metadata), new Report());
        }
        if (c == 'T') {
            Matcher m = SUMMARY.matcher(body);
            if (m.lookingAt()) {
                metadata.put("scope", m.group("scope"));
                metadata.put("total", Long.parseLong(m.group("total")));
                Found summary = Found.of("test_result", name(), m.group("value").replace(" | ", ", "), metadata);
                return m.group("scope").equals("Tests") ? Recognized.of(summary) : new Recognized(summary, new Summary());
            }
        }
        return null;
    }

    /** The {@code → message} line vitest prints under a failing row. */
    private static Continuation.Fit arrowMessage(String body, Draft draft) {
        return body.startsWith("→ ") ? Continuation.Fit.LAST : Continuation.Fit.NOT;
    }

    /**
     * After {@code Test Files}: the {@code Tests} line gives the event its value and counts (the
     * files' are kept as {@code files} and {@code files_total}); {@code Start at} and
     * {@code Duration} close it.
     */
    private static final class Summary implements Continuation {
        @Override
        public Fit next(String body, Draft draft) {
            Matcher m = SUMMARY.matcher(body);
            if (m.lookingAt() && m.group("scope").equals("Tests")) {
                Map<String, Object> metadata = draft.metadata();
                metadata.put("files", draft.value());
                metadata.put("files_total", metadata.get("total"));
                metadata.put("scope", "Tests");
                metadata.put("total", Long.parseLong(m.group("total")));
                draft.value(m.group("value").replace(" | ", ", "));
                return Fit.PART;
            }
            if (body.startsWith("Start at ")) {
                return Fit.PART;
            }
            return body.startsWith("Duration ") ? Fit.LAST : Fit.NOT;
        }
    }

    /** A failure's report: the error, a diff, the source excerpt, up to the separator. */
    private static final class Report implements Continuation {
        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("⎯")) {
                return Fit.LAST;
            }
            if (body.startsWith("FAIL ") || body.startsWith("Test Files ") || body.startsWith("Tests ")
                    || ShellPromptLine.isTypedCommand(body)) { // a report without its separator
                return Fit.NOT;
            }
            if (!body.isBlank() && !draft.metadata().containsKey("message")) {
                draft.metadata().put("message", body.strip());
            } else if (body.startsWith("❯ ") && !draft.metadata().containsKey("line")) {
                FrameLocation.of(body.substring(2), draft.metadata());
            }
            return Fit.PART;
        }
    }
}
