package dev.tapedeck.wrapper.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of an IPython or Jupyter traceback after its headline ({@code KeyError    Traceback
 * (most recent call last)}): {@code File /x.py:3, in f(d)} or {@code Cell In[2], line 3} frames,
 * the numbered source lines ({@code ----> 3 f(1)}), blank lines, and the exception that ends it
 * ({@code KeyError: 'k'}), which gives the event its message. The last frame gives {@code file} and
 * {@code line}.
 */
final class IPythonFrames implements Continuation {
    private static final Pattern FILE = Pattern.compile("^File (?<file>\\S{1,1000}):(?<line>\\d{1,9})(?:, in .*)?$");
    private static final Pattern CELL = Pattern.compile("^(?<file>Cell In\\[\\d{1,9}\\]), line (?<line>\\d{1,9})$");

    /** Not reported on a pause before the exception line: the headline only names its type. */
    @Override
    public boolean ready() {
        return false;
    }

    @Override
    public Fit next(String line, Draft draft) {
        String body = line.stripTrailing();
        Matcher frame = body.startsWith("File ") ? FILE.matcher(body) : body.startsWith("Cell In[") ? CELL.matcher(body) : null;
        if (frame != null && frame.matches()) {
            draft.metadata().put("file", frame.group("file"));
            draft.metadata().put("line", Long.parseLong(frame.group("line")));
            return Fit.PART;
        }
        if (body.isEmpty() || body.startsWith("---->") || body.startsWith("...") || Character.isDigit(body.charAt(0))) {
            return Fit.PART;
        }
        Object type = draft.metadata().get("type");
        if (type instanceof String name && body.startsWith(name)) {
            String rest = body.substring(name.length());
            if (rest.isEmpty() || rest.startsWith(": ")) {
                draft.value(rest.isEmpty() ? name : rest.substring(2).strip());
                draft.anchorHere();
                return Fit.LAST;
            }
        }
        return Fit.NOT;
    }
}
