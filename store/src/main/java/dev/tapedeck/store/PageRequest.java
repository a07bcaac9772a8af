package dev.tapedeck.store;

/**
 * Which page of a listing to read: at most {@code limit} rows (1 to 1000) after {@code cursor}
 * ({@code null} for the first page).
 */
public record PageRequest(int limit, String cursor) {
    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }
}
