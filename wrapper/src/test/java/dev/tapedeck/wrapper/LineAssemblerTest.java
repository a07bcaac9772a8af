package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    record Piece(String raw, boolean terminated, boolean split) {
    }

    private final List<Piece> pieces = new ArrayList<>();
    private final LineAssembler.Sink sink = (raw, length, terminated, split) ->
            pieces.add(new Piece(new String(raw, 0, length, StandardCharsets.UTF_8), terminated, split));

    @Test
    void cutsAtNewlinesAcrossReadsAndKeepsCarriageReturns() {
        LineAssembler assembler = new LineAssembler(1024);
        assembler.feed(bytes("one\r\ntw"), sink);
        assembler.feed(bytes("o\nthr"), sink);
        assembler.feed(bytes("ee"), sink);
        assembler.finish(sink);
        assertThat(pieces).containsExactly(new Piece("one\r\n", true, false), new Piece("two\n", true, false),
                new Piece("three", false, false));
    }

    @Test
    void emptyLinesAreLines() {
        LineAssembler assembler = new LineAssembler(1024);
        assembler.feed(bytes("\n\nx\n"), sink);
        assembler.finish(sink);
        assertThat(pieces).extracting(Piece::raw).containsExactly("\n", "\n", "x\n");
    }

    @Test
    void aLongLineIsCutIntoMarkedPiecesOfAtMostTheLimit() {
        LineAssembler assembler = new LineAssembler(16);
        assembler.feed(bytes("a".repeat(20)), sink);
        assembler.feed(bytes("b".repeat(20) + "\n"), sink);
        assertThat(pieces).containsExactly(new Piece("a".repeat(16), false, true),
                new Piece("aaaa" + "b".repeat(12), false, true), new Piece("b".repeat(8) + "\n", true, false));
    }

    @Test
    void aLineOfExactlyTheLimitIsOneLine() {
        LineAssembler assembler = new LineAssembler(16);
        assembler.feed(bytes("x".repeat(16) + "\r\n"), sink);
        assertThat(pieces).containsExactly(new Piece("x".repeat(16) + "\r\n", true, false));
    }

    @Test
    void aCutNeverFallsInsideAUtf8Character() {
        LineAssembler assembler = new LineAssembler(16);
        // 15 ASCII bytes, then a 3-byte character across the limit.
        assembler.feed(bytes("x".repeat(15) + "€" + "yz\n"), sink);
        assertThat(pieces).containsExactly(new Piece("x".repeat(15), false, true), new Piece("€yz\n", true, false));
    }

    @Test
    void aMultibyteCharacterSplitAcrossReadsIsWhole() {
        byte[] euro = bytes("€\n");
        LineAssembler assembler = new LineAssembler(1024);
        assembler.feed(Arrays.copyOfRange(euro, 0, 1), sink);
        assembler.feed(Arrays.copyOfRange(euro, 1, 4), sink);
        assertThat(pieces).containsExactly(new Piece("€\n", true, false));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
