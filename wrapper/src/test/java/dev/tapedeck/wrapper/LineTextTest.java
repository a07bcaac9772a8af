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
        LineText.Decoded decoded = LineText.decode(raw, raw.length, true);
        assertThat(decoded.text()).isEqualTo("a\uFFFDb");
        assertThat(decoded.raw()).isEqualTo(raw);
    }

    record Result(String text, boolean hasRaw) {
    }

    private static Result decode(String line, boolean terminated) {
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        LineText.Decoded decoded = LineText.decode(raw, raw.length, terminated);
        if (decoded.raw() != null) {
            assertThat(decoded.raw()).isEqualTo(raw);
        }
        return new Result(decoded.text(), decoded.raw() != null);
    }
}
