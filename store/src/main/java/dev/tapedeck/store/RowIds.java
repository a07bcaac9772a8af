package dev.tapedeck.store;

/**
 * The highest row id of each table that live streams follow. Ids grow in commit order (one writer
 * at a time, rows never deleted at the top), so "every row above this id" is exactly what was
 * committed since.
 */
public record RowIds(long chunk, long extraction, long stateChange, long occurrence) {
    public static final RowIds ZERO = new RowIds(0, 0, 0, 0);
}
