package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus transcript, run through the same cutting, cleaning and extraction as live output,
 * must give exactly the events checked in beside it ({@code golden/NAME.events.jsonl}). To accept
 * new results after a deliberate change to the patterns, run with {@code TAPEDECK_UPDATE_GOLDEN=1}
 * and review the diff of the golden files like code.
 */
class GoldenTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    static Stream<String> transcripts() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(".source.txt") && !name.equals("README.md"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void extractsExactlyTheGoldenEvents(String transcript) throws IOException {
        List<String> actual = render(ExtractionRun.of(Files.readAllBytes(CORPUS.resolve(transcript))));
        Path golden = GOLDEN.resolve(transcript + ".events.jsonl");
        if ("1".equals(System.getenv("TAPEDECK_UPDATE_GOLDEN"))) {
            Files.write(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(golden)).as("golden file %s (create it with TAPEDECK_UPDATE_GOLDEN=1)", golden)
                .isTrue();
        assertThat(actual).as("events of %s", transcript)
                .containsExactlyElementsOf(Files.readAllLines(golden, StandardCharsets.UTF_8));
    }

    /** One line of JSON per event or code block, with the fields a reviewer needs to judge it. */
    private static List<String> render(List<Write> writes) {
        List<String> lines = new ArrayList<>();
        for (Write write : writes) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (write instanceof Extraction x) {
                row.put("line", x.lineNumber());
                row.put("type", x.eventType());
                row.put("pattern", x.pattern());
                row.put("value", x.matchedValue());
                if (x.riskLevel() != null) {
                    row.put("risk", x.riskLevel().wireName());
                }
                if (x.autoConfirmable()) {
                    row.put("auto_confirmable", true);
                }
                if (x.metadataJson() != null) {
                    row.put("metadata", JsonParser.parseString(x.metadataJson()));
                }
            } else if (write instanceof CodeBlock b) {
                row.put("line", b.lineStart());
                row.put("type", "code_block");
                row.put("language", b.language());
                row.put("lines", List.of(b.lineStart(), b.lineEnd()));
                row.put("terminated", b.terminated());
                row.put("digest", b.digest().substring(0, 16));
            }
            lines.add(GSON.toJson(row));
        }
        return lines;
    }
}
