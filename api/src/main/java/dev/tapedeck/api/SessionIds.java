package dev.tapedeck.api;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Session ids. New ones: the UTC start time, readable and sortable, and six random hex digits. The digits
 * only keep ids of sessions started in the same second apart, so they need not be unpredictable: a
 * SecureRandom cost every run about 20 ms of start-up to set up. ThreadLocalRandom is seeded from
 * the clock and the nanosecond timer, which differ between processes.
 */
final class SessionIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private SessionIds() {
    }

    /**
     * Checks an id given by the user: letters, digits, '-', '_' and '.', 1 to 128 characters, so that
     * it is one path segment of an HTTP route as it is; not {@code .} or {@code ..} (which a URL
     * resolves away) nor {@code last} (a session reference).
     */
    static String check(String id) {
        String shown = id.length() > 140 ? id.substring(0, 140) + "..." : id;
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("must be 1 to 128 letters, digits, '-', '_' or '.', got '" + shown
                    + "' (" + id.length() + " characters)");
        }
        if (id.equals(".") || id.equals("..") || id.equals("last")) {
            throw new IllegalArgumentException("cannot be '" + id + "'" + (id.equals("last")
                    ? ": 'last' names the newest session" : ": a URL would resolve it away"));
        }
        return id;
    }

    static String next() {
        // 1 << 24 sets a seventh digit that keeps leading zeros; it is cut off.
        String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24) | 1 << 24).substring(1);
        return TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + random;
    }
}
