package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.JsonLineEvents.GEMINI;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.meta;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.numbers;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.object;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.shorten;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.text;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/** Gemini CLI's {@code --output-format stream-json}: init, tool uses and failures, result. */
final class GeminiEvents {
    private GeminiEvents() {
    }

    static void add(JsonObject o, String type, List<Found> found, List<String> outputs) {
        switch (type) {
            case "init" -> {
                found.add(Found.of("session_start", GEMINI, text(o, "model"), meta("session_id", text(o, "session_id"))));
                if (text(o, "model") != null) {
                    found.add(Found.of("model", GEMINI, text(o, "model"), Map.of()));
                }
            }
            case "tool_use" -> toolUse(o, found);
            case "tool_result" -> {
                if (text(o, "output") != null) {
                    outputs.add(text(o, "output"));
                }
                if ("error".equals(text(o, "status"))) {
                    String message = text(object(o, "error"), "message");
                    found.add(Found.of("error", GEMINI, shorten(message == null ? text(o, "output") : message),
                            meta("tool_id", text(o, "tool_id"))));
                }
            }
            case "result" -> result(o, found);
            case "error" -> found.add(Found.of("warning".equals(text(o, "severity")) ? "warning" : "error", GEMINI,
                    shorten(text(o, "message")), meta("severity", text(o, "severity"))));
            default -> { }
        }
    }

    private static void toolUse(JsonObject o, List<Found> found) {
        String name = text(o, "tool_name");
        JsonObject parameters = object(o, "parameters");
        found.add(Found.of("tool_call", GEMINI, name, meta("tool_id", text(o, "tool_id"),
                "input", parameters == null ? null : ToolInput.bounded(parameters))));
        if (name == null || parameters == null) {
            return;
        }
        String path = JsonLineEvents.firstText(parameters, "file_path", "absolute_path", "path");
        String eventType = switch (name) {
            case "read_file", "read_many_files" -> "file_read";
            case "write_file" -> "file_write";
            case "replace", "edit" -> "file_edit";
            default -> null;
        };
        if ("run_shell_command".equals(name) && text(parameters, "command") != null) {
            found.add(Found.shell(GEMINI, text(parameters, "command"), meta("tool_id", text(o, "tool_id"))));
        } else if (eventType != null && path != null) {
            found.add(Found.of(eventType, GEMINI, path, Map.of()));
        }
    }

    private static void result(JsonObject o, List<Found> found) {
        JsonObject stats = object(o, "stats");
        Map<String, Object> numbers = numbers(stats, "total_tokens", "input_tokens", "output_tokens", "cached",
                "duration_ms", "tool_calls");
        found.add(Found.of("session_end", GEMINI, text(o, "status"), meta("duration_ms", numbers.get("duration_ms"),
                "tool_calls", numbers.get("tool_calls"))));
        if (stats != null) {
            found.add(JsonLineEvents.tokenUsage(GEMINI, numbers, numbers.get("input_tokens"), numbers.get("output_tokens")));
        }
        if (!"success".equals(text(o, "status"))) {
            String message = text(object(o, "error"), "message");
            found.add(Found.of("error", GEMINI, shorten(message == null ? "status " + text(o, "status") : message),
                    Map.of()));
        }
    }
}
