package dev.tapedeck.api.export;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Session;

/**
 * The terminal a session was recorded on, as its {@code environment} holds it: the size when the
 * command ran on a terminal of tapedeck's (columns and rows are null otherwise: pipes, an older
 * recording, the {@code script} fallback), TERM, SHELL and the locale's character set (each null when
 * unknown), and whether what the user typed was recorded ({@code run --record-input}).
 */
public record RecordedTerminal(Integer columns, Integer rows, String term, String shell, String charset,
                               boolean inputRecorded) {
    /** The size an export uses when none was recorded: the common default of terminal players. */
    public static final int DEFAULT_COLUMNS = 120;
    public static final int DEFAULT_ROWS = 40;

    public static RecordedTerminal of(Session session) {
        JsonObject environment = parse(session.environmentJson());
        return new RecordedTerminal(number(environment, "columns"), number(environment, "rows"),
                text(environment, "term"), text(environment, "shell"), text(environment, "charset"),
                environment.has("input_recorded") && environment.get("input_recorded").isJsonPrimitive()
                        && environment.get("input_recorded").getAsJsonPrimitive().isBoolean()
                        && environment.get("input_recorded").getAsBoolean());
    }

    public boolean hasSize() {
        return columns != null && rows != null && columns > 0 && rows > 0;
    }

    public int columnsOrDefault() {
        return hasSize() ? columns : DEFAULT_COLUMNS;
    }

    public int rowsOrDefault() {
        return hasSize() ? rows : DEFAULT_ROWS;
    }

    private static JsonObject parse(String json) {
        if (json == null || json.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement parsed = JsonParser.parseString(json);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (RuntimeException e) {
            // Not JSON (written by hand, or by another tool): nothing is known about the terminal.
            return new JsonObject();
        }
    }

    private static Integer number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber() ? value.getAsInt() : null;
    }

    private static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
    }
}
