package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured events from the JSON-lines output of agents: Claude Code ({@code --output-format
 * stream-json}), Codex CLI ({@code exec --json}), Gemini CLI ({@code --output-format stream-json}),
 * and JSON logs with a level. A line of one of these shapes is understood from its fields, not by
 * regex; partial-message stream events are skipped, since the complete message follows them.
 */
final class JsonLineEvents {
    static final String CLAUDE = "claude_stream_json";
    static final String CODEX = "codex_json";
    static final String GEMINI = "gemini_stream_json";
    static final String JSON_LOG = "json_log";
    private static final int MAX_VALUE_CHARS = 500;

    private JsonLineEvents() {
    }

    /**
     * False when a line is an agent stream event that cannot hold an event (a partial message, a
     * tool result that is not an error, an assistant message without a tool use, ...), decided from
     * its top-level {@code "type"} and a literal or two, without parsing it. Tool results make up
     * most of the bytes of agent JSON streams. Anything not recognised is worth parsing.
     */
    static boolean worthParsing(String line, int start) {
        String type = leadingType(line, start);
        if (type == null) {
            return true;
        }
        return switch (type) {
            case "stream_event", "message" -> false;
            case "user" -> line.contains("\"tool_result\"");
            case "assistant" -> line.contains("\"tool_use\"") || line.contains("\"usage\"");
            case "system" -> line.contains("\"init\"") || line.contains("\"status\"");
            case "item.started", "item.completed", "item.updated" -> line.contains("\"command_execution\"")
                    || line.contains("\"file_change\"") || line.contains("\"mcp_tool_call\"")
                    || line.contains("\"web_search\"") || line.contains("\"error\"")
                    || line.contains("\"reasoning\"") || line.contains("\"todo_list\"") || line.contains("\"failed\"");
            default -> true;
        };
    }

    /** The value of a {@code "type"} key that opens the object ({@code {"type":"x", ...}}), or null. */
    private static String leadingType(String line, int start) {
        int i = start + 1;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (!line.startsWith("\"type\"", i)) {
            return null;
        }
        i += 6;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ':')) {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '"') {
            return null;
        }
        int end = line.indexOf('"', i + 1);
        return end < 0 ? null : line.substring(i + 1, end);
    }

    /** The events of a JSON object line; empty when it is of no known shape or holds nothing of note. */
    static List<Found> of(JsonObject o) {
        return of(o, new ArrayList<>());
    }

    /**
     * The events of a JSON object line, and into outputs the output of the tools an agent ran that
     * the line carries (a Claude tool result, a Codex command's aggregated output, a Gemini tool
     * result), to be read like output lines.
     */
    static List<Found> of(JsonObject o, List<String> outputs) {
        String type = text(o, "type");
        List<Found> found = new ArrayList<>();
        if (type == null) {
            jsonLog(o, found);
        } else if (o.has("message") && (type.equals("assistant") || type.equals("user"))
                || type.equals("system") || type.equals("result") && o.has("subtype")
                || type.equals("rate_limit_event")) {
            ClaudeEvents.add(o, type, found, outputs);
        } else if (type.startsWith("thread.") || type.startsWith("turn.") || type.startsWith("item.")
                || type.equals("error") && !o.has("timestamp")) {
            CodexEvents.add(o, type, found, outputs);
        } else if (o.has("timestamp") && (type.equals("init") || type.equals("tool_use") || type.equals("tool_result")
                || type.equals("result") || type.equals("error") || type.equals("message"))) {
            GeminiEvents.add(o, type, found, outputs);
        }
        return found;
    }

    /**
     * A JSON log line: a level in words ({@code "level":"error"}, {@code "severity"}, Python's
     * {@code "levelname"}) or as pino and bunyan number it ({@code "level":50}); the message from
     * {@code msg}, {@code message}, structlog's {@code event}, or the error; the logger from
     * {@code logger}, {@code name}, {@code module} or {@code service}.
     */
    private static void jsonLog(JsonObject o, List<Found> found) {
        JsonElement levelField = o.get("level");
        String level;
        String eventType;
        if (levelField != null && levelField.isJsonPrimitive() && levelField.getAsJsonPrimitive().isNumber()) {
            int number = (int) levelField.getAsDouble(); // saturates: getAsInt throws on 1e99999
            eventType = o.has("time") || o.has("msg") ? LogLevel.ofNumber(number) : null;
            level = LogLevel.nameOfNumber(number);
        } else {
            level = firstText(o, "level", "severity", "lvl", "log.level", "levelname");
            eventType = level == null ? null : LogLevel.eventType(level.strip(), true);
        }
        if (eventType == null || eventType.equals(LogLevel.SILENT)) {
            return;
        }
        String message = firstText(o, "msg", "message", "event", "error", "err");
        if (message == null) {
            message = text(object(o, "err"), "message");
        }
        found.add(Found.of(eventType, JSON_LOG, shorten(message == null ? level : message),
                meta("level", level, "logger", firstText(o, "logger", "logger_name", "name", "module", "service"))));
    }

    static String text(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    static String firstText(JsonObject o, String... fields) {
        for (String field : fields) {
            String value = text(o, field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    static JsonObject object(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static JsonArray array(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    /** Number fields of o that are present, as numbers, in the order given. */
    static Map<String, Object> numbers(JsonObject o, String... fields) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        for (String field : fields) {
            JsonElement e = o == null ? null : o.get(field);
            if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                numbers.put(field, e.getAsNumber());
            }
        }
        return numbers;
    }

    static Map<String, Object> meta(Object... keysAndValues) {
        Map<String, Object> meta = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                meta.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return meta;
    }

    /** A one-line, bounded rendering of a text: its first non-blank line, at most 500 characters. */
    static String shorten(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return line.length() <= MAX_VALUE_CHARS ? line : line.substring(0, MAX_VALUE_CHARS) + "…";
    }

    /** A token usage event with "N in / M out" as its value. */
    static Found tokenUsage(String pattern, Map<String, Object> numbers, Object inputTokens, Object outputTokens) {
        String value = (inputTokens == null ? "?" : inputTokens) + " in / " + (outputTokens == null ? "?" : outputTokens)
                + " out";
        return Found.of("token_usage", pattern, value, numbers);
    }
}
