package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.PageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pattern that backtracks catastrophically costs its lines a bounded time, counted and reported. */
class PatternBudgetTest {
    @TempDir
    Path dir;

    @Test
    void aCatastrophicRegexIsCutOffPerLineAndReported() throws Exception {
        Path patterns = Files.writeString(dir.resolve("evil.json"), """
                {"patterns": [{"name": "evil", "event_type": "evil", "regex": "^(?:(a+)\\\\1?)+$"}]}
                """);
        // The back reference keeps Java from memoising the loop: against 40 a's and an X it tries
        // about 2^40 ways, hours per line without a budget (19 a's already take 0.2 s).
        String evil = "a".repeat(40) + "X";
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                dir.resolve("t.db").toString(), "--patterns", patterns.toString(), "--session-id", "s1", "--", "sh",
                "-c", "echo " + evil + "; echo 'Error: still found'; echo " + evil + "; echo aaaa; echo " + evil);
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).contains("pattern 'evil' ran past its 20 ms budget on 3 line(s) of session s1");
        try (Database database = Database.open(dir.resolve("t.db"))) {
            assertThat(database.extractions().list(ExtractionFilter.ALL.session("s1"), PageRequest.first(10)).items())
                    .extracting(Extraction::eventType).containsExactlyInAnyOrder("error", "evil");
            assertThat(database.output().listLines("s1", 1, 10, null)).hasSize(5);
        }
    }
}
