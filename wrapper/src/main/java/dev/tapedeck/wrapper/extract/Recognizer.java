package dev.tapedeck.wrapper.extract;

import java.util.List;

/**
 * A family of output formats told apart by code rather than by one regex: GNU diagnostics, log
 * levels, test summaries, shell prompts. A recogniser sees a line's body (its text without the
 * prefixes {@link LinePrefix} strips) and says what event it states, if any. It is tried only on
 * lines holding one of its keywords (found by the extractor's one scan of the line), after the
 * tool-specific patterns of priority {@value Extractor#RECOGNISER_PRIORITY} and above found
 * nothing, and before the generic ones; the first recogniser that finds something ends the line's
 * matching. Implementations are stateless: what a problem spanning several lines needs to remember
 * lives in the {@link Continuation} it returns.
 */
interface Recognizer {

    /** Stored as the event's pattern. */
    String name();

    /**
     * Literal, case-sensitive strings one of which the line must hold for the recogniser to be
     * tried. Empty: it is tried on every line, so its first test must be a cheap one.
     */
    List<String> keywords();

    /** What the line states, or null. previous is the previous line's body in the same stream, or null. */
    Recognized recognize(String body, String previous);

    /**
     * As {@link #recognize(String, String)}, for a recogniser that needs what it noted on an earlier
     * line of the same stream (the file a block of eslint rows is about): notes holds one text per
     * recogniser and stream.
     */
    default Recognized recognize(String body, String previous, StreamNotes notes) {
        return recognize(body, previous);
    }

    /**
     * An event and, when the problem it reports goes on over the next lines, how to tell those
     * lines (null when it is one line).
     */
    record Recognized(Found found, Continuation rest) {
        static Recognized of(Found found) {
            return new Recognized(found, null);
        }

        /**
         * A line the recogniser knows to state nothing on its own (found is null), and the lines
         * that go with it when rest is not null: a block that is the detail of an event reported
         * elsewhere (Maven's list of failed tests, the captured output of a failed Rust test, the
         * traceback under a logged error). They give no events and no other pattern reads them.
         */
        static Recognized silent(Continuation rest) {
            return new Recognized(null, rest);
        }
    }
}
