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
    /** Printable ASCII (and tabs) only. */
    private static final int ASCII = 0;
    /** No control characters, well-formed UTF-8: decoding and encoding again gives back the bytes. */
    private static final int PLAIN = 1;
    /** Anything else: the text needs cleaning and the raw bytes keeping. */
    private static final int MIXED = 2;

    private LineText() {
    }

    /** ascii: the text is printable ASCII, the same characters as the raw bytes from index 0. */
    record Decoded(String text, byte[] raw, boolean ascii) {
    }

    /**
     * A split piece of a long line has no line end: its raw bytes are not stored when they are
     * exactly its text ({@link dev.tapedeck.store.OutputLine#rawBytes()} adds no newline to it).
     */
    /**
     * printableAscii: the caller has seen that the bytes before the line end are printable ASCII.
     * carry: the stream's unfinished escape sequence, from the previous piece of a cut line to this
     * one; a piece that starts inside a sequence is cleaned whatever its bytes.
     */
    static Decoded decode(byte[] raw, int length, boolean terminated, boolean split, boolean printableAscii,
                          LineCleaner.Carry carry) {
        Decoded decoded = decode(raw, length, terminated, split, printableAscii, carry.pending(), carry);
        if (!split) {
            carry.reset();
        }
        return decoded;
    }

    private static Decoded decode(byte[] raw, int length, boolean terminated, boolean split, boolean printableAscii,
                                  boolean resuming, LineCleaner.Carry carry) {
        int end = length;
        if (terminated) {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        int kind = !resuming && (terminated && end == length - 1 || split && !terminated)
                ? printableAscii ? ASCII : kindOf(raw, end) : MIXED;
        if (kind == MIXED) {
            return new Decoded(LineCleaner.clean(new String(raw, 0, end, StandardCharsets.UTF_8), carry),
                    Arrays.copyOf(raw, length), false);
        }
        // Plain ASCII decodes as Latin-1 alike, which is a copy: no second pass looking for non-ASCII bytes.
        return new Decoded(new String(raw, 0, end, kind == ASCII ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8),
                null, kind == ASCII);
    }

    /** What raw[0, end) holds: {@link #ASCII}, {@link #PLAIN} or {@link #MIXED}. */
    private static int kindOf(byte[] raw, int end) {
        int kind = ASCII;
        int i = 0;
        while (i < end) {
            byte signed = raw[i];
            if (signed >= 0x20 && signed != 0x7f || signed == '\t') {
                i++; // printable ASCII, the common case: one test
                continue;
            }
            if (signed >= 0) {
                return MIXED; // a control character
            }
            int b = signed & 0xff;
            int length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
            if (length == 0 || i + length > end || !continuations(raw, i + 1, length - 1)
                    || !inRange(b, raw[i + 1] & 0xff)) {
                return MIXED;
            }
            if (b == 0xc2 && (raw[i + 1] & 0xff) < 0xa0) {
                // U+0080 to U+009F are C1 control characters: the cleaner drops them.
                return MIXED;
            }
            kind = PLAIN;
            i += length;
        }
        return kind;
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
