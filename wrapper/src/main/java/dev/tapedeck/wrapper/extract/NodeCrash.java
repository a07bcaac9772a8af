package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Node.js's report of an uncaught error, as one {@code exception}: where it was thrown
 * ({@code /app/x.js:2}, {@code node:internal/modules/cjs/loader:1210}), the source line, a caret
 * line, a blank line, the error ({@code Error: boom}, {@code TypeError: ...}: its type and message),
 * the {@code at} frames (the first outside Node's own {@code node:} code gives {@code file} and
 * {@code line}), the properties Node prints after them ({@code code: 'MODULE_NOT_FOUND'}) and the
 * {@code Node.js v20.20.2} trailer. The event sits on the error's line. The first line alone states
 * nothing: unless the caret follows it, it gives no event.
 */
final class NodeCrash implements Recognizer {

    @Override
    public String name() {
        return "node_crash";
    }

    @Override
    public List<String> keywords() {
        return List.of("js:", "ts:", "node:", ">:");
    }

    @Override
    public Recognized recognize(String line, String previous) {
        String body = line.stripTrailing();
        int colon = body.lastIndexOf(':');
        if (colon <= 0 || colon == body.length() - 1 || body.indexOf(' ') >= 0 || body.length() > 1000) {
            return null;
        }
        for (int i = colon + 1; i < body.length(); i++) {
            if (!Character.isDigit(body.charAt(i))) {
                return null;
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("thrown_at", body);
        return new Recognized(Found.of(null, name(), null, metadata), new Report());
    }

    /** The lines after where the error was thrown; the report's shape is checked as it comes. */
    private static final class Report implements Continuation {
        /** After the frames, Node prints the error's own properties and its version: a few lines. */
        private static final int MAX_TRAILER_LINES = 20;
        private int seen;
        private boolean typed;
        private boolean framed;
        private int trailer;

        @Override
        public Fit next(String line, Draft draft) {
            String body = line.stripTrailing();
            seen++;
            if (seen == 1) {
                return Fit.PART;
            }
            if (seen == 2) {
                return PythonFrames.isCaret(body) ? Fit.PART : Fit.NOT;
            }
            if (!typed) {
                return error(body, draft);
            }
            if (body.startsWith("at ")) {
                framed = true;
                locate(body, draft);
                return Fit.PART;
            }
            if (!framed && (body.equals("Require stack:") || body.startsWith("- "))) {
                return Fit.PART;
            }
            if (body.startsWith("Node.js v")) {
                return Fit.LAST;
            }
            return framed && ++trailer <= MAX_TRAILER_LINES ? Fit.PART : Fit.NOT;
        }

        /** The first frame outside Node's own code gives the location. */
        private static void locate(String frame, Draft draft) {
            if (!draft.metadata().containsKey("line") && !frame.contains("(node:") && !frame.startsWith("at node:")) {
                FrameLocation.of(frame.endsWith(" {") ? frame.substring(0, frame.length() - 2) : frame, draft.metadata());
            }
        }

        /** Before the error: blank lines; then the error line, which types the event. */
        private Fit error(String body, Draft draft) {
            if (body.isEmpty()) {
                return Fit.PART;
            }
            Matcher m = ExceptionLine.parse(body);
            String type;
            String value;
            if (m != null) {
                type = m.group("type");
                value = m.group("value") == null ? "" : m.group("value").strip();
            } else if (body.startsWith("Error: ") || body.equals("Error")) {
                type = "Error";
                value = body.length() > 7 ? body.substring(7).strip() : "";
            } else {
                return Fit.NOT;
            }
            draft.eventType("exception");
            draft.metadata().put("type", type);
            draft.value(value.isEmpty() ? type : value);
            draft.anchorHere();
            typed = true;
            return Fit.PART;
        }
    }
}
