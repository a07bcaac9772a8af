package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every built-in recogniser, and the continuation it opens, must cost time linear in the line's
 * length: each is given lines made of its keywords and long runs of spaces, digits, colons, dots
 * and word characters, in the places its formats put them. A line of 64 KiB must take well under
 * the extractor's budget, and, when it takes more than a millisecond, at most about 16 times what
 * the same line of 4 KiB takes (a quadratic match grows 256 times, and takes seconds at 64 KiB).
 * Comparing growth keeps the test steady on a loaded machine.
 */
class RecognizerCostTest {
    private static final int SHORT_CHARS = 4 * 1024;
    private static final int LONG_CHARS = 64 * 1024;
    private static final long SCREEN_NANOS = 1_000_000L;
    private static final long LIMIT_NANOS = 20_000_000L;
    private static final List<String> FILLERS = List.of(" ", "1", ":", ".", "a", "a.", "1 ", ": ", "a:", "(", "A",
            "/", "'", "\"", "|", " > ", "=", "1 passed, ", "[", "[a] ", "1#", "a - ", "k=v ", "k=\"v ", "1:M ",
            "a@b:", "npm error ", "! [rejected] ", "$ ", "(a) ", "Total cost: ");
    private static final List<String> SHAPES = List.of("%k%f", "%f%k", "%k%fx", "%k %f: x", "%f%k%f",
            "%k (%f)", "%k%f in 0.1s", "File \"%f\", line 1", "at %f(%f:1)", "thread '%f' panicked at %f:1:2:",
            "Ran %f tests in 0.1s", "=== %f in 1s ===");

    @Test
    void everyRecognizerIsLinearOnLongLinesOfItsKeywords() {
        List<String> slow = new ArrayList<>();
        for (Recognizer recognizer : Recognizers.DEFAULTS) {
            List<String> keywords = recognizer.keywords().isEmpty() ? List.of("") : recognizer.keywords();
            for (String keyword : keywords) {
                for (String filler : FILLERS) {
                    for (String shape : SHAPES) {
                        String line = hostile(shape, keyword, filler, LONG_CHARS);
                        long nanos = bestOf(recognizer, line);
                        long shortNanos = 0;
                        if (nanos > SCREEN_NANOS) {
                            // Timed again once warm, beside the short line: the first try may have compiled.
                            shortNanos = bestOf(recognizer, hostile(shape, keyword, filler, SHORT_CHARS));
                            nanos = bestOf(recognizer, line);
                        }
                        if (nanos > LIMIT_NANOS || nanos > SCREEN_NANOS && nanos > 64 * shortNanos + 2_000_000L) {
                            slow.add(recognizer.name() + " took " + nanos / 1_000_000 + " ms on " + shape
                                    + " with keyword '" + keyword + "' and filler '" + filler + "'");
                        }
                    }
                }
            }
        }
        assertThat(slow).as("recognisers slower than linear").isEmpty();
    }

    private static String hostile(String shape, String keyword, String filler, int chars) {
        String run = filler.repeat(chars / filler.length());
        return shape.replace("%k", keyword).replace("%f", run);
    }

    /** The best of five tries of the recogniser and, when it opens a problem, of its next lines. */
    private static long bestOf(Recognizer recognizer, String line) {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            long start = System.nanoTime();
            Recognizer.Recognized found = recognizer.recognize(line, line);
            if (found != null && found.rest() != null) {
                Draft draft = new Draft(found.found() != null ? found.found()
                        : Found.of(null, recognizer.name(), null, Map.of()));
                found.rest().next(line, draft);
                found.rest().next(line, draft);
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
