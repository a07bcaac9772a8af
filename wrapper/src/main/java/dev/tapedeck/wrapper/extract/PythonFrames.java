package dev.tapedeck.wrapper.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines of a Python traceback after its headline: {@code File "x.py", line 3, in f}
 * frames, the source line under each, 3.11's caret lines ({@code ~~~^^^}), and the exception that
 * ends it, which gives the event its type and message; the last frame (the innermost) gives its
 * file and line. A chain ({@code During handling of the above exception...}, {@code The above
 * exception was the direct cause...}) stays one event: the exception reported is the last one, the
 * one that ended the program, and the first one is kept as {@code cause}. An exception group
 * ({@code + Exception Group Traceback ...}, its {@code | } lines and {@code +-+---- 1 ----} rules) is
 * one event too: the group's. One object per traceback,
 * owned by the recorder thread.
 */
final class PythonFrames implements Continuation {
    private static final Pattern FRAME = Pattern.compile(
            "^File \"(?<file>[^\"]{1,1000})\", line (?<line>\\d{1,9})(?:, in (?<function>\\S.*))?$");
    private static final Pattern EXCEPTION = Pattern.compile(
            "^(?<type>[A-Za-z_][\\w]*+(?:\\.[A-Za-z_]\\w*+){0,64})(?::(?: (?<value>.*))?)?$");

    /** False: the event is a failed test and the exception becomes its message, not its type. */
    private final boolean asException;
    private boolean expectSource;
    private boolean ended;
    /** An exception group: the group is the event; its sub-exceptions, after +- rules, are its detail. */
    private boolean group;
    private int chained;
    private String firstException;

    PythonFrames(boolean asException) {
        this.asException = asException;
    }

    /** A crash is not reported on a pause before its exception line has come. */
    @Override
    public boolean ready() {
        return firstException != null || !asException;
    }

    /** The headline was an exception group's. */
    void readGroup() {
        group = true;
    }

    /** The headline was a frame: the source line comes next. */
    void expectSource() {
        expectSource = true;
    }

    /** A traceback headline: {@code Traceback (most recent call last):}, or an exception group's. */
    static boolean isHeadline(String body) {
        return body.startsWith("Traceback (most recent call last):") || isGroupHeadline(body);
    }

    static boolean isGroupHeadline(String body) {
        return body.startsWith("+ Exception Group Traceback (most recent call last):");
    }

    /** A frame line without a headline before it: how a SyntaxError report starts. */
    static Matcher frame(String body) {
        Matcher m = FRAME.matcher(body);
        return body.startsWith("File \"") && m.matches() ? m : null;
    }

    /** The next line of the traceback; updates the draft with frames and the exception. */
    @Override
    public Continuation.Fit next(String line, Draft draft) {
        String body = line.stripTrailing();
        if (ended) {
            return afterException(body);
        }
        if (isHeadline(body)) {
            return Continuation.Fit.PART;
        }
        Matcher frame = frame(body);
        if (frame != null && asException && draft.eventType() == null) {
            draft.eventType("exception");
        }
        if (frame != null && !(group && firstException != null)) {
            draft.metadata().put("file", frame.group("file"));
            draft.metadata().put("line", Long.parseLong(frame.group("line")));
        }
        if (frame != null) {
            expectSource = true;
            return Continuation.Fit.PART;
        }
        if (isCaret(body) || body.startsWith("[Previous line repeated ")) {
            expectSource = false;
            return Continuation.Fit.PART;
        }
        if (body.isEmpty()) {
            return Continuation.Fit.PART;
        }
        Matcher exception = EXCEPTION.matcher(body);
        boolean surelyException = exception.matches() && exception.group("value") != null
                && (Character.isUpperCase(body.charAt(0)) || exception.group("type").indexOf('.') > 0);
        if (expectSource && !surelyException) {
            expectSource = false;
            return Continuation.Fit.PART;
        }
        if (!exception.matches()) {
            return Continuation.Fit.NOT;
        }
        takeException(exception, draft);
        return Continuation.Fit.PART;
    }

    private void takeException(Matcher exception, Draft draft) {
        String type = exception.group("type");
        String value = exception.group("value");
        ended = true;
        if (group && firstException != null) {
            return;
        }
        if (asException) {
            draft.eventType("exception");
            draft.metadata().put("type", type);
            draft.value(value == null || value.isBlank() ? type : value.strip());
        } else {
            draft.metadata().put("exception", type);
            draft.metadata().put("message", value == null || value.isBlank() ? type : value.strip());
        }
        if (firstException == null) {
            firstException = value == null ? type : type + ": " + value.strip();
        } else {
            draft.metadata().put("cause", firstException);
            draft.metadata().put("chained", (long) chained);
        }
        if (asException) {
            draft.anchorHere();
        }
    }

    /** After the exception line: blank lines and a chain to the next traceback belong to it. */
    private Continuation.Fit afterException(String body) {
        if (group && body.startsWith("+-")) {
            ended = false;
            expectSource = false;
            return Continuation.Fit.PART;
        }
        if (body.isEmpty() || body.startsWith("During handling of the above exception")
                || body.startsWith("The above exception was the direct cause")) {
            return Continuation.Fit.PART;
        }
        if (isHeadline(body)) {
            ended = false;
            expectSource = false;
            chained++;
            return Continuation.Fit.PART;
        }
        return Continuation.Fit.NOT;
    }

    /** A line of carets and tildes only: Python 3.11's position markers under a source line. */
    static boolean isCaret(String body) {
        if (body.isEmpty()) {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '^' && c != '~' && c != ' ') {
                return false;
            }
        }
        return true;
    }
}
