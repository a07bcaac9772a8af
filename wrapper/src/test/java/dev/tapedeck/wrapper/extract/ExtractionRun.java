package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import dev.tapedeck.wrapper.LineSplitting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs bytes, as if printed on stdout, through line cutting, cleaning and the default extractor. */
final class ExtractionRun {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private ExtractionRun() {
    }

    static List<Write> of(byte[] output) {
        return of(output, PatternSet.defaults());
    }

    static List<Write> of(byte[] output, PatternSet patterns) {
        List<Write> writes = new ArrayList<>();
        Extractor extractor = new Extractor(patterns, "agent", "s-1", writes::add);
        long[] number = {0};
        LineSplitting.split(output, 64 * 1024, (text, raw, split) -> extractor.accept(
                new OutputLine("s-1", ++number[0], Stream.STDOUT, T0.plusMillis(number[0]), text, raw, split)));
        extractor.finish();
        return writes;
    }
}
