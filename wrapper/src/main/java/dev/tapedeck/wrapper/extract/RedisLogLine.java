package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis server logs: {@code 1:M 03 Dec 2026 12:00:00.000 # message} (and the older {@code [1] 03
 * Dec 12:00:00.000 # message}, whose pid {@link LinePrefix} takes). The mark is the level: {@code .}
 * debug, {@code -} verbose, {@code *} notice, {@code #} warning. Redis also writes its start-up
 * banner and ordinary notes at {@code #}, so a {@code #} line is a {@code warning} only when its
 * message opens with WARNING or Warning, and an {@code error} when it opens with what Redis's failures open with
 * (Fatal, Failed, Error, Can't, Could not, Unable, Bad); other lines are silent. Metadata: the pid and
 * the role (M master, S replica, C child, X sentinel).
 */
final class RedisLogLine implements Recognizer {
    static final String NAME = "redis_log";
    private static final Pattern LINE = Pattern.compile(
            "^(?:(?<pid>\\d{1,10}):(?<role>[MSCX]) )?\\d\\d [A-Z][a-z]{2}(?: \\d{4})? \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # ");
    private static final List<String> ERROR_STARTS = List.of("Fatal", "FATAL", "Failed", "Error", "ERROR", "Can't",
            "Could not", "Unable", "Bad ");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of(" # ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.isEmpty() || body.charAt(0) < '0' || body.charAt(0) > '9') {
            return null;
        }
        Matcher m = LINE.matcher(body);
        if (!m.lookingAt()) {
            return null;
        }
        String message = body.substring(m.end()).strip();
        String type = message.startsWith("WARNING") || message.startsWith("Warning") ? "warning" : ERROR_STARTS.stream().anyMatch(message::startsWith)
                ? "error" : null;
        if (type == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (m.group("pid") != null) {
            metadata.put("pid", Long.parseLong(m.group("pid")));
            metadata.put("role", m.group("role"));
        }
        String value = LogLevelLine.valueOf(message);
        return value == null ? null : Recognized.of(Found.of(type, NAME, value, metadata));
    }
}
