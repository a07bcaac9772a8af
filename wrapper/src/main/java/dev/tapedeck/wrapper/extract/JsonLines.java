package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Lines that are JSON objects, read by their fields (JsonLineEvents): the events they state, once
 * per message for an agent's token usage, and the tool output they carry, read as lines of its own
 * (EmbeddedOutput). Owned by the recorder thread.
 */
final class JsonLines {
    private final PatternSet patterns;
    private final String agentName;
    private final String sessionId;
    private final Consumer<Write> sink;
    private final UnaryOperator<String> redaction;
    /** The output of tools that the current JSON line carries (filled by JsonLineEvents). */
    private final List<String> outputs = new ArrayList<>(2);
    /** The API calls whose token usage was reported already (an agent repeats it per content block). */
    private final MessageUsage usageSeen = new MessageUsage();
    /** Reads the tools' output carried in JSON lines; made when first needed. */
    private EmbeddedOutput embedded;

    JsonLines(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
              UnaryOperator<String> redaction) {
        this.patterns = patterns;
        this.agentName = agentName;
        this.sessionId = sessionId;
        this.sink = sink;
        this.redaction = redaction;
    }

    /**
     * The events of text when it is a JSON object (empty when it holds none, or is of a kind not
     * worth parsing); null when it is not JSON. The events are in the order found, less the token
     * usage of a message reported already.
     */
    List<Found> read(String text) {
        outputs.clear();
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start < 2 || text.charAt(start) != '{' || text.charAt(end - 1) != '}') {
            return null;
        }
        if (!JsonLineEvents.worthParsing(text, start)) {
            return List.of();
        }
        try {
            JsonElement element = JsonParser.parseString(text.substring(start, end));
            if (!element.isJsonObject()) {
                return null;
            }
            List<Found> found = new ArrayList<>(JsonLineEvents.of(element.getAsJsonObject(), outputs));
            found.removeIf(f -> !usageSeen.firstTime(f));
            return found;
        } catch (JsonParseException | IllegalStateException e) {
            // Braces but not JSON: an ordinary line.
            outputs.clear();
            return null;
        }
    }

    /** Reads the tool output the JSON line last read carried, as lines of their own. */
    void readOutputs(OutputLine line) {
        if (outputs.isEmpty()) {
            return;
        }
        if (embedded == null) {
            embedded = new EmbeddedOutput(patterns, agentName, sessionId, sink, redaction);
        }
        for (String output : outputs) {
            embedded.read(output, line);
        }
        outputs.clear();
    }

    long eventCount() {
        return embedded == null ? 0 : embedded.eventCount();
    }

    void addOverruns(Map<String, Long> all) {
        if (embedded != null) {
            embedded.overruns().forEach((pattern, n) -> all.merge(pattern, n, Long::sum));
        }
    }
}
