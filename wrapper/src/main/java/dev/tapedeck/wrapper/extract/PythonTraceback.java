package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python traceback as one {@code exception} event, from {@code Traceback (most recent call
 * last):} to the exception that ends it (and on through a chain of them, see {@link PythonFrames}),
 * with the innermost frame's {@code file} and {@code line}. A report that starts with a frame and
 * no headline, as a {@code SyntaxError} does ({@code File "x.py", line 2}, the source, a caret,
 * {@code SyntaxError: invalid syntax}), is read the same way. A traceback right under a log record
 * at level ERROR ({@code logger.exception(...)}) belongs to that record: it is read and gives no
 * event of its own, and so does one right under a {@code >>> } prompt line: a doctest in source or
 * documentation being shown (a Python REPL in a recorded session is rare). IPython's and Jupyter's form ({@code KeyError      Traceback (most recent call
 * last)} over a rule, {@code File /x.py:3, in f(d)}, numbered source lines, {@code KeyError: 'k'}) is
 * read by {@link IPythonFrames}.
 */
final class PythonTraceback implements Recognizer {
    private static final String IPYTHON_HEADLINE = "Traceback (most recent call last)";
    private static final Pattern IPYTHON = Pattern.compile(
            "^(?<type>[A-Za-z_]\\w*+(?:\\.[A-Za-z_]\\w*+){0,64}) {2,200}Traceback \\(most recent call last\\)$");

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
            if (ErrorRecord.isErrorRecord(previous) || previous != null && previous.startsWith(">>> ")) {
                return Recognized.silent(new PythonFrames(false));
            }
            PythonFrames frames = new PythonFrames(true);
            if (PythonFrames.isGroupHeadline(body)) {
                frames.readGroup();
            }
            // No event until a frame or the exception comes: a headline alone states nothing.
            return new Recognized(Found.of(null, name(), "Traceback", metadata), frames);
        }
        Matcher ipython = body.endsWith(IPYTHON_HEADLINE) ? IPYTHON.matcher(body) : null;
        if (ipython != null && ipython.matches()) {
            metadata.put("type", ipython.group("type"));
            return new Recognized(Found.of("exception", name(), ipython.group("type"), metadata), new IPythonFrames());
        }
        Matcher frame = body.endsWith("\"") ? null : PythonFrames.frame(body);
        if (frame == null || frame.group("function") != null) {
            return null;
        }
        metadata.put("file", frame.group("file"));
        metadata.put("line", Long.parseLong(frame.group("line")));
        PythonFrames frames = new PythonFrames(true);
        frames.expectSource();
        return new Recognized(Found.of("exception", name(), "SyntaxError", metadata), frames);
    }

}
