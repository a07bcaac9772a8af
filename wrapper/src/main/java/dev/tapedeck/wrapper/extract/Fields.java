package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of the fields of one object of a pattern file, with errors that name where the object
 * is ({@code where}), the field and what was found instead.
 */
record Fields(JsonObject object, String where) {
    String requiredString(String field) {
        JsonElement value = object.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()
                || value.getAsString().isEmpty()) {
            throw new PatternFileException(where + ": " + field + " must be a non-empty string, got "
                    + PatternSet.kind(value), null);
        }
        return value.getAsString();
    }

    String optionalString(String field, String fallback) {
        return object.has(field) ? requiredString(field) : fallback;
    }

    boolean optionalBoolean(String field, boolean fallback) {
        JsonElement value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new PatternFileException(where + ": " + field + " must be true or false, got " + PatternSet.kind(value),
                    null);
        }
        return value.getAsBoolean();
    }

    int optionalInt(String field, int fallback) {
        JsonElement value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()
                || value.getAsDouble() != Math.rint(value.getAsDouble()) || Math.abs(value.getAsDouble()) > 1e6) {
            throw new PatternFileException(where + ": " + field + " must be a whole number in [-1000000, 1000000], got "
                    + PatternSet.kind(value), null);
        }
        return value.getAsInt();
    }

    List<JsonObject> objects(String field) {
        List<JsonObject> objects = new ArrayList<>();
        for (JsonElement element : array(field)) {
            if (!element.isJsonObject()) {
                throw new PatternFileException(where + ": every entry of " + field + " must be an object, got "
                        + PatternSet.kind(element), null);
            }
            objects.add(element.getAsJsonObject());
        }
        return objects;
    }

    List<String> strings(String field) {
        List<String> strings = new ArrayList<>();
        for (JsonElement element : array(field)) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()
                    || element.getAsString().isEmpty()) {
                throw new PatternFileException(where + ": every entry of " + field
                        + " must be a non-empty string, got " + PatternSet.kind(element), null);
            }
            strings.add(element.getAsString());
        }
        return List.copyOf(strings);
    }

    private JsonArray array(String field) {
        JsonElement value = object.get(field);
        if (value == null) {
            return new JsonArray();
        }
        if (!value.isJsonArray()) {
            throw new PatternFileException(where + ": " + field + " must be an array, got " + PatternSet.kind(value), null);
        }
        return value.getAsJsonArray();
    }
}
