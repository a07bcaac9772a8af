package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.JsonLineEvents.CODEX;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.array;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.meta;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.numbers;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.object;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.shorten;
import static dev.tapedeck.wrapper.extract.JsonLineEvents.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI's {@code exec --json}: thread start, commands (at their start, and again as an error when
 * they exit non-zero), file changes, tool calls, token usage per turn, errors.
 */
final class CodexEvents {
    private CodexEvents() {
    }

    static void add(JsonObject o, String type, List<Found> found, List<String> outputs) {
        switch (type) {
            case "thread.started" -> found.add(Found.of("session_start", CODEX, text(o, "thread_id"), Map.of()));
            case "turn.started" -> found.add(Found.of("state_change", CODEX, "turn started", Map.of()));
            case "turn.completed" -> {
                // codex exec runs one turn: its end is the run's.
                found.add(Found.of("session_end", CODEX, "completed", Map.of()));
                Map<String, Object> usage = numbers(object(o, "usage"), "input_tokens", "cached_input_tokens",
                        "cache_write_input_tokens", "output_tokens", "reasoning_output_tokens");
                found.add(JsonLineEvents.tokenUsage(CODEX, usage, usage.get("input_tokens"), usage.get("output_tokens")));
            }
            case "turn.failed" -> {
                found.add(Found.of("session_end", CODEX, "failed", Map.of()));
                found.add(Found.of("error", CODEX, shorten(text(object(o, "error"), "message")), Map.of()));
            }
            case "error" -> found.add(Found.of("error", CODEX, shorten(text(o, "message")), Map.of()));
            case "item.started", "item.completed" -> {
                JsonObject item = object(o, "item");
                item(item, type.equals("item.started"), found);
                if (type.equals("item.completed") && "command_execution".equals(text(item, "type"))
                        && text(item, "aggregated_output") != null) {
                    outputs.add(text(item, "aggregated_output"));
                }
            }
            default -> { }
        }
    }

    private static void item(JsonObject item, boolean started, List<Found> found) {
        String kind = text(item, "type");
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "command_execution" -> command(item, started, found);
            case "file_change" -> {
                if (!started) {
                    fileChanges(item, found);
                }
            }
            case "mcp_tool_call" -> {
                String tool = text(item, "server") == null ? text(item, "tool")
                        : text(item, "server") + "." + text(item, "tool");
                if (started) {
                    found.add(Found.of("tool_call", CODEX, tool, meta("id", text(item, "id"))));
                } else if ("failed".equals(text(item, "status"))) {
                    JsonElement error = item.get("error");
                    String message = error != null && error.isJsonObject() ? text(error.getAsJsonObject(), "message")
                            : text(item, "error");
                    found.add(Found.of("error", CODEX, shorten(message == null ? tool + " failed" : message),
                            meta("id", text(item, "id"), "tool", tool)));
                }
            }
            case "reasoning" -> {
                if (!started) {
                    found.add(Found.of("state_change", CODEX, "reasoning", meta("text", shorten(text(item, "text")))));
                }
            }
            case "todo_list" -> {
                if (started) {
                    found.add(Found.of("tool_call", CODEX, "todo_list", meta("id", text(item, "id"),
                            "items", array(item, "items").size())));
                }
            }
            case "web_search" -> {
                // Older versions print only the completed item, newer ones both: the completed one
                // holds the query and the action.
                if (!started) {
                    found.add(Found.of("tool_call", CODEX, "web_search", meta("query", text(item, "query"))));
                }
            }
            case "error" -> found.add(Found.of("error", CODEX, shorten(text(item, "message")), Map.of()));
            default -> { }
        }
    }

    private static void command(JsonObject item, boolean started, List<Found> found) {
        String command = text(item, "command");
        if (command == null) {
            return;
        }
        if (started) {
            found.add(Found.shell(CODEX, command, meta("id", text(item, "id"))));
            return;
        }
        JsonElement exit = item.get("exit_code");
        // A number: "exit_code":"x" is no exit code. Read as a double, which saturates: getAsInt
        // throws on a string and on a number such as 1e99999.
        int code = exit != null && exit.isJsonPrimitive() && exit.getAsJsonPrimitive().isNumber()
                ? (int) exit.getAsDouble() : 0;
        if (code != 0) {
            found.add(Found.of("error", CODEX, "command exited " + code + ": " + command,
                    meta("exit_code", code, "id", text(item, "id"),
                            "output", shorten(text(item, "aggregated_output")))));
        }
    }

    private static void fileChanges(JsonObject item, List<Found> found) {
        for (JsonElement element : array(item, "changes")) {
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject change = element.getAsJsonObject();
            String eventType = switch (String.valueOf(text(change, "kind"))) {
                case "add" -> "file_write";
                case "delete" -> "file_delete";
                default -> "file_edit";
            };
            found.add(Found.of(eventType, CODEX, text(change, "path"), meta("kind", text(change, "kind"))));
        }
    }
}
