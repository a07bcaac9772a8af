package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FenceLineTest {

    @Test
    void fencesAsAgentsAndDocumentsPrintThemOpenBlocks() {
        Object[][] cases = {
            {"```", '`', 3, 0, null},
            {"```python", '`', 3, 0, "python"},
            {"   ```bash", '`', 3, 3, "bash"},
            {"        ```rust,ignore", '`', 3, 8, "rust,ignore"},
            {"```` markdown title=\"x.md\"", '`', 4, 0, "markdown"},
            {"``` python  ", '`', 3, 0, "python"},
            {"~~~python", '~', 3, 0, "python"},
            {"~~~~ python extra words", '~', 4, 0, "python"},
            {"~~~ {.haskell .numberLines}", '~', 3, 0, "{.haskell"},
            {"\t```c++", '`', 3, 1, "c++"},
        };
        for (Object[] c : cases) {
            FenceLine fence = FenceLine.opening((String) c[0]);
            assertThat(fence).as((String) c[0]).isEqualTo(new FenceLine((char) c[1], (int) c[2], (int) c[3], (String) c[4]));
        }
    }

    @Test
    void caretLinesUnderlinesSeparatorsAndInlineBackticksAreNeverFences() {
        String[] lines = {
            // Python 3.11 tracebacks (real: python3.11 on a ZeroDivisionError and a KeyError)
            "           ~~~~~~~~~~~~~~~~~~~~^~~~~~~~~~~~~~~~~~~~~",
            "          ~~~~~~~~~^^^^^^^^",
            "    ~~~~~~~~~^~~~~~~~",
            "~~~~^^^^",
            "~~~^",
            // clang and gcc underlines, tsc's bare tilde underlines at any indentation
            "    int x = a + b;", "            ~~^~~~", "~~~~~~~~", "  ~~~~~", "   ~~~", "                             ~~~~",
            // separators and headings in prose and tables
            "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~", "~~~~~ Results ~~~~~", "~~~ 3 errors", "| ~~~~~ | ~~~~~ |",
            // backticks inside a line, too few, or holding more backticks
            "Run `make` then ```check```", "``", "```foo``` and more", "``` `x` ```", "```1.2.3",
            "text ```python",
        };
        for (String line : lines) {
            assertThat(FenceLine.opening(line)).as(line).isNull();
        }
    }

    @Test
    void aBlockClosesOnlyAtABareFenceOfItsCharacterAtLeastAsLong() {
        FenceLine fence = FenceLine.opening("````python");
        assertThat(fence.closedBy("````")).isTrue();
        assertThat(fence.closedBy("   ``````  ")).isTrue();
        assertThat(fence.closedBy("```")).isFalse();
        assertThat(fence.closedBy("~~~~")).isFalse();
        assertThat(fence.closedBy("````python")).isFalse();
        assertThat(fence.closedBy("")).isFalse();
        assertThat(FenceLine.opening("~~~text").closedBy("~~~~~~~~^~~~")).isFalse();
    }

    /**
     * A 64 KiB line of spaces, digits, colons, dots, fence characters or carets after any head is
     * read in time linear in its length (about 0.1 ms compiled). Judged by growth, the best of several
     * tries at 4 and 64 KiB (16 times the length: under 64 times the time plus 1 ms), as PatternCostTest
     * does: on a loaded machine the optimising compiler may not have run yet, and profiled code takes
     * about 8 ns a character.
     */
    @Test
    void aHostileLineCostsTimeLinearInItsLength() {
        String[] fillers = {" ", "1", ":", ".", "a", "~", "`", "^", "a ", "~^"};
        String[] heads = {"", "```", "~~~", "```a", "~~~a", "   ````"};
        FenceLine open = FenceLine.opening("```");
        for (String head : heads) {
            for (String filler : fillers) {
                String smallLine = head + filler.repeat(4 * 1024 / filler.length()) + "x";
                String largeLine = head + filler.repeat(64 * 1024 / filler.length()) + "x";
                bestOf(open, largeLine); // warms both sizes' code up before either is timed
                long small = bestOf(open, smallLine);
                long large = bestOf(open, largeLine);
                // 16 times the text: linear is 16x, quadratic 256x; twice the linear figure and 2 ms
                // leave room for a loaded machine and still fail a quadratic reading.
                assertThat(large).as("'" + head + "' + '" + filler + "': %d ns at 4 KiB", small)
                        .isLessThan(32 * small + 2_000_000L);
            }
        }
    }

    private static long bestOf(FenceLine open, String line) {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 20; run++) {
            long start = System.nanoTime();
            FenceLine.opening(line);
            open.closedBy(line);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
