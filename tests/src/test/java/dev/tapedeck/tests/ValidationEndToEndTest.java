package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.LineSplitting;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The validation figures (wrapper's ValidationTest) are measured by running the extractor in the
 * test's process. A transcript of each family, recorded by the built CLI from a real child
 * process, must give the same events in the database: same lines, same types, same order.
 */
class ValidationEndToEndTest {
    private static final Path SET = TestSupport.ROOT.resolve("wrapper/src/test/resources/validation");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "c-go-rust/c_sanitizers_session.txt",
        "py-node-java/py_traceback_chained.txt",
        "git-shell-logs/shell-venv-starship.txt",
        "agents-prose/codex-exec-json-rust.txt",
        "agents-prose/claude-code-ts-vitest-git.txt",
    })
    void theRecorderFindsTheEventsTheValidationHarnessScores(String transcript) throws Exception {
        Path file = SET.resolve(transcript);
        Path db = dir.resolve("v.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--session-id", "v1", "--", "cat", file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> recorded;
        try (Database database = Database.open(db)) {
            recorded = database.extractions().list(ExtractionFilter.ALL.session("v1"), PageRequest.first(1000)).items()
                    .stream().sorted(java.util.Comparator.comparingLong(Extraction::id)).map(e -> e.lineNumber() + " " + e.eventType() + " " + e.pattern()).toList();
        }
        assertThat(recorded).as("events of %s", transcript).isNotEmpty().containsExactlyElementsOf(inProcess(file));
    }

    private static List<String> inProcess(Path file) throws Exception {
        List<String> events = new ArrayList<>();
        Extractor extractor = new Extractor(PatternSet.defaults(), "agent", "v1", write -> {
            if (write instanceof Extraction e) {
                events.add(e.lineNumber() + " " + e.eventType() + " " + e.pattern());
            }
        });
        long[] number = {0};
        LineSplitting.split(Files.readAllBytes(file), 64 * 1024, (text, raw, split) -> extractor.accept(
                new OutputLine("v1", ++number[0], Stream.STDOUT, Instant.EPOCH, text, raw, split)));
        extractor.finish();
        return events;
    }
}
