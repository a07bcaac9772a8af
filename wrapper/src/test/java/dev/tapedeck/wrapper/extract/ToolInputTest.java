package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tool call's input is stored as a bounded JSON object, and metadata is plain (not HTML-safe) JSON. */
class ToolInputTest {

    private static List<Extraction> events(String line) {
        return ExtractionRun.of((line + "\n").getBytes(StandardCharsets.UTF_8)).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    private static String claudeToolUse(String input) {
        return "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\","
                + "\"input\":" + input + "}]}}";
    }

    @Test
    void aClaudeToolInputIsAJsonObjectWrittenWithoutHtmlEscapes() {
        Extraction call = events(claudeToolUse("{\"command\":\"test 4 = 5 && echo '<ok>'\",\"timeout\":5}")).get(0);
        assertThat(call.eventType()).isEqualTo("tool_call");
        assertThat(call.metadataJson()).isEqualTo(
                "{\"tool_use_id\":\"t1\",\"input\":{\"command\":\"test 4 = 5 && echo '<ok>'\",\"timeout\":5}}");
    }

    @Test
    void aGeminiToolInputIsAJsonObject() {
        Extraction call = events("{\"type\":\"tool_use\",\"timestamp\":\"2025-12-22T23:12:25.514Z\",\"tool_name\":\"read_file\",\"tool_id\":\"g1\","
                + "\"parameters\":{\"absolute_path\":\"/a/b.txt\"}}").get(0);
        assertThat(call.metadataJson()).isEqualTo("{\"tool_id\":\"g1\",\"input\":{\"absolute_path\":\"/a/b.txt\"}}");
    }

    @Test
    void aHugeInputIsCutStringByStringAndEntryByEntry() {
        JsonObject input = new JsonObject();
        input.addProperty("content", "x".repeat(10_000));
        JsonObject wide = new JsonObject();
        for (int i = 0; i < 60; i++) {
            wide.addProperty("k" + i, i);
        }
        input.add("wide", wide);
        com.google.gson.JsonArray long_ = new com.google.gson.JsonArray();
        for (int i = 0; i < 55; i++) {
            long_.add(i);
        }
        input.add("list", long_);
        input.add("deep", JsonParser.parseString("[[[[[[[[[1]]]]]]]]]"));

        JsonObject bounded = ToolInput.bounded(input);
        assertThat(bounded.get("content").getAsString()).isEqualTo("x".repeat(500) + "…");
        assertThat(bounded.getAsJsonObject("wide").size()).isEqualTo(51);
        assertThat(bounded.getAsJsonObject("wide").get("k49").getAsInt()).isEqualTo(49);
        assertThat(bounded.getAsJsonObject("wide").get("…").getAsInt()).isEqualTo(10);
        assertThat(bounded.getAsJsonArray("list")).hasSize(51);
        assertThat(bounded.getAsJsonArray("list").get(50).getAsString()).isEqualTo("… 5 more");
        assertThat(bounded.get("deep").toString()).isEqualTo("[[[[[[[\"…\"]]]]]]]");
    }

    @Test
    void theStringsOfOneInputKeep4000CharactersInAll() {
        JsonObject input = new JsonObject();
        for (int i = 0; i < 10; i++) {
            input.addProperty("s" + i, "y".repeat(450));
        }
        JsonObject bounded = ToolInput.bounded(input);
        assertThat(bounded.get("s7").getAsString()).isEqualTo("y".repeat(450));
        assertThat(bounded.get("s8").getAsString()).isEqualTo("y".repeat(400) + "…");
        assertThat(bounded.get("s9").getAsString()).isEqualTo("…");
        // The original is untouched.
        assertThat(input.get("s9").getAsString()).hasSize(450);
    }
}
