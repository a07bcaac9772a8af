package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * eslint's default (stylish) output: a file's path on a line of its own, then one row per problem,
 * {@code   25:49  error    'x' is not defined  no-undef}. Each row is one {@code compiler_error}
 * ({@code error}) or {@code compiler_warning} ({@code warning}) with the file named above (noted per
 * stream while the rows follow each other), line, column and the rule as {@code code} (none for a
 * parsing error). The {@code ✖ 5 problems (3 errors, 2 warnings)} summary is the
 * {@code eslint_summary} pattern's.
 */
final class EslintRow implements Recognizer {
    static final String NAME = "eslint";
    private static final List<String> KEYWORDS = List.of("  error  ", "  warning  ");
    private static final int MAX_RULE_CHARS = 80;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public Recognized recognize(String body, String previous) {
        return recognize(body, previous, new StreamNotes());
    }

    @Override
    public Recognized recognize(String body, String previous, StreamNotes notes) {
        Row row = Row.of(body);
        if (row == null) {
            return null;
        }
        String file = null;
        if (previous != null && Row.of(previous) != null) {
            file = notes.of(this);
        } else if (previous != null && isPath(previous)) {
            file = previous.strip();
            notes.note(this, file);
        } else {
            notes.note(this, null);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (file != null) {
            metadata.put("file", file);
        }
        metadata.put("line", row.line);
        metadata.put("column", row.column);
        if (row.rule != null) {
            metadata.put("code", row.rule);
        }
        return Recognized.of(Found.of(row.error ? "compiler_error" : "compiler_warning", NAME, row.message, metadata));
    }

    /** A line that is only a path: absolute, relative with a slash, or a Windows drive's. */
    private static boolean isPath(String text) {
        String path = text.strip();
        if (path.isEmpty() || path.length() > 1024) {
            return false;
        }
        boolean rooted = path.charAt(0) == '/' || path.startsWith("./") || path.startsWith("../")
                || path.length() > 2 && path.charAt(1) == ':' && path.charAt(2) == '\\';
        return rooted || path.indexOf('/') > 0 && path.indexOf(' ') < 0;
    }

    /** {@code 25:49  error  message  rule}. */
    private record Row(long line, long column, boolean error, String message, String rule) {
        static Row of(String body) {
            int colon = digitsEnd(body, 0);
            boolean colonNext = colon > 0 && colon < body.length() && body.charAt(colon) == ':';
            int columnEnd = colonNext ? digitsEnd(body, colon + 1) : -1;
            if (columnEnd <= colon + 1 || !body.startsWith("  ", columnEnd)) {
                return null;
            }
            int word = skipSpaces(body, columnEnd);
            boolean error = body.startsWith("error  ", word);
            if (!error && !body.startsWith("warning  ", word)) {
                return null;
            }
            int text = skipSpaces(body, word + (error ? 5 : 7));
            String rest = body.substring(text).stripTrailing();
            if (rest.isEmpty()) {
                return null;
            }
            int gap = rest.lastIndexOf("  ");
            String rule = gap < 0 ? null : rest.substring(gap + 2).strip();
            String message = rest;
            if (rule != null && isRule(rule)) {
                message = rest.substring(0, gap).strip();
            } else {
                rule = null;
            }
            return new Row(Long.parseLong(body, 0, colon, 10), Long.parseLong(body, colon + 1, columnEnd, 10), error,
                    message, rule);
        }

        private static boolean isRule(String rule) {
            if (rule.isEmpty() || rule.length() > MAX_RULE_CHARS) {
                return false;
            }
            for (int i = 0; i < rule.length(); i++) {
                char c = rule.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c == '/' || c == '@' || c == '_' || c == '.')) {
                    return false;
                }
            }
            return true;
        }

        private static int digitsEnd(String text, int from) {
            int i = from;
            while (i < text.length() && i - from < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            return i;
        }

        private static int skipSpaces(String text, int from) {
            int i = from;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
