package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A warning Python's {@code warnings} module prints, alone or in pytest's warnings summary:
 * {@code /app/x.py:3: DeprecationWarning: old() is deprecated} and the source line under it. A
 * {@code warning} with {@code file}, {@code line} and the warning's {@code type}.
 */
final class PythonWarning implements Recognizer {
    private static final Pattern WARNING = Pattern.compile(
            "^(?<file>[^\\s:]{1,1000}\\.py):(?<line>\\d{1,9}): (?<type>[A-Z]\\w{0,100}Warning): (?<value>.+)$");

    @Override
    public String name() {
        return "python_warning";
    }

    @Override
    public List<String> keywords() {
        return List.of("Warning: ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        int py = body.indexOf(".py:");
        Matcher m = py > 0 && py < body.indexOf("Warning: ") ? WARNING.matcher(body.stripTrailing()) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("file", m.group("file"));
        metadata.put("line", Long.parseLong(m.group("line")));
        metadata.put("type", m.group("type"));
        return new Recognized(Found.of("warning", name(), m.group("value"), metadata), PythonWarning::sourceLine);
    }

    /** The source line Python prints under the warning, when it has it. */
    private static Continuation.Fit sourceLine(String body, Draft draft) {
        return body.isBlank() || WARNING.matcher(body).matches() ? Continuation.Fit.NOT : Continuation.Fit.LAST;
    }
}
