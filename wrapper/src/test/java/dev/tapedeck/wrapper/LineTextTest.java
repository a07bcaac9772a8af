package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineTextTest {
    @Test
    void plainLinesNeedNoRawBytes() {
        assertThat(decode("hello\tworld\n", true)).isEqualTo(new Result("hello\tworld", false));
        assertThat(decode("grüße €\n", true)).isEqualTo(new Result("grüße €", false));
    }

    @Test
    void lineEndsAreRemovedAndAnythingUnusualKeepsItsRawBytes() {
        assertThat(decode("dos\r\n", true)).isEqualTo(new Result("dos", true));
        assertThat(decode("no newline", false)).isEqualTo(new Result("no newline", true));
        assertThat(decode("\u001b[31mred\n", true)).isEqualTo(new Result("red", true));
        assertThat(decode("50%\r100%\r\n", true)).isEqualTo(new Result("100%", true));
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersWhileTheRawBytesAreKept() {
        byte[] raw = {'a', (byte) 0xff, 'b', 0, '\n'};
        LineText.Decoded decoded = LineText.decode(raw, raw.length, true, false, false, new LineCleaner.Carry());
        assertThat(decoded.text()).isEqualTo("a\uFFFDb");
        assertThat(decoded.raw()).isEqualTo(raw);
    }

    @Test
    void onlyWellFormedUtf8WithoutControlsCountsAsPlain() {
        byte[][] notPlain = {
            {(byte) 0xc0, (byte) 0xaf, '\n'},             // overlong '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'}, // a surrogate
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '\n'}, // past U+10FFFF
            {(byte) 0xe2, (byte) 0x82, '\n'},             // truncated
            {(byte) 0xc2, (byte) 0x9b, '\n'},             // C1 CSI
        };
        for (byte[] raw : notPlain) {
            assertThat(LineText.decode(raw, raw.length, true, false, false, new LineCleaner.Carry()).raw()).isEqualTo(raw);
        }
        byte[] fine = "ok: é € 𝄞 ⏺\n".getBytes(StandardCharsets.UTF_8);
        assertThat(LineText.decode(fine, fine.length, true, false, false, new LineCleaner.Carry()).raw()).isNull();
    }

    record Result(String text, boolean hasRaw) {
    }

    private static Result decode(String line, boolean terminated) {
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        LineText.Decoded decoded = LineText.decode(raw, raw.length, terminated, false, false, new LineCleaner.Carry());
        if (decoded.raw() != null) {
            assertThat(decoded.raw()).isEqualTo(raw);
        }
        return new Result(decoded.text(), decoded.raw() != null);
    }
}
