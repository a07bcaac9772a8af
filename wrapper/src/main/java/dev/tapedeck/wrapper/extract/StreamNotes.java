package dev.tapedeck.wrapper.extract;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What recognisers remember about the earlier lines of one stream, one text each: the file that a
 * block of eslint rows is about, named once above them. Owned by the recorder thread.
 */
final class StreamNotes {
    private final Map<Recognizer, String> notes = new IdentityHashMap<>(4);

    /** What the recogniser noted last in this stream, or null. */
    String of(Recognizer recognizer) {
        return notes.get(recognizer);
    }

    void note(Recognizer recognizer, String text) {
        notes.put(recognizer, text);
    }
}
