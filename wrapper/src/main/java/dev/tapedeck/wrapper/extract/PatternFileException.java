package dev.tapedeck.wrapper.extract;

/**
 * A pattern file that cannot be used: the message names the file, the pattern (when there is one)
 * and what is wrong, in one line.
 */
public final class PatternFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PatternFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
