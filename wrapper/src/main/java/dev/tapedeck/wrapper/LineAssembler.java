package dev.tapedeck.wrapper;

import java.util.Arrays;

/**
 * Cuts one stream's bytes into lines. A line ends at {@code '\n'} (a preceding {@code '\r'} stays
 * part of its raw bytes); a line longer than the limit is cut into pieces of at most the limit,
 * each but the last marked split, never held whole in memory. A cut never falls inside a UTF-8
 * character, nor inside a run of token characters when a separator is near (each piece is redacted
 * on its own: a secret cut in two would be two harmless halves). Owned by the recorder thread.
 */
final class LineAssembler {
    /**
     * Receives each finished line: raw[0, length), whether it ended in '\n', whether it continues,
     * and whether its bytes before the '\n' are all printable ASCII or tabs (false when unknown: a
     * split piece), found by the same pass that looks for the line end.
     */
    interface Sink {
        void line(byte[] raw, int length, boolean terminated, boolean split, boolean printableAscii);
    }

    /** How far back from the limit a cut looks for the end of a token (see {@link #cutCarry}). */
    static final int TOKEN_WINDOW = 4096;
    private static final String SEPARATORS = "\"',;()<>[]{}|`";

    private final int maxLineBytes;
    private byte[] buffer = new byte[256];
    private int length;
    /** The line in progress holds a byte other than printable ASCII or a tab. */
    private boolean special;

    LineAssembler(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    void feed(byte[] bytes, Sink sink) {
        int start = 0;
        boolean special = this.special;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            // Printable ASCII, the common case, costs one test; negative bytes (UTF-8) are below 0x20.
            if (b >= 0x20 && b != 0x7f) {
                continue;
            }
            if (b == '\n') {
                // The line end does not count against the limit: a "\r\n" is added after the content.
                boolean crlf = i > start && bytes[i - 1] == '\r';
                append(bytes, start, i - start - (crlf ? 1 : 0), sink);
                ensureCapacity(length + 2);
                if (crlf) {
                    buffer[length++] = '\r';
                }
                buffer[length++] = '\n';
                emit(sink, true, false, !special);
                special = false;
                start = i + 1;
            } else if (b != '\t') {
                special = true;
            }
        }
        this.special = special;
        append(bytes, start, bytes.length - start, sink);
    }

    /** Ends the stream: a last line without a newline is emitted as it is. */
    void finish(Sink sink) {
        if (length > 0) {
            emit(sink, false, false, !special);
        }
        special = false;
    }

    private void append(byte[] bytes, int offset, int count, Sink sink) {
        while (length + count > maxLineBytes) {
            int take = maxLineBytes - length;
            ensureCapacity(maxLineBytes);
            System.arraycopy(bytes, offset, buffer, length, take);
            length = maxLineBytes;
            offset += take;
            count -= take;
            int carry = cutCarry(count > 0 ? bytes[offset] : 0);
            byte[] kept = Arrays.copyOfRange(buffer, length - carry, length);
            length -= carry;
            emit(sink, false, true, false);
            System.arraycopy(kept, 0, buffer, 0, carry);
            length = carry;
        }
        ensureCapacity(length + count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    /**
     * How many bytes at the end of the full buffer move to the next piece: the run of token
     * characters the cut would fall in (letters, digits, {@code -_+/=.:@%~&?#!*$\\}: what secrets,
     * URLs and JSON escapes are made of), back to the last separator within the last
     * {@link #TOKEN_WINDOW} bytes, so that a token (a secret) is cut only where a line holds that
     * many token bytes without a break; else the bytes of a UTF-8 character that continues in next.
     */
    private int cutCarry(byte next) {
        int window = Math.min(TOKEN_WINDOW, maxLineBytes / 2);
        if (window > 0 && isToken(next) && isToken(buffer[length - 1])) {
            for (int i = length - 1; i >= length - window; i--) {
                if (!isToken(buffer[i])) {
                    return length - 1 - i;
                }
            }
        }
        return utf8Carry(next);
    }

    /** Not a separator: non-ASCII bytes (parts of characters) count as token bytes. */
    private static boolean isToken(byte b) {
        return b < 0 || b > ' ' && b != 0x7f && SEPARATORS.indexOf(b) < 0;
    }

    /**
     * How many bytes at the end of the full buffer belong to a character that continues in the next
     * byte (next is a UTF-8 continuation byte): those move to the next piece.
     */
    private int utf8Carry(byte next) {
        if ((next & 0xC0) != 0x80) {
            return 0;
        }
        for (int back = 1; back <= 3 && back < length; back++) {
            byte b = buffer[length - back];
            if ((b & 0xC0) == 0xC0) {
                return back;
            }
            if ((b & 0xC0) != 0x80) {
                return 0;
            }
        }
        return 0;
    }

    private void emit(Sink sink, boolean terminated, boolean split, boolean printableAscii) {
        sink.line(buffer, length, terminated, split, printableAscii);
        length = 0;
        if (buffer.length > 64 * 1024) {
            buffer = new byte[256];
        }
    }

    private void ensureCapacity(int capacity) {
        if (capacity > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(capacity, Math.min(buffer.length * 2, maxLineBytes + 2)));
        }
    }
}
