package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Write;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedOutputTest {

    private static List<Extraction> events(String output) {
        List<Write> writes = ExtractionRun.of(output.getBytes(StandardCharsets.UTF_8));
        return writes.stream().filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    @Test
    void aFailingTestInAClaudeToolResultIsAnEventOnTheJsonLine() {
        String result = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"t1\","
                + "\"type\":\"tool_result\",\"is_error\":true,\"content\":\"--- FAIL: TestParse (0.00s)\\n"
                + "    parse_test.go:12: got 5, want 6\\nFAIL\\nFAIL\\texample.com/p\\t0.002s\\n\"}]}}";
        List<Extraction> events = events("{\"type\":\"system\",\"subtype\":\"status\",\"status\":\"x\"}\n" + result + "\n");
        assertThat(events).filteredOn(e -> e.lineNumber() == 2).extracting(Extraction::eventType)
                .containsExactly("error", "test_failure", "test_result");
        Extraction failure = events.stream().filter(e -> e.eventType().equals("test_failure")).findFirst().orElseThrow();
        assertThat(failure.matchedValue()).isEqualTo("TestParse");
        assertThat(failure.originalLine()).isEqualTo("--- FAIL: TestParse (0.00s)");
        assertThat(failure.metadataJson()).startsWith("{\"from\":\"tool_output\"");
    }

    @Test
    void aCodexCommandsOutputIsReadWhenTheCommandCompletes() {
        String started = "{\"type\":\"item.started\",\"item\":{\"id\":\"i1\",\"type\":\"command_execution\","
                + "\"command\":\"cargo test\",\"aggregated_output\":\"\",\"status\":\"in_progress\"}}";
        String completed = "{\"type\":\"item.completed\",\"item\":{\"id\":\"i1\",\"type\":\"command_execution\","
                + "\"command\":\"cargo test\",\"aggregated_output\":\"test tests::a ... FAILED\\n\\n"
                + "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\\n\","
                + "\"exit_code\":101,\"status\":\"failed\"}}";
        List<Extraction> events = events(started + "\n" + completed + "\n");
        assertThat(events).extracting(Extraction::lineNumber, Extraction::eventType).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "shell_command"),
                org.assertj.core.groups.Tuple.tuple(2L, "error"),
                org.assertj.core.groups.Tuple.tuple(2L, "test_failure"),
                org.assertj.core.groups.Tuple.tuple(2L, "test_result"));
    }

    @Test
    void proseInAToolResultStaysSilentAndItsCodeBlocksAreNotRecorded() {
        String result = "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
                + "\"content\":\"# Errors\\nThis page explains how errors are handled.\\n```python\\n"
                + "raise ValueError('x')\\n```\\n\"}]}}";
        List<Write> writes = ExtractionRun.of((result + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(writes).isEmpty();
        assertThat(writes).noneMatch(CodeBlock.class::isInstance);
    }

    @Test
    void anOpenProblemInOneToolOutputEndsWithIt() {
        String result = "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
                + "\"content\":\"panic: boom\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\"}]}}";
        List<Extraction> events = events(result + "\n" + "plain line after\n");
        assertThat(events).extracting(Extraction::lineNumber).containsOnly(1L);
    }
}
