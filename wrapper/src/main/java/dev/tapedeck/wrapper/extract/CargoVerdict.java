package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cargo's and rustc's own lines among the diagnostics: the verdict of a failed build
 * ({@code error: could not compile `demo` (bin "demo") due to 2 previous errors}, rustc's
 * {@code error: aborting due to 2 previous errors}), a {@code build_result} with the crate and the
 * number of errors; and the counts that are not a problem of their own ({@code warning: `demo`
 * (bin "demo") generated 3 warnings}, {@code warning: 2 warnings emitted}, {@code warning: build
 * failed, waiting for other jobs to finish...}), silent. Under tests: {@code error: test failed, to
 * rerun pass `--lib`} repeats the {@code test result:} verdict above it, silent; {@code error: 2
 * targets failed:} (with --no-fail-fast) is the whole run's verdict, a {@code test_result}.
 */
final class CargoVerdict {
    static final String NAME = "cargo_build_result";

    private CargoVerdict() {
    }

    /** The verdict an {@code error: } line's message states, or null when it is a diagnostic. */
    static Recognizer.Recognized ofError(String message) {
        if (message.startsWith("test failed, to rerun pass")) {
            return Recognizer.Recognized.silent(null);
        }
        long targets = leadingNumber(message, 0);
        if (targets > 0 && (message.endsWith(" target failed:") || message.endsWith(" targets failed:"))) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("failed", targets);
            return Recognizer.Recognized.of(Found.of("test_result", NAME, message, metadata));
        }
        boolean compile = message.startsWith("could not compile `");
        if (!compile && !message.startsWith("aborting due to ")) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (compile) {
            int close = message.indexOf('`', 19);
            if (close > 19) {
                metadata.put("crate", message.substring(19, close));
            }
        }
        int due = message.indexOf("due to ");
        if (due >= 0) {
            long errors = leadingNumber(message, due + 7);
            metadata.put("errors", errors < 0 ? 1 : errors);
        }
        return Recognizer.Recognized.of(Found.of("build_result", NAME, message, metadata));
    }

    /** Silent for cargo's counts of warnings, or null when the line is a diagnostic. */
    static Recognizer.Recognized ofWarning(String message) {
        boolean counted = message.startsWith("`") && message.contains(" generated ") && message.contains(" warning")
                || message.endsWith(" emitted") && leadingNumber(message, 0) >= 0
                || message.startsWith("build failed, waiting for other jobs");
        return counted ? Recognizer.Recognized.silent(null) : null;
    }

    private static long leadingNumber(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 9 && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i == from ? -1 : Long.parseLong(text, from, i, 10);
    }
}
