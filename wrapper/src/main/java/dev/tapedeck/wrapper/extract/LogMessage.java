package dev.tapedeck.wrapper.extract;

import java.util.Map;

/**
 * What follows a log line's level: the separators ({@code :}, {@code -}, loguru's {@code |
 * location -}), the process (nginx's {@code 1#1: *5}, pino-pretty's {@code (name/pid):}), the
 * logger ({@code [name]}, {@code pkg.Name -}, {@code pkg.mod:}) and, after them, the message.
 */
final class LogMessage {
    private LogMessage() {
    }

    /** The message after the level, with the logger and process it names in metadata, or null. */
    static String after(String s, int end, boolean bracketed, Map<String, Object> metadata) {
        int i = end;
        if (!bracketed && i < s.length() && s.charAt(i) == ':' && i + 1 < s.length() && s.charAt(i + 1) != ' ') {
            int colon = s.indexOf(':', i + 1);
            if (colon < 0 || colon - i > LogLevelLine.MAX_TOKEN_CHARS || s.substring(i + 1, colon).contains(" ")) {
                return null;
            }
            metadata.put("logger", s.substring(i + 1, colon));
            return LogLevelLine.valueOf(s.substring(colon + 1));
        }
        i = skipSeparators(s, i);
        if (s.startsWith("-- ", i)) { // Ruby's Logger: "-- progname: message"
            int colon = s.indexOf(": ", i + 3);
            if (colon > 0 && colon - i <= LogLevelLine.MAX_TOKEN_CHARS) {
                if (colon > i + 3) {
                    metadata.put("logger", s.substring(i + 3, colon).strip());
                }
                return LogLevelLine.valueOf(s.substring(colon + 2));
            }
        }
        if (s.startsWith("| ", i)) {
            int dash = s.indexOf(" - ", i);
            if (dash < 0 || dash - i > 2 * LogLevelLine.MAX_TOKEN_CHARS) {
                return null; // a table's cell, not loguru's location
            }
            metadata.put("location", s.substring(i + 2, dash).strip());
            i = dash + 3;
        } else if (s.startsWith("(", i) && closingParenColon(s, i) > 0) {
            i = prettyProcess(s, i, metadata);
        } else if (!bracketed && i < s.length() && "=,;()|".indexOf(s.charAt(i)) >= 0) {
            return null; // code or a list naming the level
        }
        i = LogLevelLine.skipSpaces(s, i);
        i = processId(s, i, metadata);
        i = logger(s, i, metadata);
        return LogLevelLine.valueOf(s.substring(Math.min(i, s.length())));
    }

    private static int skipSeparators(String s, int from) {
        int i = LogLevelLine.skipSpaces(s, from);
        if (s.startsWith("/", i)) { // Celery's ERROR/MainProcess]
            int close = LogLevelLine.closing(s, i - 1);
            i = close < 0 ? i : LogLevelLine.skipSpaces(s, close + 1);
        }

        if (i < s.length() && s.charAt(i) == ':') {
            i = LogLevelLine.skipSpaces(s, i + 1);
        }
        if (s.startsWith("- ", i)) {
            i = LogLevelLine.skipSpaces(s, i + 2);
        }
        return i;
    }

    /** The position of the {@code )} of pino-pretty's {@code (pid):} or {@code (name/pid):}, or -1. */
    private static int closingParenColon(String s, int open) {
        int limit = Math.min(s.length() - 1, open + 1 + LogLevelLine.MAX_TOKEN_CHARS);
        for (int i = open + 1; i < limit; i++) {
            char c = s.charAt(i);
            if (c == ')') {
                return s.charAt(i + 1) == ':' ? i : -1;
            }
            if (c == ' ' || c == '(') {
                return -1;
            }
        }
        return -1;
    }

    /** pino-pretty's {@code (name/pid):}: the name as logger, the pid into metadata. */
    private static int prettyProcess(String s, int open, Map<String, Object> metadata) {
        int close = closingParenColon(s, open);
        String inside = s.substring(open + 1, close);
        int slash = inside.lastIndexOf('/');
        String pid = inside.substring(slash + 1);
        if (slash > 0) {
            metadata.put("logger", inside.substring(0, slash));
        }
        if (!pid.isEmpty() && LogLevelLine.digitsEnd(pid, 0) == pid.length() && pid.length() < 18) {
            metadata.putIfAbsent("pid", Long.parseLong(pid));
        }
        return LogLevelLine.skipSpaces(s, close + 2);
    }

    /** nginx's {@code 1#1: *5 } (process, thread, connection): the process into metadata. */
    private static int processId(String s, int from, Map<String, Object> metadata) {
        int i = from;
        int digits = LogLevelLine.digitsEnd(s, i);
        if (digits == i || digits >= s.length() || s.charAt(digits) != '#') {
            return from;
        }
        int thread = LogLevelLine.digitsEnd(s, digits + 1);
        if (thread == digits + 1 || !s.startsWith(": ", thread)) {
            return from;
        }
        metadata.putIfAbsent("pid", Long.parseLong(s.substring(i, Math.min(digits, i + 18))));
        i = LogLevelLine.skipSpaces(s, thread + 1);
        if (i < s.length() && s.charAt(i) == '*') {
            int connection = LogLevelLine.digitsEnd(s, i + 1);
            if (connection > i + 1 && connection < s.length() && s.charAt(connection) == ' ') {
                i = LogLevelLine.skipSpaces(s, connection);
            }
        }
        return i;
    }

    /**
     * A logger named before the message: {@code [name] }, {@code pkg.Name - } or {@code pkg.mod: }
     * (a plain word before a colon may be the message's own start, so only a dotted, underscored or
     * slashed name counts).
     */
    private static int logger(String s, int from, Map<String, Object> metadata) {
        if (from < s.length() && s.charAt(from) == '[') {
            int close = LogLevelLine.closing(s, from);
            if (close > from + 1 && close + 1 < s.length() && s.charAt(close + 1) == ' ') {
                metadata.put("logger", s.substring(from + 1, close).strip());
                return LogLevelLine.skipSpaces(s, close + 1);
            }
            return from;
        }
        int end = from;
        while (end < s.length() && s.charAt(end) != ' ' && end - from <= LogLevelLine.MAX_TOKEN_CHARS) {
            end++;
        }
        if (end - from > LogLevelLine.MAX_TOKEN_CHARS || end == from) {
            return from;
        }
        if (s.startsWith(" - ", end)) {
            metadata.put("logger", s.substring(from, end));
            return end + 3;
        }
        String name = s.substring(from, end - 1);
        if (s.charAt(end - 1) == ':' && end < s.length() && !name.isEmpty()
                && (name.indexOf('.') > 0 || name.indexOf('_') >= 0 || name.indexOf("::") > 0 || name.indexOf('/') > 0)) {
            metadata.put("logger", name);
            return end;
        }
        return from;
    }
}
