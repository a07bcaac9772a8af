package dev.tapedeck.wrapper.extract;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pattern should see of a line: the line without the prefixes that tools and terminals put
 * before the text a tool printed. Stripped, in any order and up to {@value #MAX_PREFIXES} deep:
 * indentation; an agent's gutter ({@code ⎿}, {@code │}, {@code ┃}, {@code |}); docker compose's
 * {@code service-1  | }; a timestamp (ISO 8601 with {@code T} or a space, {@code 2026/12/03
 * 12:00:00}, syslog's {@code Dec  3 12:00:00 host prog[42]:}, a bare {@code 12:00:00.123}, bracketed
 * or not); a {@code [pid]}. The service and the process id become the event's metadata. The stored
 * line keeps its prefixes. A line with none is returned as it is, without allocating; so is a
 * Markdown table's row ({@code | error: | what it means |}), whose bars are no gutter.
 */
final class LinePrefix {
    private static final int MAX_PREFIXES = 4;
    private static final int MAX_SERVICE_CHARS = 64;
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^\\[?(?:\\d{4}[-/]\\d\\d[-/]\\d\\d(?:[T ]|, )\\d\\d:\\d\\d(?::\\d\\d(?:[.,]\\d{1,9})?)?"
            + "|\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?)(?:Z|[+-]\\d\\d:?\\d\\d| ?UTC)?\\]?(?::|\\s++-)?(?:\\s++|$)");
    private static final Pattern SYSLOG = Pattern.compile(
            "^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?"
            + " (?:[\\w.-]{1,64} )?(?<service>[\\w./-]{1,64})(?:\\[(?<pid>\\d{1,10})\\])?: ");
    private static final Pattern PID = Pattern.compile("^\\[(?<pid>\\d{1,10})\\]:?\\s++");

    /** A line's text for patterns and what was taken from its front. */
    record Body(String text, String service, String pid) {
        boolean stripped(String original) {
            return text != original;
        }

        void addTo(Map<String, Object> metadata) {
            if (service != null) {
                metadata.putIfAbsent("service", service);
            }
            if (pid != null) {
                metadata.putIfAbsent("pid", Long.parseLong(pid));
            }
        }
    }

    private LinePrefix() {
    }

    static Body of(String line) {
        if (isTableRow(line)) {
            return new Body(line, null, null);
        }
        String service = null;
        String pid = null;
        int start = 0;
        for (int round = 0; round < MAX_PREFIXES && start < line.length(); round++) {
            int next = skipSpaceAndGutter(line, start);
            char c = next < line.length() ? line.charAt(next) : ' ';
            if (c >= '0' && c <= '9' || c == '[') {
                Matcher m = TIMESTAMP.matcher(line).region(next, line.length());
                if (m.lookingAt()) {
                    next = m.end();
                } else if (c == '[' && (m = PID.matcher(line).region(next, line.length())).lookingAt()) {
                    pid = m.group("pid");
                    next = m.end();
                }
            } else if (c >= 'A' && c <= 'S' && next + 3 < line.length() && line.charAt(next + 3) == ' ') {
                Matcher m = SYSLOG.matcher(line).region(next, line.length());
                if (m.lookingAt()) {
                    service = m.group("service");
                    pid = m.group("pid") == null ? pid : m.group("pid");
                    next = m.end();
                }
            }
            int bar = next == skipSpaceAndGutter(line, start) ? composeBar(line, next) : -1;
            if (bar > 0) {
                service = composeService(line, next, bar);
                next = bar + 1;
            }
            if (next == start) {
                break;
            }
            start = next;
        }
        if (start == 0) {
            return new Body(line, null, null);
        }
        int from = skipSpaceAndGutter(line, start);
        return new Body(line.substring(from), service, pid);
    }

    /**
     * A Markdown table's row, in ASCII or as an agent draws it: a bar first and last and one between
     * at least. Its bars are the table's, not a gutter: its first cell is not a line of its own.
     */
    private static boolean isTableRow(String line) {
        int first = 0;
        while (first < line.length() && line.charAt(first) == ' ') {
            first++;
        }
        char bar = first < line.length() ? line.charAt(first) : ' ';
        if (bar != '|' && bar != '│' && bar != '┃' && bar != '║') {
            return false;
        }
        int last = line.length() - 1;
        while (last > first && line.charAt(last) == ' ') {
            last--;
        }
        return last > first && line.charAt(last) == bar && line.indexOf(bar, first + 1) < last;
    }

    private static int skipSpaceAndGutter(String line, int from) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '⎿' || c == '│' || c == '┃' || c == '▏' || c == '║'
                    || c == '|' && i + 1 < line.length() && line.charAt(i + 1) == ' ') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * The position of docker compose's bar in {@code name-1  | text}: a service name of letters,
     * digits, {@code _ . -} that ends in {@code -N} (compose v2) or {@code _N} (v1), spaces, then
     * {@code | }; or -1.
     */
    private static int composeBar(String line, int from) {
        int i = from;
        int end = Math.min(line.length(), from + MAX_SERVICE_CHARS);
        while (i < end && isNameChar(line.charAt(i))) {
            i++;
        }
        int digits = i;
        while (digits > from && line.charAt(digits - 1) >= '0' && line.charAt(digits - 1) <= '9') {
            digits--;
        }
        if (i == from || i >= end || line.charAt(i) != ' ' || digits == i || digits - 1 <= from
                || line.charAt(digits - 1) != '-' && line.charAt(digits - 1) != '_') {
            return -1;
        }
        while (i < end && line.charAt(i) == ' ') {
            i++;
        }
        return i + 1 < line.length() && line.charAt(i) == '|' && (line.charAt(i + 1) == ' ' || i + 2 == line.length())
                ? i : -1;
    }

    private static String composeService(String line, int from, int bar) {
        int end = bar;
        while (end > from && line.charAt(end - 1) == ' ') {
            end--;
        }
        String name = line.substring(from, end);
        return name.substring(0, Math.max(name.lastIndexOf('-'), name.lastIndexOf('_')));
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }
}
