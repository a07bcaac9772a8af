package dev.tapedeck.store;

/**
 * A point in a session for seeking: the last line number and the highest extraction, state change
 * and code block occurrence ids that come before it.
 */
public record SessionPosition(long line, long extraction, long stateChange, long occurrence) {
}
