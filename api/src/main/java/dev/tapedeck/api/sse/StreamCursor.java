package dev.tapedeck.api.sse;

import java.util.Arrays;

/**
 * Where a client stands in a stream: the position of the last item sent of each kind. It is the SSE
 * event id ({@code l.x.c.s}, four numbers), so a client reconnecting with {@code Last-Event-ID}
 * resumes each kind right after what it last received: no gap, no duplicate.
 *
 * <p>Each position is a whole number from 0 to 2^63 - 1; anything else is refused (a 400). A
 * position past the newest row of its kind is taken as it is: nothing of that kind is sent until
 * newer rows pass it, and the last possible line number has no line after it (reads never add 1
 * to a position without checking for the top of the range).
 */
public final class StreamCursor {
    private final long[] positions;

    private StreamCursor(long[] positions) {
        this.positions = positions;
    }

    public static StreamCursor start() {
        return new StreamCursor(new long[StreamItem.Kind.values().length]);
    }

    /** Parses an event id this server sent; anything else is an IllegalArgumentException. */
    public static StreamCursor parse(String id) {
        String[] parts = id.split("\\.", -1);
        if (parts.length != StreamItem.Kind.values().length) {
            throw new IllegalArgumentException("Last-Event-ID must be an event id this server sent, got '"
                    + clip(id) + "'");
        }
        long[] positions = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                positions[i] = Long.parseLong(parts[i]);
                if (positions[i] < 0) {
                    throw new NumberFormatException(parts[i]);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Last-Event-ID must be an event id this server sent, got '"
                    + clip(id) + "'");
        }
        return new StreamCursor(positions);
    }

    public long position(StreamItem.Kind kind) {
        return positions[kind.ordinal()];
    }

    /** Whether item comes after what was sent of its kind. */
    public boolean isNew(StreamItem item) {
        return item.position() > positions[item.kind().ordinal()];
    }

    public void advance(StreamItem item) {
        positions[item.kind().ordinal()] = Math.max(positions[item.kind().ordinal()], item.position());
    }

    public void set(StreamItem.Kind kind, long position) {
        positions[kind.ordinal()] = position;
    }

    public String id() {
        StringBuilder id = new StringBuilder();
        for (long position : positions) {
            if (id.length() > 0) {
                id.append('.');
            }
            id.append(position);
        }
        return id.toString();
    }

    @Override
    public String toString() {
        return "StreamCursor" + Arrays.toString(positions);
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
