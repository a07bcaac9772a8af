package dev.tapedeck.wrapper.extract;

import java.util.List;

/**
 * The recognisers in their order, each tried only on a line that holds one of its keywords: which
 * ones that lets through is worked out from the line's scan in one pass over the keywords found
 * (a mask per keyword), not by asking each recogniser's keywords in turn. Owned by the recorder
 * thread.
 */
final class RecognizerSet {
    private final Recognizer[] recognizers;
    /** Per keyword id, the recognisers (bits of their indexes, at most 64) that keyword lets through. */
    private final long[] recognizersOfKeyword;
    /** The recognisers without keywords: tried on every line. */
    private final long alwaysTried;

    RecognizerSet(List<Recognizer> list, KeywordIndex.Builder keywords) {
        if (list.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most 64 recognisers, got " + list.size());
        }
        this.recognizers = list.toArray(new Recognizer[0]);
        int[][] ids = new int[recognizers.length][];
        int maxId = -1;
        long always = 0;
        for (int r = 0; r < recognizers.length; r++) {
            ids[r] = keywords.exact(recognizers[r].keywords());
            for (int id : ids[r]) {
                maxId = Math.max(maxId, id);
            }
            if (ids[r].length == 0) {
                always |= 1L << r;
            }
        }
        this.alwaysTried = always;
        this.recognizersOfKeyword = new long[maxId + 1];
        for (int r = 0; r < recognizers.length; r++) {
            for (int id : ids[r]) {
                recognizersOfKeyword[id] |= 1L << r;
            }
        }
    }

    /** What one recogniser found on a line, and its name (a silent problem has no event to carry it). */
    record Match(Recognizer.Recognized recognized, String name) {
    }

    /** The first recogniser, in order, that the line's keywords let through and that finds something; or null. */
    Match recognize(KeywordIndex.Scanner scanned, String body, String previous, StreamNotes notes) {
        long tried = alwaysTried;
        long[] found = scanned.foundBits();
        for (int w = 0; w < found.length; w++) {
            for (long bits = found[w]; bits != 0; bits &= bits - 1) {
                int id = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (id < recognizersOfKeyword.length) {
                    tried |= recognizersOfKeyword[id];
                }
            }
        }
        for (long bits = tried; bits != 0; bits &= bits - 1) {
            Recognizer recognizer = recognizers[Long.numberOfTrailingZeros(bits)];
            Recognizer.Recognized recognized = recognizer.recognize(body, previous, notes);
            if (recognized != null) {
                return new Match(recognized, recognizer.name());
            }
        }
        return null;
    }
}
