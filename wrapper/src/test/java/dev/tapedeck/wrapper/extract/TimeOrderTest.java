package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the extractor finds reaches the sink in time order, whatever order it was found in. */
class TimeOrderTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final List<Write> writes = new ArrayList<>();
    private final Extractor extractor = new Extractor(PatternSet.defaults(), "agent", "s-1", writes::add);
    private long number;

    @Test
    void anEventWaitingForItsDetailLinesComesBeforeTheOtherStreamsLaterEvents() {
        line(Stream.STDERR, 0, "error: waits for its details");
        line(Stream.STDOUT, 10, "warning: later on stdout");
        line(Stream.STDOUT, 20, "error: later again");
        assertThat(writes).as("nothing may go before the waiting event").isEmpty();
        line(Stream.STDERR, 30, "    a detail line");
        line(Stream.STDERR, 40, "done");
        extractor.finish();
        assertThat(events()).containsExactly("error@0", "warning@10", "error@20");
    }

    @Test
    void aPauseReleasesTheWaitingEventAndWhatWaitedBehindIt() {
        line(Stream.STDERR, 0, "error: waits for its details");
        line(Stream.STDOUT, 10, "warning: later on stdout");
        extractor.releaseWaiting(T0.plusSeconds(1));
        assertThat(events()).containsExactly("error@0", "warning@10");
    }

    @Test
    void anEventThatWaitsLongerThanTheBoundHoldsNothingBackAnyMore() {
        line(Stream.STDERR, 0, "Traceback (most recent call last):");
        line(Stream.STDOUT, 10, "warning: soon after");
        assertThat(events()).isEmpty();
        long past = Extractor.MAX_ORDER_WAIT.toMillis() + 1;
        line(Stream.STDOUT, past, "warning: past the bound");
        assertThat(events()).as("the traceback's header holds nothing back after the bound").containsExactly("warning@10");
        extractor.releaseWaiting(T0.plusMillis(past + 100));
        assertThat(events()).as("a pause releases the warning waiting for its own details")
                .containsExactly("warning@10", "warning@" + past);
    }

    @Test
    void aBlockOpenOnOneStreamHoldsBackTheOtherStreamsLaterBlocksNotItsEvents() {
        line(Stream.STDERR, 0, "```python");
        line(Stream.STDOUT, 10, "```sh");
        line(Stream.STDOUT, 20, "ls");
        line(Stream.STDOUT, 30, "```");
        line(Stream.STDOUT, 40, "warning: on stdout while stderr's block is open");
        line(Stream.STDERR, 50, "print(1)");
        line(Stream.STDERR, 60, "```");
        extractor.finish();
        List<Instant> blocks = writes.stream().filter(w -> w instanceof CodeBlock).map(w -> ((CodeBlock) w).timestamp())
                .toList();
        assertThat(blocks).containsExactly(T0, T0.plusMillis(10));
        assertThat(events()).containsExactly("warning@40");
    }

    private void line(Stream stream, long millis, String text) {
        extractor.accept(OutputLine.of("s-1", ++number, stream, T0.plusMillis(millis), text));
    }

    private List<String> events() {
        return writes.stream().filter(w -> w instanceof Extraction).map(w -> (Extraction) w)
                .map(x -> x.eventType() + "@" + (x.timestamp().toEpochMilli() - T0.toEpochMilli())).toList();
    }
}
