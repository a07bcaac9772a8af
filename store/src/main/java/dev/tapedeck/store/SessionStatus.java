package dev.tapedeck.store;

/** The {@code status} of a session: running until it ends one of the other ways. */
public enum SessionStatus {
    RUNNING, COMPLETED, FAILED, KILLED, FAILED_TO_START, INTERRUPTED;

    /** The lower-case name stored in {@code status}: {@code running}, {@code failed_to_start}, ... */
    public String wireName() {
        return WireNames.of(this);
    }

    public boolean isEnded() {
        return this != RUNNING;
    }

    public static SessionStatus parse(String text) {
        return WireNames.parse(values(), "status", text);
    }
}
