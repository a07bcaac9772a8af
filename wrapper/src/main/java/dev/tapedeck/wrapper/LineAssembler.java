package dev.tapedeck.wrapper;

import java.util.Arrays;

/**
 * Cuts one stream's bytes into lines. A line ends at {@code '\n'} (a preceding {@code '\r'} stays
 * part of its raw bytes); a line longer than the limit is cut into pieces of at most the limit,
 * each but the last marked split, never held whole in memory. A cut never falls inside a UTF-8
 * character. Owned by the recorder thread.
 */
final class LineAssembler {
    /** Receives each finished line: raw[0, length), whether it ended in '\n', whether it continues. */
    interface Sink {
        void line(byte[] raw, int length, boolean terminated, boolean split);
    }

    private final int maxLineBytes;
    private byte[] buffer = new byte[256];
    private int length;

    LineAssembler(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    void feed(byte[] bytes, Sink sink) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                // The line end does not count against the limit: a "\r\n" is added after the content.
                boolean crlf = i > start && bytes[i - 1] == '\r';
                append(bytes, start, i - start - (crlf ? 1 : 0), sink);
                ensureCapacity(length + 2);
                if (crlf) {
                    buffer[length++] = '\r';
                }
                buffer[length++] = '\n';
                emit(sink, true, false);
                start = i + 1;
            }
        }
        append(bytes, start, bytes.length - start, sink);
    }

    /** Ends the stream: a last line without a newline is emitted as it is. */
    void finish(Sink sink) {
        if (length > 0) {
            emit(sink, false, false);
        }
    }

    private void append(byte[] bytes, int offset, int count, Sink sink) {
        while (length + count > maxLineBytes) {
            int take = maxLineBytes - length;
            ensureCapacity(maxLineBytes);
            System.arraycopy(bytes, offset, buffer, length, take);
            length = maxLineBytes;
            offset += take;
            count -= take;
            int carry = utf8Carry(count > 0 ? bytes[offset] : 0);
            byte[] kept = Arrays.copyOfRange(buffer, length - carry, length);
            length -= carry;
            emit(sink, false, true);
            System.arraycopy(kept, 0, buffer, 0, carry);
            length = carry;
        }
        ensureCapacity(length + count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
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

    private void emit(Sink sink, boolean terminated, boolean split) {
        sink.line(buffer, length, terminated, split);
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
