package dev.tapedeck.wrapper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The clean text of a raw line: its line end removed, UTF-8 decoded (invalid bytes become U+FFFD),
 * cleaned of what a terminal does not show ({@link LineCleaner}), and whether its raw bytes need
 * storing at all (they do not when they are exactly the text plus
 * {@code '\n'}, the common case).
 */
final class LineText {
    private LineText() {
    }

    record Decoded(String text, byte[] raw) {
    }

    static Decoded decode(byte[] raw, int length, boolean terminated) {
        int end = length;
        if (terminated) {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        String decoded = new String(raw, 0, end, StandardCharsets.UTF_8);
        boolean plain = terminated && end == length - 1 && isPlain(raw, end, decoded);
        return new Decoded(plain ? decoded : LineCleaner.clean(decoded), plain ? null : Arrays.copyOf(raw, length));
    }

    /** True when raw[0, end) holds no control characters and is exactly the UTF-8 of text. */
    private static boolean isPlain(byte[] raw, int end, String text) {
        boolean ascii = true;
        for (int i = 0; i < end; i++) {
            byte b = raw[i];
            if (b < 0) {
                ascii = false;
            } else if (b < 0x20 && b != '\t' || b == 0x7f) {
                return false;
            }
        }
        if (ascii) {
            return true;
        }
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(raw, 0, end, encoded, 0, encoded.length);
    }
}
