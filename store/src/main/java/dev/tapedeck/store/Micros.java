package dev.tapedeck.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps are stored as microseconds since the epoch; these convert at the JDBC boundary. */
final class Micros {
    static final long PER_MINUTE = 60_000_000L;
    private Micros() {
    }

    /**
     * The instant in microseconds; one that 64 bits of microseconds cannot hold (beyond about
     * 290,000 years from 1970) is the caller's error, an IllegalArgumentException naming it.
     */
    static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time " + instant + " is out of range: the store keeps microseconds"
                    + " since 1970 in 64 bits, about 290,000 years either way", e);
        }
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
