package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception stated on a line of its own, and the stack frames under it, as one event.
 * {@code Exception in thread "main" java.lang.X: msg} and {@code Caused by: ...} are exceptions as
 * they stand. A bare {@code java.io.IOException: gone} or {@code TypeError: bad input} (a name with
 * an exception's suffix), or a module-qualified name whatever its suffix
 * ({@code requests.exceptions.ConnectionError: ...}), is one only when {@code at} frames follow it:
 * alone, it is a message quoted in prose, help text or a log, and gives no event; right under a log
 * record at level ERROR ({@code log.error("failed", e)}) it and its frames are the record's detail,
 * silent. {@code Error: x} is left to the error patterns ({@link NodeCrash} reads Node's uncaught
 * errors), a Python traceback's own exception line to {@link PythonTraceback}.
 *
 * <p>The frames ({@code at pkg.Cls.m(File.java:12)}, {@code at fn (/x.js:3:9)}), {@code Caused by:},
 * {@code Suppressed:} and {@code ... 3 more} lines join the event: the type is the first line's, the
 * innermost (first) frame gives {@code file} and {@code line} (Node's own {@code node:} frames are
 * passed over), and the last {@code Caused by:} is kept as {@code root_cause}.
 */
final class ExceptionLine implements Recognizer {
    private static final List<String> SUFFIXES = List.of("Error", "Exception", "Exit", "Interrupt", "Warning",
            "NotFound", "Failure", "Fault", "Timeout", "Rejection");
    private static final Pattern SUFFIXED = Pattern.compile(
            "^(?:Exception in thread \"(?<thread>[^\"]{1,200})\" |Caused by: )?"
            + "(?<type>(?:[a-zA-Z_][\\w$]*+\\.){0,64}[A-Z][\\w$]*+)(?:: (?<value>.*+))?$");
    private static final Pattern QUALIFIED = Pattern.compile(
            "^(?<type>[a-z_]\\w*+(?:\\.[a-z_]\\w*+){0,64}\\.[A-Z]\\w*+): (?<value>.+?)(?<!\\s)\\s*$");

    @Override
    public String name() {
        return "exception";
    }

    @Override
    public List<String> keywords() {
        return List.of("Error", "Exception", "Exit", "Interrupt", "Warning", "NotFound", "Failure", "Fault",
                "Timeout", "Rejection", ": ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        char c = body.isEmpty() ? ' ' : body.charAt(0);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')) {
            return null;
        }
        if (body.startsWith("Error: ")) {
            return null;
        }
        Matcher m = parse(body);
        return m == null ? null : found(m, m.pattern() == SUFFIXED ? m.group("thread") : null, previous);
    }

    /** The line read as an exception (groups type and value), or null. */
    static Matcher parse(String line) {
        String body = line.stripTrailing();
        int start = 0;
        if (body.startsWith("Caused by: ")) {
            start = 11;
        } else if (body.startsWith("Exception in thread \"")) {
            int quote = body.indexOf("\" ", 21);
            if (quote < 0) {
                return null;
            }
            start = quote + 2;
        }
        int colon = body.indexOf(": ", start);
        int typeEnd = colon < 0 ? body.length() : colon;
        if (typeEnd <= start) {
            return null;
        }
        if (hasExceptionSuffix(body, typeEnd)) {
            Matcher m = SUFFIXED.matcher(body);
            return m.matches() ? m : null;
        }
        if (colon > 0 && body.lastIndexOf('.', typeEnd) > 0 && start == 0) {
            Matcher m = QUALIFIED.matcher(body);
            return m.matches() ? m : null;
        }
        return null;
    }

    /** Whether the text before end ends with one of the suffixes of exception names. */
    private static boolean hasExceptionSuffix(String text, int end) {
        for (String suffix : SUFFIXES) {
            if (text.startsWith(suffix, end - suffix.length())) {
                return true;
            }
        }
        return false;
    }

    private Recognized found(Matcher m, String thread, String previous) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        String type = m.group("type");
        metadata.put("type", type);
        if (thread != null) {
            metadata.put("thread", thread);
        }
        String value = m.group("value") == null ? "" : m.group("value").strip();
        // Uncaught and named so, or a cause: an exception. A bare "X: msg" line is one only when
        // frames follow; alone it is a message quoted in prose, help text or a log.
        boolean surely = thread != null || m.group("type") != null && m.start("type") > 0;
        if (!surely && ErrorRecord.isErrorRecord(previous)) {
            return Recognized.silent(new Frames(null));
        }
        return new Recognized(Found.of(surely ? "exception" : null, name(), value.isEmpty() ? type : value, metadata),
                new Frames(surely ? null : "exception"));
    }

    /** The frames under an exception line; the first gives the location. */
    static final class Frames implements Continuation {
        /** The event's type once a frame is seen (null: it stays as it is). */
        private final String typeWithFrames;
        private boolean located;

        Frames(String typeWithFrames) {
            this.typeWithFrames = typeWithFrames;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("at ") && body.length() > 3) {
                locate(body, draft);
                return Fit.PART;
            }
            if (body.startsWith("Caused by: ") || located && (body.startsWith("... ") && body.endsWith(" more")
                    || body.startsWith("Suppressed: ") || body.startsWith("Common frames omitted"))) {
                if (body.startsWith("Caused by: ")) {
                    draft.metadata().put("root_cause", body.substring(11).strip());
                }
                return Fit.PART;
            }
            return Fit.NOT;
        }

        private void locate(String frame, Draft draft) {
            if (!located) {
                located = true;
                if (typeWithFrames != null) {
                    draft.eventType(typeWithFrames);
                }
            }
            if (!draft.metadata().containsKey("line") && !frame.contains("(node:") && !frame.startsWith("at node:")) {
                FrameLocation.of(frame, draft.metadata());
            }
        }
    }
}
