package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A warning Node.js prints about the process: {@code (node:3353) [DEP0005] DeprecationWarning:
 * Buffer() is deprecated ...}, or {@code (node:3353) Warning: ...}, with the {@code (Use `node
 * --trace-deprecation ...` ...)} hint under it. A {@code warning} with the {@code pid}, the
 * {@code code} and the warning's {@code type}.
 */
final class NodeWarning implements Recognizer {
    private static final Pattern WARNING = Pattern.compile(
            "^\\(node:(?<pid>\\d{1,10})\\) (?:\\[(?<code>[A-Z]{1,10}\\d{1,6})\\] )?(?<type>[A-Za-z]{0,60}Warning): (?<value>.+)$");

    @Override
    public String name() {
        return "node_warning";
    }

    @Override
    public List<String> keywords() {
        return List.of("(node:");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Matcher m = body.startsWith("(node:") ? WARNING.matcher(body.stripTrailing()) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("pid", Long.parseLong(m.group("pid")));
        if (m.group("code") != null) {
            metadata.put("code", m.group("code"));
        }
        metadata.put("type", m.group("type"));
        return new Recognized(Found.of("warning", name(), m.group("value"), metadata),
                (line, draft) -> line.startsWith("(Use `node --trace-") ? Continuation.Fit.LAST : Continuation.Fit.NOT);
    }
}
