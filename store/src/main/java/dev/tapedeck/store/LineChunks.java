package dev.tapedeck.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes consecutive lines of a session into one {@code output_chunks} row and back. A row per
 * line costs a B-tree insert per line; a row per run of lines lets the writer record several times
 * more lines per second and keeps the file small.
 *
 * <p>Per line, {@code line_meta} holds: a flags byte (bit 0 stderr, bit 1 raw bytes present, bit 2
 * split), the timestamp in microseconds as a zig-zag varint delta from the previous line (the first
 * from {@code first_at}), the text length in UTF-16 units as a varint and, when bit 1 is set, the raw
 * length in bytes as a varint. {@code text} is the lines' clean text joined by {@code '\n'};
 * {@code raw} the raw bytes of the flagged lines, concatenated.
 *
 * <p>The text is encoded here as UTF-8, line by line, and bound as bytes that SQL casts to text: a
 * string bound through the JDBC driver would be built whole (in UTF-16 as soon as one character
 * needs it) and then re-encoded, which cost the writer more than the insert itself. A line the
 * recorder found to be ASCII ({@link OutputLine#ascii()}, most lines) is copied as it is, with
 * neither a pass looking for other characters nor a byte array of its own.
 */
final class LineChunks {
    private static final int STDERR = 1;
    private static final int HAS_RAW = 2;
    private static final int SPLIT = 4;

    private LineChunks() {
    }

    /** An encoded chunk; {@code text} in UTF-8. */
    record Encoded(long firstLine, long lastLine, long firstAt, long lastAt, byte[] meta, byte[] text,
                   byte[] raw, long stdoutLines, long stderrLines, long outputBytes) {
        int lineCount() {
            return (int) (lastLine - firstLine + 1);
        }
    }

    /** Encodes lines numbered consecutively from the first one's number. */
    static Encoded encode(List<OutputLine> lines) {
        Bytes meta = new Bytes(lines.size() * 4);
        Bytes raw = new Bytes(0);
        Bytes text = new Bytes(lines.size() * 64);
        long firstAt = Micros.of(lines.get(0).timestamp());
        long previous = firstAt;
        long stderr = 0;
        long bytes = 0;
        Instant lastInstant = null;
        long at = firstAt;
        for (int i = 0; i < lines.size(); i++) {
            OutputLine line = lines.get(i);
            // Lines read together share one Instant: convert it once.
            if (line.timestamp() != lastInstant) {
                lastInstant = line.timestamp();
                at = Micros.of(lastInstant);
            }
            int flags = (line.stream() == Stream.STDERR ? STDERR : 0) | (line.raw() != null ? HAS_RAW : 0)
                    | (line.split() ? SPLIT : 0);
            meta.write(flags);
            writeVarint(meta, zigZag(at - previous));
            writeVarint(meta, line.text().length());
            if (line.raw() != null) {
                writeVarint(meta, line.raw().length);
                raw.write(line.raw());
            }
            bytes += line.byteLength();
            if (i > 0) {
                text.write('\n');
            }
            if (line.ascii()) {
                text.writeAscii(line.text());
            } else {
                text.write(line.text().getBytes(StandardCharsets.UTF_8));
            }
            stderr += line.stream() == Stream.STDERR ? 1 : 0;
            previous = at;
        }
        OutputLine first = lines.get(0);
        return new Encoded(first.number(), first.number() + lines.size() - 1, firstAt, previous, meta.toByteArray(),
                text.toByteArray(), raw.size() == 0 ? null : raw.toByteArray(), lines.size() - stderr, stderr, bytes);
    }

    static List<OutputLine> decode(String sessionId, long firstLine, long firstAt, byte[] meta, String text,
                                   byte[] raw) {
        List<OutputLine> lines = new ArrayList<>();
        int[] position = {0};
        int textAt = 0;
        int rawAt = 0;
        long at = firstAt;
        for (long number = firstLine; position[0] < meta.length; number++) {
            int flags = meta[position[0]++];
            at += unZigZag(readVarint(meta, position));
            int textLength = (int) readVarint(meta, position);
            byte[] rawBytes = null;
            if ((flags & HAS_RAW) != 0) {
                int rawLength = (int) readVarint(meta, position);
                rawBytes = Arrays.copyOfRange(raw, rawAt, rawAt + rawLength);
                rawAt += rawLength;
            }
            String lineText = text.substring(textAt, textAt + textLength);
            textAt += textLength + 1;
            Stream stream = (flags & STDERR) != 0 ? Stream.STDERR : Stream.STDOUT;
            lines.add(new OutputLine(sessionId, number, stream, Micros.toInstant(at), lineText, rawBytes,
                    (flags & SPLIT) != 0));
        }
        return lines;
    }

    /** The number and time of each line of a chunk, from its {@code line_meta} alone. */
    static void decodeTimes(long firstLine, long firstAt, byte[] meta, Output.LineTimeVisitor visitor) {
        int[] position = {0};
        long at = firstAt;
        for (long number = firstLine; position[0] < meta.length; number++) {
            int flags = meta[position[0]++];
            at += unZigZag(readVarint(meta, position));
            readVarint(meta, position);
            if ((flags & HAS_RAW) != 0) {
                readVarint(meta, position);
            }
            visitor.visit(number, at);
        }
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** A growable byte array, unsynchronised (the writer thread owns it). */
    private static final class Bytes {
        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        void write(byte[] more) {
            if (size + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + more.length));
            }
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        /** Writes text known to be ASCII: its characters are its UTF-8 bytes, copied without a pass. */
        @SuppressWarnings("deprecation") // the one copy of a string's characters into a byte array
        void writeAscii(String ascii) {
            int length = ascii.length();
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + length));
            }
            ascii.getBytes(0, length, bytes, size);
            size += length;
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static void writeVarint(Bytes out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
