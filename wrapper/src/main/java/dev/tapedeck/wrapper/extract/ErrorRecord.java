package dev.tapedeck.wrapper.extract;

import java.util.List;

/**
 * Tells a log record at level ERROR or CRITICAL from a tool's error message, for the stack trace
 * printed under it: under a record ({@code logger.exception(...)}, {@code log.error("...", e)}) the
 * trace is the record's detail; under a tool's message it is a crash of its own.
 */
final class ErrorRecord {
    private static final List<String> LEVELS = List.of("ERROR", "CRITICAL");

    private ErrorRecord() {
    }

    /**
     * Whether the line is a log record at level ERROR or CRITICAL: Python's {@code ERROR:root:msg}
     * and {@code ERROR ingest.pipeline: msg} (after a timestamp), gunicorn's {@code [ERROR] ...},
     * logback's {@code 12:00:00.123 [main] ERROR com.x.App - msg}. A tool's message ({@code ERROR:
     * Cannot install x}, {@code ERROR in ./src/a.js}) is not one.
     */
    static boolean isErrorRecord(String line) {
        if (line == null) {
            return false;
        }
        if (line.contains("[ERROR]") || line.contains("[CRITICAL]")) {
            return true;
        }
        for (String level : LEVELS) {
            int at = line.indexOf(level);
            int after = at + level.length();
            if (at < 0 || after >= line.length() || at > 0 && line.charAt(at - 1) != ' ') {
                continue;
            }
            char next = line.charAt(after);
            if (next == ':' && after + 1 < line.length() && line.charAt(after + 1) != ' ') {
                return true;
            }
            int colon = line.indexOf(':', after);
            if (next == ' ' && (at > 0 || colon > after + 1 && line.lastIndexOf(' ', colon) == after)) {
                return true;
            }
        }
        return false;
    }
}
