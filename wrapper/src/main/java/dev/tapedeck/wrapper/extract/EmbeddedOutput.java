package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Write;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads the output of the tools an agent ran that its JSON stream carries inside one line (a
 * Claude Code tool result, a Codex command's aggregated output, a Gemini tool result) as the lines
 * it was: a failing test or a compiler error there is as much an event as on a terminal. Its events
 * are stored on the JSON line (its number and time), with the output's line as their original line
 * and {@code "from":"tool_output"} in their metadata. Code blocks in tool output are not recorded
 * (they are the tool's text, not the agent's). At most {@value #MAX_LINES} lines and
 * {@value #MAX_CHARS} characters of each output are read. Owned by the recorder thread.
 */
final class EmbeddedOutput {
    static final int MAX_LINES = 2000;
    static final int MAX_CHARS = 256 * 1024;

    private final Extractor lines;
    private final KeywordIndex.Scanner scanner;
    private final String sessionId;

    EmbeddedOutput(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
                   UnaryOperator<String> redaction) {
        this.sessionId = sessionId;
        Consumer<Write> marked = write -> {
            if (write instanceof Extraction x) {
                sink.accept(marked(x));
            }
        };
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        this.lines = new Extractor(patterns, agentName, sessionId, marked, keywords, redaction);
        this.scanner = keywords.build().scanner();
    }

    /** Reads one tool's output carried by the JSON line carrier. */
    void read(String output, OutputLine carrier) {
        int end = Math.min(output.length(), MAX_CHARS);
        int start = 0;
        for (int n = 0; n < MAX_LINES && start < end; n++) {
            int newline = output.indexOf('\n', start);
            int stop = newline < 0 || newline > end ? end : newline;
            String text = stop > start && output.charAt(stop - 1) == '\r' ? output.substring(start, stop - 1)
                    : output.substring(start, stop);
            OutputLine line = new OutputLine(sessionId, carrier.number(), carrier.stream(), carrier.timestamp(), text,
                    null, false, 0, false);
            scanner.scan(text);
            lines.accept(line, scanner);
            start = stop + 1;
        }
        lines.finish();
    }

    long eventCount() {
        return lines.eventCount();
    }

    Map<String, Long> overruns() {
        return lines.overruns();
    }

    private static Extraction marked(Extraction x) {
        String metadata = x.metadataJson() == null ? "{\"from\":\"tool_output\"}"
                : "{\"from\":\"tool_output\"," + x.metadataJson().substring(1);
        return new Extraction(x.id(), x.agentName(), x.sessionId(), x.timestamp(), x.eventType(), x.pattern(),
                x.matchedValue(), x.originalLine(), x.lineNumber(), metadata, x.codeBlockLanguage(), x.riskLevel(),
                x.autoConfirmable());
    }
}
