package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vitest, and the rows jest prints with {@code --verbose}. A failing row ({@code × adds wrong 5ms},
 * {@code ✗ ...}, jest's {@code ✕ adds wrong (3 ms)}) is a {@code test_failure}, with the
 * {@code → message} line under it; passing rows ({@code ✓}) are silent. The report of a failure
 * ({@code FAIL  sum.test.ts > sum > adds wrong}) takes everything up to its {@code ⎯⎯⎯[1/2]⎯}
 * separator: the error becomes its {@code message}, the {@code ❯ sum.test.ts:5:48} line its
 * {@code file} and {@code line}. The summaries ({@code Test Files  1 failed | 7 passed (8)},
 * {@code Tests  2 failed | 20 passed (22)}) are {@code test_result}s with the counts and the total.
 */
final class VitestLines implements Recognizer {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(?<scope>Test Files|Tests) ++(?<value>(?:\\d++ [a-z]++(?: \\| )?){1,8}) \\((?<total>\\d{1,9})\\)");
    /** A row's duration: vitest's {@code 5ms}, {@code 1.2s}; jest's {@code (3 ms)}. */
    private static final Pattern DURATION = Pattern.compile("^\\(?\\d{1,9}(?:\\.\\d{1,9})? ?m?s\\)?$");

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
            String name = withoutDuration(body.substring(2).strip());
            return name.isEmpty() ? null
                    : new Recognized(Found.of("test_failure", name(), name, metadata), VitestLines::arrowMessage);
        }
        if (body.startsWith("FAIL ") && body.contains(" > ")) {
            String name = body.substring(5).strip();
            metadata.put("file", name.substring(0, name.indexOf(" > ")));
            return new Recognized(Found.of("test_failure", name(), name, metadata), new Report());
        }
        if (c == 'T') {
            Matcher m = SUMMARY.matcher(body);
            if (m.lookingAt()) {
                metadata.put("scope", m.group("scope"));
                metadata.put("total", Long.parseLong(m.group("total")));
                return Recognized.of(Found.of("test_result", name(), m.group("value").replace(" | ", ", "), metadata));
            }
        }
        return null;
    }

    /** The row without the duration at its end. */
    private static String withoutDuration(String row) {
        int cut = row.endsWith(")") ? row.lastIndexOf(" (") : row.lastIndexOf(' ');
        if (cut > 0 && row.length() - cut < 20 && DURATION.matcher(row.substring(cut + 1)).matches()) {
            return row.substring(0, cut).stripTrailing();
        }
        return row;
    }

    private static Continuation.Fit arrowMessage(String body, Draft draft) {
        if (body.startsWith("→ ") && draft.lines() == 0) {
            draft.metadata().put("message", body.substring(2).strip());
            return Continuation.Fit.LAST;
        }
        return Continuation.Fit.NOT;
    }

    /** A failure's report: the error, a diff, the source excerpt, up to the separator. */
    private static final class Report implements Continuation {
        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("⎯")) {
                return Fit.LAST;
            }
            if (body.startsWith("FAIL ") || body.startsWith("Test Files ") || body.startsWith("Tests ")) {
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
