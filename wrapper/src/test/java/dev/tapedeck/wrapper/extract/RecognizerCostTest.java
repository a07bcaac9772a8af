package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in recogniser reads a 64 KiB line made of fillers and its keywords in well under a
 * millisecond: the best of several tries, so that a loaded machine does not fail it.
 */
class RecognizerCostTest {
    private static final List<String> FILLERS = List.of(" ", "1", ":", ".", "[", "[a] ", "1#", "a - ", "k=v ",
            "k=\"v ", "1:M ", "a@b:", "npm error ", "! [rejected] ", "$ ", "(a) ", "Total cost: ");
    private static final int LINE_CHARS = 64 * 1024;
    private static final long BEST_NANOS_BOUND = 1_000_000;

    @Test
    void aLongLineOfFillersAndKeywordsCostsEachRecogniserUnderAMillisecond() {
        for (Recognizer recognizer : Recognizers.DEFAULTS) {
            String keywords = String.join(" ", recognizer.keywords());
            for (String filler : FILLERS) {
                String fill = filler.repeat(LINE_CHARS / filler.length());
                for (String line : List.of(keywords + " " + fill, fill + " " + keywords, keywords + fill + keywords)) {
                    long best = Long.MAX_VALUE;
                    for (int attempt = 0; attempt < 7; attempt++) {
                        long started = System.nanoTime();
                        recognizer.recognize(line, line);
                        best = Math.min(best, System.nanoTime() - started);
                    }
                    assertThat(best).as("%s on a line of %s: %d µs", recognizer.name(), filler.strip(), best / 1000)
                            .isLessThan(BEST_NANOS_BOUND);
                }
            }
        }
    }
}
