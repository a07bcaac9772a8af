package dev.tapedeck.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A change in a session's life ({@code started}, {@code completed}, ...). {@code id} is the
 * database's sequence once stored, 0 before.
 */
public record StateChange(long id, String sessionId, Instant timestamp, String state, Integer exitCode,
                          String metadataJson) implements Write {

    public StateChange {
        Checks.requireText("sessionId", sessionId);
        Checks.requireText("state", state);
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static StateChange of(String sessionId, Instant timestamp, String state) {
        return new StateChange(0, sessionId, timestamp, state, null, null);
    }
}
