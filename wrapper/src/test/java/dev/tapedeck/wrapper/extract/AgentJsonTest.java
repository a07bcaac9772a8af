package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tapedeck.store.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentJsonTest {

    private static List<Extraction> events(String... lines) {
        String text = String.join("\n", lines) + "\n";
        return ExtractionRun.of(text.getBytes(StandardCharsets.UTF_8)).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    private static String assistant(String id, int in, int out) {
        return "{\"type\":\"assistant\",\"message\":{\"id\":\"" + id + "\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                + "\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}}";
    }

    @Test
    void aClaudeMessagesUsageIsReportedOncePerMessageThoughItsBlocksComeOnSeveralLines() {
        List<Extraction> events = events(assistant("m1", 3, 1), assistant("m1", 3, 1), assistant("m2", 40, 2),
                assistant("m1", 3, 1));
        assertThat(events).extracting(Extraction::lineNumber, Extraction::matchedValue)
                .containsExactly(tuple(1L, "3 in / 1 out"), tuple(3L, "40 in / 2 out"));
        assertThat(events.get(0).metadataJson()).contains("\"scope\":\"message\"", "\"message_id\":\"m1\"");
    }

    @Test
    void aRepeatedMessagesLineWithAToolUseStillGivesTheToolCall() {
        String toolUse = "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"t1\",\"name\":\"Grep\",\"input\":{\"pattern\":\"x\"}}],\"usage\":{\"input_tokens\":3,"
                + "\"output_tokens\":1}}}";
        assertThat(events(assistant("msg_1", 3, 1).replace("\"m1\"", "\"msg_1\""),
                toolUse.replace("\"m1\"", "\"msg_1\""), assistant("msg_1", 3, 1)))
                .extracting(Extraction::lineNumber, Extraction::eventType)
                .containsExactly(tuple(1L, "token_usage"), tuple(2L, "tool_call"));
    }

    @Test
    void aClaudeInitNamesTheModel() {
        assertThat(events("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\",\"model\":\"claude-x\"}"))
                .extracting(Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple("session_start", "claude-x"), tuple("model", "claude-x"));
    }

    @Test
    void codexTurnsReasoningPlansAndFailedToolCallsAreEvents() {
        List<Extraction> events = events(
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i0\",\"type\":\"reasoning\",\"text\":\"**Plan**\"}}",
                "{\"type\":\"item.started\",\"item\":{\"id\":\"i1\",\"type\":\"todo_list\",\"items\":[{\"text\":\"a\"}]}}",
                "{\"type\":\"item.updated\",\"item\":{\"id\":\"i1\",\"type\":\"todo_list\",\"items\":[{\"text\":\"a\"}]}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i2\",\"type\":\"mcp_tool_call\",\"server\":\"gh\","
                        + "\"tool\":\"create_pr\",\"status\":\"failed\",\"error\":{\"message\":\"API error 422\"}}}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}",
                "{\"type\":\"turn.failed\",\"error\":{\"message\":\"stream disconnected\"}}");
        assertThat(events).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(
                        tuple(1L, "state_change", "turn started"),
                        tuple(2L, "state_change", "reasoning"),
                        tuple(3L, "tool_call", "todo_list"),
                        tuple(5L, "error", "API error 422"),
                        tuple(6L, "session_end", "completed"),
                        tuple(6L, "token_usage", "10 in / 2 out"),
                        tuple(7L, "session_end", "failed"),
                        tuple(7L, "error", "stream disconnected"));
    }

    @Test
    void aGeminiErrorOfSeverityWarningIsAWarning() {
        assertThat(events(
                "{\"type\":\"error\",\"timestamp\":\"t\",\"severity\":\"warning\",\"message\":\"Quota: switching\"}",
                "{\"type\":\"error\",\"timestamp\":\"t\",\"severity\":\"error\",\"message\":\"503\"}"))
                .extracting(Extraction::eventType).containsExactly("warning", "error");
    }
}
