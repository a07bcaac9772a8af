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
    private final LineAssembler.Sink sink = (raw, length, terminated, split, printableAscii) ->
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

    /** Escape sequences and multibyte characters cut at every byte boundary read the same. */
    @Test
    void cuttingTheOutputAtAnyByteChangesNothingRecorded() {
        byte[] output = "\u001b[1;31mred\u001b[0m caf\u00e9 \u001b]0;title\u000750%\r100% \u20ac\u001b[2K\n"
                .getBytes(StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        for (int cut = 0; cut <= output.length; cut++) {
            List<LineText.Decoded> lines = new ArrayList<>();
            LineAssembler assembler = new LineAssembler(1024);
            LineCleaner.Carry carry = new LineCleaner.Carry();
            LineAssembler.Sink decode = (raw, length, terminated, split, printableAscii) ->
                    lines.add(LineText.decode(raw, length, terminated, split, printableAscii, carry));
            assembler.feed(Arrays.copyOfRange(output, 0, cut), decode);
            assembler.feed(Arrays.copyOfRange(output, cut, output.length), decode);
            assembler.finish(decode);
            assertThat(lines).as("cut at %d", cut).hasSize(1);
            texts.add(lines.get(0).text());
        }
        // Whatever the cleaner makes of the redraws, it makes the same of every cut, with no escape left.
        assertThat(texts).containsOnly(texts.get(0));
        assertThat(texts.get(0)).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\uFFFD");
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
    void aCutMovesBackToTheSeparatorBeforeARunOfTokenCharacters() {
        LineAssembler assembler = new LineAssembler(16);
        assembler.feed(bytes("aaaaaaaaaa bbbbbbbbbb\n"), sink);
        assertThat(pieces).containsExactly(new Piece("aaaaaaaaaa ", false, true), new Piece("bbbbbbbbbb\n", true, false));
    }

    @Test
    void aRunOfTokenCharactersLongerThanTheWindowIsCutAtTheLimit() {
        LineAssembler assembler = new LineAssembler(16);
        // The separator is 9 bytes back from the limit, beyond the window of half the limit.
        assembler.feed(bytes("aaaaaa bbbbbbbbbbbbbb\n"), sink);
        assertThat(pieces).containsExactly(new Piece("aaaaaa bbbbbbbbb", false, true), new Piece("bbbbb\n", true, false));
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

    /** The printable-ASCII flag matches the line's bytes however the output is cut into reads. */
    @Test
    void thePrintableAsciiFlagHoldsAcrossReads() {
        java.util.Random random = new java.util.Random(3);
        byte[] alphabet = "ab \t~\r\u007f\u0001".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 500; round++) {
            byte[] output = new byte[random.nextInt(200)];
            for (int i = 0; i < output.length; i++) {
                int pick = random.nextInt(alphabet.length + 3);
                output[i] = pick < alphabet.length ? alphabet[pick] : pick == alphabet.length ? (byte) 0xc3
                        : pick == alphabet.length + 1 ? (byte) 0xa9 : (byte) '\n';
            }
            List<Boolean> flags = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            LineAssembler assembler = new LineAssembler(1024);
            LineAssembler.Sink check = (raw, length, terminated, split, printableAscii) -> {
                flags.add(printableAscii);
                boolean ascii = true;
                for (int i = 0; i < length - (terminated ? 1 : 0); i++) {
                    ascii &= raw[i] >= 0x20 && raw[i] != 0x7f || raw[i] == '\t';
                }
                expected.add(ascii);
            };
            int cut = random.nextInt(output.length + 1);
            assembler.feed(Arrays.copyOfRange(output, 0, cut), check);
            assembler.feed(Arrays.copyOfRange(output, cut, output.length), check);
            assembler.finish(check);
            assertThat(flags).isEqualTo(expected);
        }
    }
}
