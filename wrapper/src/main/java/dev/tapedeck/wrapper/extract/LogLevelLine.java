package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log lines that state their level in words, in the forms loggers print them (after {@link
 * LinePrefix} took the timestamp, pid and compose service off): Python logging's default {@code
 * ERROR:name:message} and formatted {@code ERROR name: message}, {@code name - ERROR - message},
 * {@code ERROR [name] message}; postgres {@code ERROR:  message} with its {@code DETAIL}, {@code
 * HINT}, {@code STATEMENT}, {@code LINE n:} and caret lines as one problem; bracketed levels in any
 * case ({@code [emerg] 1#1: ...} of nginx, {@code [core:error]} of Apache, {@code [ERROR]} and {@code
 * [Note]} of MySQL, {@code [123] [ERROR]} of gunicorn, {@code [main] ERROR
 * logger - ...} of logback); loguru's {@code ERROR | module:fn:1 - message}; bare {@code ERROR
 * message} of slog and tracing. The level must come before the message, behind at most a few
 * header tokens (brackets, numbers, a name followed by a separator): a level word inside a message
 * never counts, and an INFO line stays silent whatever its message says. At the start of a line,
 * {@code [ERROR]}, {@code [WARNING]} and {@code ERROR: message} are left to the generic patterns,
 * which know Maven's and the test runners' uses of them.
 */
final class LogLevelLine implements Recognizer {
    static final String NAME = "log_level";
    private static final int MAX_HEADERS = 4;
    static final int MAX_TOKEN_CHARS = 64;
    private static final int MAX_VALUE_CHARS = 500;
    private static final List<String> POSTGRES_DETAILS = List.of("DETAIL:  ", "HINT:  ", "STATEMENT:  ",
            "CONTEXT:  ", "QUERY:  ", "LOCATION:  ");

    /** Where the level word stands in a line, and what it means. */
    private record Level(int start, int end, String word, String eventType, boolean bracketed) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("ERR", "FATAL", "CRIT", "EMERG", "ALERT", "PANIC", "SEVERE", "WARN", "error]", "warn]",
                "emerg]", "crit]", "alert]", "fatal]", "panic]", "Error]", "Warning]", "warning]", "Fatal]", "warn: ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.startsWith("warn: ")) { // winston's default console format; its error: is generic_error's
            String message = valueOf(body.substring(6));
            return message == null ? null
                    : Recognized.of(Found.of("warning", NAME, message, new LinkedHashMap<>(Map.of("level", "warn"))));
        }
        Level level = levelOf(body);
        if (level == null || level.eventType().equals(LogLevel.SILENT) || leftToGeneric(body, level)) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("level", level.word());
        int end = level.end();
        if (!level.bracketed() && end + 2 < body.length() && body.startsWith(":  ", end)) {
            String message = valueOf(body.substring(end + 3));
            return message == null ? null : new Recognized(
                    Found.of(level.eventType(), NAME, message, metadata), LogLevelLine::postgresDetail);
        }
        String message = LogMessage.after(body, level.end(), level.bracketed(), metadata);
        if (message == null || bareProse(body, level, metadata, message, previous)) {
            return null;
        }
        return Recognized.of(Found.of(level.eventType(), NAME, message, metadata));
    }

    /**
     * True for "ERROR once the budget is exhausted": a level word opening the line, one space and
     * plain words, with no logger, process, location or key=value attributes and no log line before
     * it. Loggers that print so (slog, a timestamp's LinePrefix took off) print attributes, or a
     * run of such lines; a docstring or a sentence that starts with the word does neither.
     */
    private static boolean bareProse(String body, Level level, Map<String, Object> metadata, String message,
                                     String previous) {
        if (level.start() != 0 || level.bracketed() || !body.startsWith(" ", level.end())
                || body.startsWith("  ", level.end()) || metadata.size() > 1 || hasAttribute(message)) {
            return false;
        }
        Level before = previous == null ? null : levelOf(previous);
        return before == null || before.start() != 0;
    }

    private static boolean hasAttribute(String message) {
        for (int eq = message.indexOf('='); eq > 0; eq = message.indexOf('=', eq + 1)) {
            if (Character.isLetterOrDigit(message.charAt(eq - 1)) && eq + 1 < message.length()
                    && message.charAt(eq + 1) != ' ') {
                return true;
            }
        }
        return false;
    }

    /** The first level word before the message, behind at most a few header tokens, or null. */
    private static Level levelOf(String s) {
        int i = 0;
        for (int headers = 0; headers <= MAX_HEADERS && i < s.length(); headers++) {
            if (s.charAt(i) == '[') {
                int close = closing(s, i);
                if (close < 0) {
                    return null;
                }
                String inner = s.substring(i + 1, close).strip();
                if (inner.indexOf(':') > 0) { // Apache's [module:level]
                    inner = inner.substring(inner.lastIndexOf(':') + 1);
                }
                String type = LogLevel.eventType(inner, true);
                if (type != null) {
                    return new Level(i, close + 1, inner, type, true);
                }
                i = skipSpaces(s, close + 1);
                continue;
            }
            int word = wordEnd(s, i);
            if (word > i && (word == s.length() || s.charAt(word) == ' ' || s.charAt(word) == ':'
                    || s.charAt(word) == '/' // Celery's [time: ERROR/MainProcess]
                    || s.charAt(word) == '\t')) {
                String type = LogLevel.eventType(s.substring(i, word), false);
                if (type != null) {
                    return new Level(i, word, s.substring(i, word), type, false);
                }
            }
            i = afterHeader(s, i);
            if (i < 0) {
                return null;
            }
        }
        return null;
    }

    /**
     * The position after a header token that may stand before a level: a number or another token
     * with digits and no letters ({@code +0000]}, {@code 12345}), {@code ---}, {@code ***} (Redis's
     * {@code *** FATAL CONFIG FILE ERROR ***}), a name followed by
     * {@code " - "} or {@code " | "}, or a program's {@code name:} before a bracketed level or a level word and colon; -1 when
     * the token is none of these.
     */
    private static int afterHeader(String s, int i) {
        int end = i;
        boolean letters = false;
        boolean digits = false;
        while (end < s.length() && s.charAt(end) != ' ' && end - i <= MAX_TOKEN_CHARS) {
            char c = s.charAt(end++);
            letters |= Character.isLetter(c);
            digits |= c >= '0' && c <= '9';
        }
        if (end - i > MAX_TOKEN_CHARS || end == i) {
            return -1;
        }
        if (!letters && (digits || end - i == 3 && (s.startsWith("---", i) || s.startsWith("***", i)))) {
            return skipSpaces(s, end);
        }
        if (end - i == 2 && s.charAt(i + 1) == ',' && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
            return skipSpaces(s, end); // Ruby's Logger: "E, [time #pid] ERROR -- app: message"
        }
        if (s.startsWith(" - ", end) || s.startsWith(" | ", end)) {
            return skipSpaces(s, end + 2);
        }
        if (s.charAt(end - 1) == ':' && (s.startsWith(" [", end) || levelWordAt(s, end + 1))) {
            return end + 1;
        }
        return -1;
    }

    /** Whether a level word in capitals and a colon stand at i ({@code psql:x.sql:3: ERROR:  ...}). */
    private static boolean levelWordAt(String s, int i) {
        int word = wordEnd(s, i);
        return word > i && word < s.length() && s.charAt(word) == ':'
                && LogLevel.eventType(s.substring(i, word), false) != null;
    }

    /**
     * True for the lines the generic patterns read the same way and that other tools print
     * ({@code [ERROR]}, {@code [WARNING]} of Maven, {@code ERROR: name} of unittest).
     */
    private static boolean leftToGeneric(String s, Level level) {
        if (level.start() != 0) {
            return false;
        }
        String word = level.word();
        boolean generic = word.equals("ERROR") || word.equals("WARNING") || word.equals("FATAL")
                || word.equals("CRITICAL") || word.equals("WARN");
        return generic && (level.bracketed() || s.startsWith(": ", level.end()) && !s.startsWith(":  ", level.end()));
    }

    /** Postgres continues an error with detail lines, psql with the statement's line and a caret. */
    private static Continuation.Fit postgresDetail(String body, Draft draft) {
        for (String detail : POSTGRES_DETAILS) {
            if (body.startsWith(detail)) {
                String key = detail.substring(0, detail.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
                if (!key.equals("detail")) { // the draft's detail holds every continuation line
                    draft.metadata().putIfAbsent(key, body.substring(detail.length()).strip());
                }
                return Continuation.Fit.PART;
            }
        }
        if (body.equals("^") || body.startsWith("LINE ") && digitsEnd(body, 5) > 5 && body.startsWith(":", digitsEnd(body, 5))) {
            return Continuation.Fit.PART;
        }
        return Continuation.Fit.NOT;
    }

    /** The message stripped and bounded, or null when it holds no letter or digit. */
    static String valueOf(String message) {
        String value = message.strip();
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLetterOrDigit(value.charAt(i))) {
                return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "…";
            }
        }
        return null;
    }

    static int closing(String s, int open) {
        int limit = Math.min(s.length(), open + 1 + MAX_TOKEN_CHARS);
        for (int i = open + 1; i < limit; i++) {
            if (s.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && i - from <= 10 && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && i - from < 18 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
