package dev.tapedeck.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a driver's error message a person needs. The SQLite driver writes its result code, the
 * code's generic text and then SQLite's own words, so most of its messages say one thing twice:
 * {@code [SQLITE_READONLY] Attempt to write a readonly database (attempt to write a readonly
 * database)}. What is kept is SQLite's own words ({@code attempt to write a readonly database},
 * {@code no such table: x}); a message of another shape is kept whole.
 */
final class SqlMessages {
    private static final Pattern DRIVER = Pattern.compile("\\[SQLITE_[A-Z_]+\\] [^(]*\\((.+)\\)", Pattern.DOTALL);

    private SqlMessages() {
    }

    static String of(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        Matcher m = DRIVER.matcher(message.strip());
        return m.matches() ? m.group(1).strip() : message;
    }
}
