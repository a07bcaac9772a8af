package dev.tapedeck.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps are stored as microseconds since the epoch; these convert at the JDBC boundary. */
final class Micros {
    static final long PER_MINUTE = 60_000_000L;
    private Micros() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
