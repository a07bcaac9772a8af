package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Extraction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real tool output from test resources run through the default extractor, events as short strings. */
final class FormatFixtures {
    private FormatFixtures() {
    }

    /** The events of a file under tests-and-crashes/, each as "line type value". */
    static List<String> eventsOf(String file) {
        return events(read("/tests-and-crashes/" + file));
    }

    /** The events of the text, each as "line type value". */
    static List<String> eventsOfText(String text) {
        return events(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The extractions of a file under tests-and-crashes/. */
    static List<Extraction> extractionsOf(String file) {
        return ExtractionRun.of(read("/tests-and-crashes/" + file)).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    /** The metadata of an extraction as a JSON object (empty when it has none). */
    static JsonObject metadata(Extraction extraction) {
        return extraction.metadataJson() == null ? new JsonObject()
                : JsonParser.parseString(extraction.metadataJson()).getAsJsonObject();
    }

    private static List<String> events(byte[] output) {
        return ExtractionRun.of(output).stream().filter(Extraction.class::isInstance).map(Extraction.class::cast)
                .map(e -> e.lineNumber() + " " + e.eventType() + " " + e.matchedValue()).toList();
    }

    private static byte[] read(String resource) {
        try (InputStream in = FormatFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
