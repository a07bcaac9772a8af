package dev.tapedeck.wrapper.extract;

import java.util.Locale;

/**
 * The severity words of log formats and the event each stands for: error, fatal, critical,
 * emergency, alert, panic and severe are an {@code error}; warn and warning a {@code warning}; info,
 * debug, notice, trace and their kin are known levels that give no event.
 */
final class LogLevel {
    /** A known level that gives no event. */
    static final String SILENT = "";

    private LogLevel() {
    }

    /**
     * The event type of a level word: "error", "warning", {@link #SILENT}, or null when the word is
     * no level. anyCase: the word may be in any case ({@code [emerg]}, {@code level=Error}); else it
     * must be in capitals, as bare level words are printed ({@code ERROR}, {@code WARN}).
     */
    static String eventType(String word, boolean anyCase) {
        if (word.isEmpty() || word.length() > 9) {
            return null;
        }
        if (!anyCase && !isUpper(word)) {
            return null;
        }
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "EMERG", "EMERGENCY", "ALERT", "PANIC", "SEVERE" -> "error";
            case "WARN", "WARNING" -> "warning";
            case "INFO", "DEBUG", "NOTICE", "NOTE", "SYSTEM", "TRACE", "LOG", "FINE", "FINER", "FINEST", "CONFIG",
                 "VERBOSE",
                 "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5" -> SILENT;
            default -> null;
        };
    }

    /** The event type of a numeric level as pino and bunyan write it (60 fatal, 50 error, 40 warn), or null. */
    static String ofNumber(int level) {
        return switch (level) {
            case 60, 50 -> "error";
            case 40 -> "warning";
            case 10, 20, 30 -> SILENT;
            default -> null;
        };
    }

    /** The name pino and bunyan give a numeric level. */
    static String nameOfNumber(int level) {
        return switch (level) {
            case 60 -> "fatal";
            case 50 -> "error";
            case 40 -> "warn";
            case 30 -> "info";
            case 20 -> "debug";
            default -> "trace";
        };
    }

    private static boolean isUpper(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
