package dev.tapedeck.wrapper.extract;

/**
 * The lines that belong to a problem whose headline came first: a traceback's frames, a
 * diagnostic's source excerpt and notes, an npm error block. Those lines give no events of their
 * own; they may complete the headline's event (the innermost frame's file and line, the exception
 * that ends a traceback). One object per problem, owned by the recorder thread.
 */
interface Continuation {

    /** How a line relates to the problem. */
    enum Fit {
        /** Part of the problem, and more may follow. */
        PART,
        /** Part of the problem, and its last line. */
        LAST,
        /** Not part of it: the problem ended on the line before. */
        NOT
    }

    /** Reads the next line's body of the same stream; may change the event being completed. */
    Fit next(String body, Draft draft);

    /**
     * Whether the event may be emitted when output pauses before the problem has ended: false while
     * the line that states the problem has not come yet (a traceback's headline only announces its
     * exception). The event is emitted when the problem ends in any case.
     */
    default boolean ready() {
        return true;
    }
}
