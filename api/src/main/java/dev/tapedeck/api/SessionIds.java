package dev.tapedeck.api;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New session ids: the UTC start time, readable and sortable, and six random hex digits. The digits
 * only keep ids of sessions started in the same second apart, so they need not be unpredictable: a
 * SecureRandom cost every run about 20 ms of start-up to set up. ThreadLocalRandom is seeded from
 * the clock and the nanosecond timer, which differ between processes.
 */
final class SessionIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private SessionIds() {
    }

    static String next() {
        // 1 << 24 sets a seventh digit that keeps leading zeros; it is cut off.
        String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24) | 1 << 24).substring(1);
        return TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + random;
    }
}
