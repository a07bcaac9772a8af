package dev.tapedeck.api;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** New session ids: the UTC start time, readable and sortable, and six random hex digits. */
final class SessionIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    static String next() {
        return TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
    }
}
