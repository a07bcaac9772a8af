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

    @Test
    void aHostile64KiBLineCostsWellUnderAMillisecond() {
        String[] fillers = {" ", "1", ":", ".", "a", "~", "`", "^", "a ", "~^"};
        String[] heads = {"", "```", "~~~", "```a", "~~~a", "   ````"};
        FenceLine open = FenceLine.opening("```");
        String warm = "```" + " ".repeat(1024) + "a";
        for (int i = 0; i < 20_000; i++) {
            FenceLine.opening(warm);
            open.closedBy(warm);
        }
        for (String head : heads) {
            for (String filler : fillers) {
                String line = head + filler.repeat(64 * 1024 / filler.length()) + "x";
                long best = Long.MAX_VALUE;
                for (int run = 0; run < 20; run++) {
                    long start = System.nanoTime();
                    FenceLine.opening(line);
                    open.closedBy(line);
                    best = Math.min(best, System.nanoTime() - start);
                }
                assertThat(best).as("'" + head + "' + '" + filler + "'").isLessThan(1_000_000L);
            }
        }
    }
}
