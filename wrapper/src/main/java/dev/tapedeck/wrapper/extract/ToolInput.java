package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A tool call's input as it goes into the event's metadata: the JSON object itself (not its text
 * inside a JSON string), bounded, so that a Write of a whole file does not store the file again.
 * Each string keeps its first 500 characters (then {@code …}); the strings of one input keep 4,000
 * characters in all (later ones become {@code …}); an object keeps its first 50 members (then a
 * member {@code "…"} holding how many were cut) and an array its first 50 elements (then
 * {@code "… N more"}); nesting deeper than 8 levels becomes {@code "…"}. Numbers, booleans and
 * nulls are kept. Not thread-safe; one per input.
 */
final class ToolInput {
    static final int MAX_STRING_CHARS = 500;
    static final int MAX_TOTAL_CHARS = 4_000;
    static final int MAX_ENTRIES = 50;
    static final int MAX_DEPTH = 8;
    private static final String CUT = "…";

    private int budget = MAX_TOTAL_CHARS;

    private ToolInput() {
    }

    static JsonObject bounded(JsonObject input) {
        return new ToolInput().copy(input, 1).getAsJsonObject();
    }

    /** A copy of json with every string passed through redaction (values decoded from JSON). */
    static JsonElement redacted(JsonElement json, UnaryOperator<String> redaction) {
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(redaction.apply(json.getAsString()));
        }
        if (json.isJsonArray()) {
            JsonArray copy = new JsonArray(json.getAsJsonArray().size());
            json.getAsJsonArray().forEach(e -> copy.add(redacted(e, redaction)));
            return copy;
        }
        if (json.isJsonObject()) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
                copy.add(member.getKey(), redacted(member.getValue(), redaction));
            }
            return copy;
        }
        return json;
    }

    private JsonElement copy(JsonElement json, int depth) {
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(text(json.getAsString()));
        }
        if ((json.isJsonArray() || json.isJsonObject()) && depth > MAX_DEPTH) {
            return new JsonPrimitive(CUT);
        }
        if (json.isJsonArray()) {
            JsonArray array = json.getAsJsonArray();
            JsonArray copy = new JsonArray(Math.min(array.size(), MAX_ENTRIES + 1));
            for (int i = 0; i < array.size() && i < MAX_ENTRIES; i++) {
                copy.add(copy(array.get(i), depth + 1));
            }
            if (array.size() > MAX_ENTRIES) {
                copy.add(CUT + " " + (array.size() - MAX_ENTRIES) + " more");
            }
            return copy;
        }
        if (json.isJsonObject()) {
            JsonObject copy = new JsonObject();
            int kept = 0;
            for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
                if (kept++ == MAX_ENTRIES) {
                    copy.addProperty(CUT, json.getAsJsonObject().size() - MAX_ENTRIES);
                    break;
                }
                copy.add(member.getKey(), copy(member.getValue(), depth + 1));
            }
            return copy;
        }
        return json;
    }

    private String text(String value) {
        int keep = Math.min(Math.min(value.length(), MAX_STRING_CHARS), budget);
        budget -= keep;
        return keep == value.length() ? value : value.substring(0, keep) + CUT;
    }
}
