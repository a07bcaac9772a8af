package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.wrapper.extract.ValidationScore.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationScoreTest {
    private static final String TRANSCRIPT = "a\nb\nc\n\nd\ne\nf\n";

    private static Extraction event(long line, String type, RiskLevel risk) {
        return new Extraction(0, "agent", "s", Instant.EPOCH, type, "p", "v", "l", line, null, null, risk, false);
    }

    @Test
    void oneEventAnywhereInALabelsLinesMatchesItAndMoreAreDuplicates() {
        List<ValidationScore.Label> labels = ValidationScore.parseLabels("""
                # comment
                1-2,5 exception   # a traceback and its summary
                6 shell_command risk=high
                """, "x");
        Result r = ValidationScore.score("x", TRANSCRIPT, labels, List.of(
                event(2, "exception", null), event(5, "exception", null), event(6, "shell_command", RiskLevel.MEDIUM),
                event(7, "error", null)));
        assertThat(r.found()).isEqualTo(2);
        assertThat(r.typed()).isEqualTo(2);
        assertThat(r.duplicates()).extracting(Extraction::lineNumber).containsExactly(5L);
        assertThat(r.falseEvents()).extracting(Extraction::lineNumber).containsExactly(7L);
        assertThat(r.riskLabels()).isEqualTo(1);
        assertThat(r.riskRight()).isZero();
        // Lines 3 and 7 are silent; the blank line 4 is not counted.
        assertThat(r.silentLines()).isEqualTo(2);
        assertThat(r.noisyLines()).isEqualTo(1);
    }

    @Test
    void anEventOfTheLabelsTypeIsPreferredOverAnotherOnTheSameLines() {
        List<ValidationScore.Label> labels = ValidationScore.parseLabels("1-3 test_failure\n", "x");
        Result r = ValidationScore.score("x", TRANSCRIPT, labels, List.of(event(1, "error", null),
                event(3, "test_failure", null)));
        assertThat(r.typed()).isEqualTo(1);
        assertThat(r.duplicates()).extracting(Extraction::eventType).containsExactly("error");
    }

    @Test
    void aMissedLabelAndAWrongTypeAreCountedApart() {
        List<ValidationScore.Label> labels = ValidationScore.parseLabels("1 error\n2 warning\n", "x");
        Result r = ValidationScore.score("x", TRANSCRIPT, labels, List.of(event(1, "exception", null)));
        assertThat(r.found()).isEqualTo(1);
        assertThat(r.typed()).isZero();
    }

    @Test
    void badLabelsAreRefusedWithTheirFileAndLine() {
        assertThatThrownBy(() -> ValidationScore.parseLabels("3 error\n7:9 warning\n", "f.labels"))
                .hasMessage("f.labels:2: not a label: 7:9 warning");
        assertThatThrownBy(() -> ValidationScore.parseLabels("9-3 error\n", "f.labels"))
                .hasMessageContaining("bad line range 9-3");
        assertThatThrownBy(() -> ValidationScore.score("f", TRANSCRIPT,
                ValidationScore.parseLabels("12 error\n", "f"), List.of()))
                .hasMessageContaining("line 12 of a transcript of 7 lines");
    }
}
