package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineCleanerTest {
    @Test
    void showsWhatTheTerminalFinallyShows() {
        String[][] cases = {
            {"colours", "\u001b[1;31mred\u001b[0m text", "red text"},
            {"256 and true colour", "\u001b[38;5;208mo\u001b[38;2;1;2;3mk\u001b[m", "ok"},
            {"erase line and cursor", "\u001b[2K\u001b[1Gdone\u001b[?25h", "done"},
            {"osc title with bel", "\u001b]0;my title\u0007prompt", "prompt"},
            {"osc link with st", "\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\", "link"},
            {"charset designation", "\u001b(Bplain", "plain"},
            {"two-character escape", "\u001b=keypad\u001b>", "keypad"},
            {"c1 csi", "\u009b31mred", "red"},
            {"progress redraws", "progress\r50%\r100%", "100%"},
            {"trailing return", "abc\r", "abc"},
            {"backspace overwrites", "abc\b\bXY", "aXY"},
            {"bell and nul dropped", "a\u0007b\u0000c", "abc"},
            {"tabs kept", "a\tb", "a\tb"},
            {"unterminated csi", "text\u001b[12", "text"},
        };
        for (String[] c : cases) {
            assertThat(LineCleaner.clean(c[1])).as(c[0]).isEqualTo(c[2]);
        }
    }

    @Test
    void plainLinesAreReturnedAsTheyAre() {
        String line = "nothing to clean: üñíçødé, tabs\tand all";
        assertThat(LineCleaner.clean(line)).isSameAs(line);
    }

    @Test
    void aSpinnerRedrawnWithEscapesReadsAsItsLastState() {
        assertThat(LineCleaner.clean("\u001b[2K\r⠋ Installing\u001b[2K\r⠙ Installing\u001b[2K\r✔ Installed"))
                .isEqualTo("✔ Installed");
    }
}
