package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * logfmt lines ({@code key=value} pairs, values quoted when they hold spaces) with a level of error
 * or warning: Prometheus and go-kit ({@code ts=... caller=main.go:469 level=error msg="..."}),
 * logrus's text format, Go's slog ({@code level=ERROR}). The line must start with a pair and hold
 * a message, an error or at least three pairs, so that prose that mentions {@code level=error} is
 * not a log. Value: {@code msg} (or {@code message}, {@code error}, {@code err}); metadata: the
 * level, the logger ({@code component}, {@code logger}, {@code module}), {@code caller}, {@code err}.
 */
final class LogfmtLine implements Recognizer {
    static final String NAME = "logfmt_level";
    private static final int MAX_PAIRS = 64;
    private static final int MAX_KEY_CHARS = 40;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("level=", "lvl=");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (!errorOrWarning(body, "level=") && !errorOrWarning(body, "lvl=")) {
            return null; // most lines are info: no need to read their pairs
        }
        Map<String, String> pairs = pairsOf(body);
        if (pairs == null) {
            return null;
        }
        String level = pairs.containsKey("level") ? pairs.get("level") : pairs.get("lvl");
        String type = level == null ? null : LogLevel.eventType(level, true);
        String message = first(pairs, "msg", "message", "error", "err");
        if (type == null || type.equals(LogLevel.SILENT) || message == null && pairs.size() < 3) {
            return null;
        }
        String value = LogLevelLine.valueOf(message == null ? body : message);
        if (value == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("level", level);
        putIfPresent(metadata, "logger", first(pairs, "component", "logger", "module", "source"));
        putIfPresent(metadata, "caller", pairs.get("caller"));
        String error = first(pairs, "err", "error");
        if (error != null && !error.equals(message)) {
            metadata.put("err", error.strip());
        }
        return Recognized.of(Found.of(type, NAME, value, metadata));
    }

    /** Whether the first {@code key} pair (at the start or after a space) says error or warning. */
    private static boolean errorOrWarning(String s, String key) {
        int at = s.indexOf(key);
        while (at > 0 && s.charAt(at - 1) != ' ') {
            at = s.indexOf(key, at + 1);
        }
        if (at < 0) {
            return false;
        }
        int from = at + key.length();
        if (from < s.length() && s.charAt(from) == '"') {
            from++;
        }
        int end = from;
        while (end < s.length() && end - from < 10 && Character.isLetter(s.charAt(end))) {
            end++;
        }
        String type = LogLevel.eventType(s.substring(from, end), true);
        return type != null && !type.equals(LogLevel.SILENT);
    }

    /** The line's pairs in order, or null when it does not start with one. */
    private static Map<String, String> pairsOf(String s) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        for (int read = 0; i < s.length() && read < MAX_PAIRS; read++) {
            int eq = i;
            while (eq < s.length() && eq - i <= MAX_KEY_CHARS && isKeyChar(s.charAt(eq))) {
                eq++;
            }
            if (eq == i || eq >= s.length() || s.charAt(eq) != '=') {
                break;
            }
            int end = valueEnd(s, eq + 1);
            pairs.putIfAbsent(s.substring(i, eq), unquote(s, eq + 1, end));
            i = LogLevelLine.skipSpaces(s, end);
        }
        return pairs.isEmpty() || i == 0 ? null : pairs;
    }

    private static int valueEnd(String s, int from) {
        if (from < s.length() && s.charAt(from) == '"') {
            for (int i = from + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i + 1;
                }
            }
            return s.length();
        }
        int i = from;
        while (i < s.length() && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    private static String unquote(String s, int from, int end) {
        if (end - from >= 2 && s.charAt(from) == '"' && s.charAt(end - 1) == '"') {
            return s.substring(from + 1, end - 1).replace("\\\"", "\"").replace("\\n", "\n");
        }
        return s.substring(from, end);
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    private static String first(Map<String, String> pairs, String... keys) {
        for (String key : keys) {
            String value = pairs.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, Object> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }
}
