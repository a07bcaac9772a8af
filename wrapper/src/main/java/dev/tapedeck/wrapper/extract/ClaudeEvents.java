package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.JsonLineEvents.CLAUDE;
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

/** Claude Code's {@code --output-format stream-json}: init, assistant tool uses, tool errors, result. */
final class ClaudeEvents {
    private ClaudeEvents() {
    }

    static void add(JsonObject o, String type, List<Found> found, List<String> outputs) {
        switch (type) {
            case "system" -> system(o, found);
            case "assistant" -> {
                toolUses(o, found);
                usage(object(o, "message"), found);
            }
            case "user" -> toolResults(o, found, outputs);
            case "result" -> result(o, found);
            case "rate_limit_event" -> rateLimit(o, found);
            default -> { }
        }
    }

    private static void system(JsonObject o, List<Found> found) {
        String subtype = text(o, "subtype");
        if ("init".equals(subtype)) {
            found.add(Found.of("session_start", CLAUDE, text(o, "model"), meta("session_id", text(o, "session_id"),
                    "cwd", text(o, "cwd"), "claude_code_version", text(o, "claude_code_version"),
                    "permission_mode", text(o, "permissionMode"), "tools", array(o, "tools").size())));
            if (text(o, "model") != null) {
                found.add(Found.of("model", CLAUDE, text(o, "model"), Map.of()));
            }
        } else if ("status".equals(subtype) && text(o, "status") != null) {
            found.add(Found.of("state_change", CLAUDE, text(o, "status"), meta("subtype", subtype)));
        }
    }

    private static void toolUses(JsonObject o, List<Found> found) {
        for (JsonElement element : array(object(o, "message"), "content")) {
            JsonObject block = element.isJsonObject() ? element.getAsJsonObject() : null;
            if (block == null || !"tool_use".equals(text(block, "type"))) {
                continue;
            }
            String name = text(block, "name");
            JsonObject input = object(block, "input");
            found.add(Found.of("tool_call", CLAUDE, name, meta("tool_use_id", text(block, "id"),
                    "input", input == null ? null : ToolInput.bounded(input))));
            toolDetail(name, input, found);
        }
    }

    /**
     * The tokens of one API call, which every assistant message reports ({@code "scope":"message"}).
     * A message printed over several lines (one per content block) repeats its usage: count each
     * {@code message_id} once. The result's usage is the session's ({@code "scope":"session"}).
     */
    private static void usage(JsonObject message, List<Found> found) {
        JsonObject usage = object(message, "usage");
        if (usage == null) {
            return;
        }
        Map<String, Object> tokens = numbers(usage, "input_tokens", "output_tokens", "cache_creation_input_tokens",
                "cache_read_input_tokens");
        tokens.put("scope", "message");
        if (text(message, "id") != null) {
            tokens.put("message_id", text(message, "id"));
        }
        found.add(JsonLineEvents.tokenUsage(CLAUDE, tokens, tokens.get("input_tokens"), tokens.get("output_tokens")));
    }

    /** What a tool call does, for the tools whose effect tapedeck tracks. */
    private static void toolDetail(String name, JsonObject input, List<Found> found) {
        if (name == null || input == null) {
            return;
        }
        String path = JsonLineEvents.firstText(input, "file_path", "notebook_path", "path");
        switch (name) {
            case "Bash" -> {
                if (text(input, "command") != null) {
                    found.add(Found.shell(CLAUDE, text(input, "command"), meta("description", text(input, "description"))));
                }
            }
            case "Read", "NotebookRead" -> addFile("file_read", path, found);
            case "Edit", "MultiEdit", "NotebookEdit" -> addFile("file_edit", path, found);
            case "Write" -> addFile("file_write", path, found);
            default -> { }
        }
    }

    private static void addFile(String eventType, String path, List<Found> found) {
        if (path != null) {
            found.add(Found.of(eventType, CLAUDE, path, Map.of()));
        }
    }

    private static void toolResults(JsonObject o, List<Found> found, List<String> outputs) {
        for (JsonElement element : array(object(o, "message"), "content")) {
            JsonObject block = element.isJsonObject() ? element.getAsJsonObject() : null;
            if (block == null || !"tool_result".equals(text(block, "type"))) {
                continue;
            }
            outputs.add(contentText(block.get("content")));
            JsonElement isError = block.get("is_error");
            if (isError != null && isError.isJsonPrimitive() && isError.getAsBoolean()) {
                found.add(Found.of("error", CLAUDE, shorten(contentText(block.get("content"))),
                        meta("tool_use_id", text(block, "tool_use_id"))));
            }
        }
    }

    private static String contentText(JsonElement content) {
        if (content == null) {
            return "";
        }
        if (content.isJsonPrimitive()) {
            return content.getAsString();
        }
        StringBuilder text = new StringBuilder();
        if (content.isJsonArray()) {
            for (JsonElement part : content.getAsJsonArray()) {
                if (part.isJsonObject() && text(part.getAsJsonObject(), "text") != null) {
                    text.append(text(part.getAsJsonObject(), "text")).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static void result(JsonObject o, List<Found> found) {
        Map<String, Object> summary = numbers(o, "duration_ms", "duration_api_ms", "num_turns", "total_cost_usd");
        JsonElement isError = o.get("is_error");
        boolean error = isError != null && isError.isJsonPrimitive() && isError.getAsBoolean();
        summary.put("is_error", error);
        summary.put("session_id", text(o, "session_id"));
        found.add(Found.of("session_end", CLAUDE, text(o, "subtype"), summary));
        JsonObject usage = object(o, "usage");
        if (usage != null) {
            Map<String, Object> tokens = numbers(usage, "input_tokens", "output_tokens", "cache_creation_input_tokens",
                    "cache_read_input_tokens");
            tokens.putAll(numbers(o, "total_cost_usd"));
            tokens.put("scope", "session");
            found.add(JsonLineEvents.tokenUsage(CLAUDE, tokens, tokens.get("input_tokens"), tokens.get("output_tokens")));
        }
        if (error) {
            found.add(Found.of("error", CLAUDE, shorten(text(o, "result") == null ? text(o, "subtype") : text(o, "result")),
                    meta("subtype", text(o, "subtype"))));
        }
    }

    private static void rateLimit(JsonObject o, List<Found> found) {
        JsonObject info = object(o, "rate_limit_info");
        String status = text(info, "status");
        if (status != null && !"allowed".equals(status)) {
            found.add(Found.of("warning", CLAUDE, "rate limit: " + status,
                    meta("rate_limit_type", text(info, "rateLimitType"))));
        }
    }
}
