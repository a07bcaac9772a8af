package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A Python traceback as one {@code exception} event, from {@code Traceback (most recent call
 * last):} to the exception that ends it (and on through a chain of them, see {@link PythonFrames}),
 * with the innermost frame's {@code file} and {@code line}. A report that starts with a frame and
 * no headline, as a {@code SyntaxError} does ({@code File "x.py", line 2}, the source, a caret,
 * {@code SyntaxError: invalid syntax}), is read the same way. A traceback right under a log record
 * at level ERROR ({@code logger.exception(...)}) belongs to that record: it is read and gives no
 * event of its own.
 */
final class PythonTraceback implements Recognizer {
    private static final List<String> LEVELS = List.of("ERROR", "CRITICAL");

    @Override
    public String name() {
        return "python_traceback";
    }

    @Override
    public List<String> keywords() {
        return List.of("Traceback (most recent call last)", "File \"");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (PythonFrames.isHeadline(body)) {
            if (isErrorRecord(previous)) {
                return Recognized.silent(rest(new PythonFrames(false)));
            }
            PythonFrames frames = new PythonFrames(true);
            if (PythonFrames.isGroupHeadline(body)) {
                frames.readGroup();
            }
            return new Recognized(Found.of("exception", name(), "Traceback", metadata), rest(frames));
        }
        Matcher frame = body.endsWith("\"") ? null : PythonFrames.frame(body);
        if (frame == null || frame.group("function") != null) {
            return null;
        }
        metadata.put("file", frame.group("file"));
        metadata.put("line", Long.parseLong(frame.group("line")));
        PythonFrames frames = new PythonFrames(true);
        frames.expectSource();
        return new Recognized(Found.of("exception", name(), "SyntaxError", metadata), rest(frames));
    }

    /**
     * Whether the line is a log record at level ERROR or CRITICAL written by Python's logging
     * ({@code ERROR:root:msg}, {@code 2026-... ERROR ingest.pipeline: msg}, gunicorn's {@code [ERROR]
     * Error handling request}): a traceback under it
     * is the record's own ({@code logger.exception}), not a crash. A tool's message ({@code ERROR:
     * Cannot install x}) is not a record.
     */
    static boolean isErrorRecord(String previous) {
        if (previous == null) {
            return false;
        }
        if (previous.contains("[ERROR]") || previous.contains("[CRITICAL]")) {
            return true;
        }
        for (String level : LEVELS) {
            int at = previous.indexOf(level);
            int after = at + level.length();
            if (at < 0 || after >= previous.length() || at > 0 && previous.charAt(at - 1) != ' ') {
                continue;
            }
            char next = previous.charAt(after);
            if (next == ':' && after + 1 < previous.length() && previous.charAt(after + 1) != ' ') {
                return true;
            }
            int colon = previous.indexOf(':', after);
            if (next == ' ' && colon > after + 1 && previous.lastIndexOf(' ', colon) == after) {
                return true;
            }
        }
        return false;
    }

    private static Continuation rest(PythonFrames frames) {
        return frames::next;
    }
}
