package dev.tapedeck.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded line of output.
 *
 * @param number    the line number within the session, from 1, in the order the lines were read
 *                  (so line order is time order)
 * @param text      the clean text: what the terminal finally showed, without the line end
 * @param raw       the exact bytes as printed, line end included; {@code null} when they are simply
 *                  the UTF-8 bytes of {@code text} followed by {@code '\n'} (for a split piece,
 *                  which has no line end: without the {@code '\n'})
 * @param split     the line was longer than the recorder's limit and continues in the next line
 * @param byteLength the number of bytes printed ({@code rawBytes().length}); the recorder, which
 *                  has them at hand, passes it, so the store's writer need not count them
 * @param ascii     {@code text} holds ASCII characters only, so its characters are its UTF-8 bytes;
 *                  the recorder, whose pass over the bytes found this, passes it, so the store's
 *                  writer need not look again (when false, the text may or may not be ASCII)
 */
public record OutputLine(String sessionId, long number, Stream stream, Instant timestamp, String text,
                         byte[] raw, boolean split, int byteLength, boolean ascii) implements Write {

    /** A line whose byte length and ASCII-ness are worked out from its raw bytes and its text. */
    public OutputLine(String sessionId, long number, Stream stream, Instant timestamp, String text, byte[] raw,
                      boolean split) {
        this(sessionId, number, stream, timestamp, text, raw, split, byteLength(text, raw, split), isAscii(text));
    }

    public OutputLine {
        Checks.requireText("sessionId", sessionId);
        Checks.requirePositive("number", number);
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(text, "text");
        // A line wrongly flagged would be stored garbled; checked where assertions are on (the tests).
        assert !ascii || isAscii(text) : "text flagged ASCII is not: " + text;
    }

    public static OutputLine of(String sessionId, long number, Stream stream, Instant timestamp, String text) {
        return new OutputLine(sessionId, number, stream, timestamp, text, null, false);
    }

    /** The bytes that were printed: {@link #raw()}, or the text and (unless split) a newline. */
    public byte[] rawBytes() {
        if (raw != null) {
            return raw.clone();
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (split) {
            return utf8;
        }
        byte[] bytes = Arrays.copyOf(utf8, utf8.length + 1);
        bytes[utf8.length] = '\n';
        return bytes;
    }

    private static int byteLength(String text, byte[] raw, boolean split) {
        if (raw != null) {
            return raw.length;
        }
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length + (split ? 0 : 1);
    }

    private static boolean isAscii(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int lineCount() {
        return 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutputLine o
                && number == o.number && split == o.split && sessionId.equals(o.sessionId)
                && stream == o.stream && timestamp.equals(o.timestamp) && text.equals(o.text)
                && Arrays.equals(raw, o.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, number, stream, timestamp, text, Arrays.hashCode(raw), split);
    }

    @Override
    public String toString() {
        return "OutputLine[" + sessionId + ":" + number + " " + stream.wireName() + " " + timestamp
                + " '" + text + "'" + (raw == null ? "" : " raw=" + raw.length + "B") + (split ? " split" : "") + "]";
    }
}
