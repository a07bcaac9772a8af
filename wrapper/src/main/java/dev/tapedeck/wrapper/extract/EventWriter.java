package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonElement;
import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Write;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns what was found into stored rows, handed to the sink: an event's values redacted, a shell
 * command's risk decided, a test summary's counts completed, the line it came from attached.
 * Counts what it hands on. Owned by the recorder thread.
 */
final class EventWriter {
    private static final int MAX_ORIGINAL_LINE_CHARS = 4096;

    private final PatternSet patterns;
    private final String agentName;
    private final String sessionId;
    private final Consumer<Write> sink;
    /** Null when events are not redacted here. */
    private final UnaryOperator<String> redaction;
    private final KeywordIndex.Scanner shellKeywords;
    private long events;
    private long codeBlocks;

    EventWriter(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
                UnaryOperator<String> redaction) {
        this.patterns = patterns;
        this.agentName = agentName;
        this.sessionId = sessionId;
        this.sink = sink;
        this.redaction = redaction;
        this.shellKeywords = patterns.shellRisk().scanner();
    }

    void emit(Found found, OutputLine line) {
        RiskLevel risk = found.risk();
        boolean autoConfirmable = found.autoConfirmable();
        Map<String, Object> metadata = new LinkedHashMap<>(found.metadata());
        String value = found.value();
        if (redaction != null) {
            value = redaction.apply(value);
            metadata.replaceAll((key, v) -> v instanceof String text ? redaction.apply(text)
                    : v instanceof JsonElement json ? ToolInput.redacted(json, redaction) : v);
        }
        if (found.classifyShell() && value != null) {
            ShellRisk.Verdict verdict = patterns.shellRisk().classify(value, shellKeywords);
            risk = verdict.risk();
            autoConfirmable |= verdict.autoConfirmable();
            if (verdict.rule() != null) {
                metadata.put("risk_rule", verdict.rule());
            }
        }
        if (found.eventType().equals("test_result")) {
            TestCounts.complete(value, metadata);
        }
        // The line's text is redacted already, in both its plain and its JSON-decoded reading
        // (StoredForms, before the extractor sees the line): a copy of it needs no second pass.
        String original = line.text().length() <= MAX_ORIGINAL_LINE_CHARS ? line.text()
                : line.text().substring(0, MAX_ORIGINAL_LINE_CHARS) + "…";
        events++;
        sink.accept(new Extraction(0, agentName, sessionId, line.timestamp(), found.eventType(), found.pattern(),
                value, original, line.number(), metadata.isEmpty() ? null : MetadataJson.of(metadata), null, risk,
                autoConfirmable));
    }

    void emitBlock(CodeBlock block) {
        codeBlocks++;
        sink.accept(block);
    }

    long events() {
        return events;
    }

    long codeBlocks() {
        return codeBlocks;
    }
}
