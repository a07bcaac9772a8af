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

    /**
     * A split piece of a long line has no line end: its raw bytes are not stored when they are
     * exactly its text ({@link dev.tapedeck.store.OutputLine#rawBytes()} adds no newline to it).
     */
    static Decoded decode(byte[] raw, int length, boolean terminated, boolean split) {
        int end = length;
        if (terminated) {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        String decoded = new String(raw, 0, end, StandardCharsets.UTF_8);
        boolean plain = (terminated && end == length - 1 || split && !terminated) && isPlain(raw, end);
        return new Decoded(plain ? decoded : LineCleaner.clean(decoded), plain ? null : Arrays.copyOf(raw, length));
    }

    /**
     * True when raw[0, end) holds no control characters and is well-formed UTF-8, so that decoding
     * it and encoding the text again gives back exactly these bytes.
     */
    private static boolean isPlain(byte[] raw, int end) {
        int i = 0;
        while (i < end) {
            int b = raw[i] & 0xff;
            if (b < 0x80) {
                if (b < 0x20 && b != '\t' || b == 0x7f) {
                    return false;
                }
                i++;
                continue;
            }
            int length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
            if (length == 0 || i + length > end || !continuations(raw, i + 1, length - 1)
                    || !inRange(b, raw[i + 1] & 0xff)) {
                return false;
            }
            if (b == 0xc2 && (raw[i + 1] & 0xff) < 0xa0) {
                // U+0080 to U+009F are C1 control characters: the cleaner drops them.
                return false;
            }
            i += length;
        }
        return true;
    }

    private static boolean continuations(byte[] raw, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if ((raw[i] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Rejects overlong forms, surrogates and code points past U+10FFFF via the second byte. */
    private static boolean inRange(int first, int second) {
        return switch (first) {
            case 0xe0 -> second >= 0xa0;
            case 0xed -> second < 0xa0;
            case 0xf0 -> second >= 0x90;
            case 0xf4 -> second < 0x90;
            default -> true;
        };
    }
}
