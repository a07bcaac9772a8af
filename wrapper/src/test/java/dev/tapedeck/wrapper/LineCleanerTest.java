package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
            {"osc aborted by can", "Super\u001b]0;x\u0018Secret", "SuperSecret"},
            {"osc ended by c1 st", "Super\u001b]0;x\u009cSecret", "SuperSecret"},
            {"c1 osc to c1 st", "Super\u009d0;x\u009cSecret", "SuperSecret"},
            {"c1 dcs to st", "Super\u0090q1\u001b\\Secret", "SuperSecret"},
            {"dcs aborted by sub", "Super\u001bP1$r\u001aSecret", "SuperSecret"},
            {"osc ended by another escape", "Super\u001b]0;x\u001b7Secret", "SuperSecret"},
            {"backspace inside csi carried out", "SuperX\u001b[\bmSecret", "SuperSecret"},
            {"return inside csi carried out", "XXXXX\u001b[1\r2mSuper", "Super"},
            {"csi aborted by can", "Super\u001b[1\u0018Secret", "SuperSecret"},
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

    /**
     * A line longer than the limit is cut into pieces; an escape sequence that spans a cut, wherever
     * the cut falls in it, leaves none of itself in any piece's text (a 100 KiB DCS payload was the
     * clean text of every piece after the first).
     */
    @Test
    void aSequenceCutAcrossPiecesOfALongLineLeavesNothingOfItselfInTheText() {
        String payload = "q".repeat(40);
        String[] sequences = {
            "\u001bP1$r" + payload + "\u001b\\",        // DCS ended by ST
            "\u001b]0;" + payload + "\u0007",             // OSC title ended by BEL
            "\u001b]8;;http://" + payload + "\u001b\\", // OSC 8 hyperlink target
            "\u001b_" + payload + "\u001b\\",            // APC
            "\u001bX" + payload + "\u001b\\",            // SOS
            "\u001b[38;2;10;20;30m",                       // CSI with long parameters
            "\u001b(B",                                     // charset designation
            "\u001b=",                                      // two-character escape
            "\u001b]0;" + payload + "\u0018",            // OSC aborted by CAN
            "\u001b]0;" + payload + "\u001b7",           // OSC ended by another escape (save cursor)
        };
        for (String sequence : sequences) {
            String line = "ab" + sequence + "cd\n";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int limit = 1; limit <= bytes.length; limit++) {
                StringBuilder text = new StringBuilder();
                StringBuilder raw = new StringBuilder();
                LineSplitting.split(bytes, limit, (piece, pieceRaw, split) -> {
                    text.append(piece);
                    // A plain piece keeps no raw bytes: its text is its bytes, plus the line end if it has one.
                    raw.append(pieceRaw == null ? piece + (split ? "" : "\n")
                            : new String(pieceRaw, StandardCharsets.UTF_8));
                });
                assertThat(text.toString()).as("%s cut every %d bytes", sequence, limit).isEqualTo("abcd");
                // The raw bytes of the pieces still give back the whole line, for replay.
                assertThat(raw.toString()).as("%s cut every %d bytes", sequence, limit).isEqualTo(line);
            }
        }
    }

    @Test
    void aSequenceLeftUnfinishedAtALineEndDoesNotReachTheNextLine() {
        StringBuilder text = new StringBuilder();
        LineSplitting.split("a\u001b]0;open title\nnext\n".getBytes(StandardCharsets.UTF_8), 1024,
                (piece, raw, split) -> text.append(piece).append('|'));
        assertThat(text.toString()).isEqualTo("a|next|");
    }
}
