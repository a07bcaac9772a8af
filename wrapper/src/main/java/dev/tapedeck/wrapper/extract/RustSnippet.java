package dev.tapedeck.wrapper.extract;

import java.util.Map;

/**
 * The lines under a rustc-style headline, up to the blank line that ends it: {@code --> file:l:c}
 * (which makes a code-less {@code error:} a compiler diagnostic and gives it its place), the
 * {@code |} gutter with excerpt, carets and labels, {@code = note:} and {@code help:} lines, and
 * the suggestions. Until an arrow or a gutter has shown the format, any other line ends it, so
 * that git's {@code error: ...} keeps the lines after it. A clippy lint's name is taken from
 * {@code = note: `#[warn(clippy::len_zero)]` on by default} when the headline had no code.
 */
final class RustSnippet implements Continuation {
    /** Headlines of the next diagnostic and cargo's progress and verdict lines. */
    private static final String[] OTHERS = {"error:", "error[", "warning:", "warning[", "Compiling ", "Checking ",
        "Finished ", "Running ", "Fresh ", "Building ", "test result: "};
    private boolean confirmed;

    RustSnippet(boolean confirmed) {
        this.confirmed = confirmed;
    }

    @Override
    public Fit next(String body, Draft draft) {
        if (body.isBlank()) {
            return Fit.NOT;
        }
        if (body.startsWith("-->")) {
            if (!draft.metadata().containsKey("file") && putLocation(body, draft.metadata())) {
                confirm(draft);
            }
            return Fit.PART;
        }
        if (SourceExcerpt.isGutter(body) || body.startsWith("= ")) {
            confirmed = true;
            lintName(body, draft);
            return Fit.PART;
        }
        return confirmed && !startsAnother(body) && !SourceExcerpt.isForeign(body) ? Fit.PART : Fit.NOT;
    }

    /** A line that is not a diagnostic's, should one follow without the usual blank line. */
    private static boolean startsAnother(String body) {
        for (String start : OTHERS) {
            if (body.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    private void confirm(Draft draft) {
        confirmed = true;
        if (draft.eventType().equals("error") || draft.eventType().equals("warning")) {
            draft.eventType("compiler_" + draft.eventType());
            draft.pattern(RustDiagnostic.NAME);
        }
    }

    private static void lintName(String body, Draft draft) {
        if (draft.metadata().containsKey("code")) {
            return;
        }
        int flag = body.indexOf("`-D ");
        int flagEnd = flag < 0 ? -1 : body.indexOf('`', flag + 4);
        if (flagEnd > flag + 4 && flagEnd - flag < 80) {
            // clippy under -D warnings: "= note: `-D clippy::if-same-then-else` implied by `-D warnings`"
            draft.metadata().put("code", body.substring(flag + 4, flagEnd));
            return;
        }
        int at = body.indexOf("#[");
        if (at < 0) {
            return;
        }
        int open = body.indexOf('(', at);
        int close = open < 0 ? -1 : body.indexOf(')', open);
        if (close > open + 1 && close - open < 80) {
            draft.metadata().put("code", body.substring(open + 1, close));
        }
    }

    /** Reads {@code --> path:line:column} into file, line and column; false when it is not one. */
    static boolean putLocation(String body, Map<String, Object> metadata) {
        String place = body.substring(3).strip();
        int second = place.lastIndexOf(':');
        int first = second < 1 ? -1 : place.lastIndexOf(':', second - 1);
        if (first < 1 || !digits(place, first + 1, second) || !digits(place, second + 1, place.length())) {
            return false;
        }
        metadata.put("file", place.substring(0, first));
        metadata.put("line", Long.parseLong(place, first + 1, second, 10));
        metadata.put("column", Long.parseLong(place, second + 1, place.length(), 10));
        return true;
    }

    private static boolean digits(String text, int from, int to) {
        if (to <= from || to - from > 9) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
