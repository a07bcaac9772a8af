package dev.tapedeck.store;

/**
 * The one unchecked error of the store module. The message says what was being attempted, with the
 * key numbers; the cause (usually a {@link java.sql.SQLException}) is kept.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
