package dev.tapedeck.wrapper.extract;

/**
 * The {@code path:line[:column]: }, {@code path:line:column - } or {@code path(line[,column]): } that
 * starts a diagnostic, read by hand in one pass (no regex, so a hostile line costs its length): the
 * path is the text up to the first colon or parenthesis followed by a line number, and holds no
 * white space. {@code end} is where the rest of the line (past {@code ": "}) starts; column is 0
 * when none is given.
 */
record SourceLocation(String path, long line, long column, int end) {
    private static final int MAX_PATH_CHARS = 1024;

    /** The location the text starts with at from, or null. */
    static SourceLocation at(String text, int from) {
        int limit = Math.min(text.length(), from + MAX_PATH_CHARS);
        for (int i = from + 1; i < limit; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                return null;
            }
            SourceLocation found = c == ':' ? colonForm(text, from, i) : c == '(' ? parenForm(text, from, i) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** {@code path:12: } or {@code path:12:5: } with the colon at i. */
    private static SourceLocation colonForm(String text, int from, int i) {
        int lineEnd = digitsEnd(text, i + 1);
        if (lineEnd == i + 1 || lineEnd >= text.length() || text.charAt(lineEnd) != ':') {
            return null;
        }
        long column = 0;
        int end = lineEnd;
        int columnEnd = digitsEnd(text, lineEnd + 1);
        if (columnEnd > lineEnd + 1 && text.startsWith(" - ", columnEnd)) {
            // pyright's (and tsc's pretty) "path:3:5 - error: ..."
            String path = text.substring(from, i);
            return new SourceLocation(path, number(text, i + 1, lineEnd), number(text, lineEnd + 1, columnEnd),
                    columnEnd + 3);
        }
        if (columnEnd > lineEnd + 1 && columnEnd < text.length() && text.charAt(columnEnd) == ':') {
            column = number(text, lineEnd + 1, columnEnd);
            end = columnEnd;
        }
        return located(text, from, i, number(text, i + 1, lineEnd), column, end);
    }

    /** {@code path(12): } or {@code path(12,5): } with the parenthesis at i (tsc, MSVC, dotnet). */
    private static SourceLocation parenForm(String text, int from, int i) {
        int lineEnd = digitsEnd(text, i + 1);
        if (lineEnd == i + 1 || lineEnd >= text.length()) {
            return null;
        }
        long column = 0;
        int close = lineEnd;
        if (text.charAt(lineEnd) == ',') {
            close = digitsEnd(text, lineEnd + 1);
            if (close == lineEnd + 1) {
                return null;
            }
            column = number(text, lineEnd + 1, close);
        }
        if (close + 1 >= text.length() || text.charAt(close) != ')' || text.charAt(close + 1) != ':') {
            return null;
        }
        return located(text, from, i, number(text, i + 1, lineEnd), column, close + 1);
    }

    /** The location when a space follows the colon at colon and the path is one. */
    private static SourceLocation located(String text, int from, int pathEnd, long line, long column, int colon) {
        if (colon + 1 >= text.length() || text.charAt(colon + 1) != ' ') {
            return null;
        }
        String path = text.substring(from, pathEnd);
        if (path.contains("://") || digitsEnd(path, 0) == path.length()) {
            return null;
        }
        return new SourceLocation(path, line, column, colon + 2);
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static long number(String text, int from, int to) {
        return Long.parseLong(text, from, to, 10);
    }

    /** The path's extension, lower case, or "" ({@code main.go} gives {@code go}). */
    String extension() {
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1);
    }
}
