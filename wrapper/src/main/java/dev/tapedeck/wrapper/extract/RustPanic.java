package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Rust panic as one {@code exception} event with the panic's {@code file}, {@code line} and
 * {@code column}. Current Rust prints {@code thread 'tests::x' (12345) panicked at src/lib.rs:77:9:}
 * (the thread id since 1.87, none before) and the message on the next lines; before 1.73 the message
 * came first: {@code thread 'main' panicked at 'boom', src/main.rs:4:5}. The message, the
 * {@code note: run with `RUST_BACKTRACE=1`} line and a {@code stack backtrace:} with its frames
 * belong to the event; a blank line ends it. In {@code cargo test} a panic is printed inside the
 * failed test's captured output ({@code ---- tests::x stdout ----}): that section is the detail of
 * the test's failure and gives no event.
 */
final class RustPanic implements Recognizer {
    private static final Pattern PANIC = Pattern.compile(
            "^thread '(?<thread>[^']{0,200})'(?: \\(\\d{1,20}\\))? panicked at "
            + "(?:'(?<value>.*)', )?(?<file>[^\\s:']{1,500}):(?<line>\\d{1,9}):(?<column>\\d{1,9}):?$");

    @Override
    public String name() {
        return "rust_panic";
    }

    @Override
    public List<String> keywords() {
        return List.of("panicked at ", "---- ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.startsWith("---- ") && body.endsWith(" stdout ----")) {
            return Recognized.silent(RustPanic::capturedOutput);
        }
        Matcher m = body.startsWith("thread '") ? PANIC.matcher(body.stripTrailing()) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("thread", m.group("thread"));
        metadata.put("file", m.group("file"));
        metadata.put("line", Long.parseLong(m.group("line")));
        metadata.put("column", Long.parseLong(m.group("column")));
        String value = m.group("value");
        return new Recognized(Found.of("exception", name(), value == null ? "panic" : value, metadata),
                new Rest(value == null));
    }

    /**
     * The output cargo test captured from a failed test ({@code ---- tests::x stdout ----}), its
     * panic included: the failure's detail, reported by the {@code test x ... FAILED} row.
     */
    private static Continuation.Fit capturedOutput(String body, Draft draft) {
        return body.startsWith("---- ") || body.startsWith("failures:") || body.startsWith("test result: ")
                || ShellPromptLine.isTypedCommand(body) ? Continuation.Fit.NOT : Continuation.Fit.PART;
    }

    /** The message (when the headline had none), the note and the backtrace. */
    private static final class Rest implements Continuation {
        private boolean wantsMessage;
        private boolean inBacktrace;

        Rest(boolean wantsMessage) {
            this.wantsMessage = wantsMessage;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.isBlank()) {
                return Fit.NOT;
            }
            if (body.startsWith("note: run with `RUST_BACKTRACE") || body.startsWith("note: Some details are omitted")) {
                return Fit.LAST;
            }
            if (body.startsWith("stack backtrace:")) {
                inBacktrace = true;
                return Fit.PART;
            }
            if (inBacktrace) {
                boolean frame = body.startsWith("at ") || !body.isEmpty() && Character.isDigit(body.charAt(0))
                        && body.indexOf(": ") > 0;
                return frame ? Fit.PART : Fit.NOT;
            }
            if (body.startsWith("error: ") || body.startsWith("error[") || body.startsWith("warning: ")
                    || body.startsWith("thread '") || body.startsWith("test ") || body.startsWith("failures:")
                    || ShellPromptLine.isTypedCommand(body)) { // a panic hook's report has no note to end it
                return Fit.NOT;
            }
            if (wantsMessage) {
                wantsMessage = false;
                draft.value(body.strip());
            }
            return Fit.PART;
        }
    }
}
