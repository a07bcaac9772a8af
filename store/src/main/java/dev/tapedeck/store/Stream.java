package dev.tapedeck.store;

/** The stream a recorded line came from. */
public enum Stream {
    STDOUT, STDERR;

    /** The lower-case name used in the API and in SQL: {@code stdout}, {@code stderr}. */
    public String wireName() {
        return WireNames.of(this);
    }

    public static Stream parse(String text) {
        return WireNames.parse(values(), "stream", text);
    }
}
