package dev.tapedeck.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset cursors: the sort key and id of the last row of a page, opaque to clients. A cursor that
 * does not decode is the caller's error, reported as an {@link IllegalArgumentException}.
 */
final class Cursors {
    private Cursors() {
    }

    static String encode(long key, long id) {
        byte[] text = ("v1:" + key + ":" + id).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
    }

    /** The key and the id, in that order. */
    static long[] decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = text.split(":", -1);
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this server returned, got '" + cursor + "'", e);
        }
    }
}
