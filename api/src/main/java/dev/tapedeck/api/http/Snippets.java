package dev.tapedeck.api.http;

import java.util.List;

/**
 * A short excerpt of a matched text around its first match, matches wrapped in {@code <mark>} and
 * {@code </mark>}. The text itself is not HTML-escaped; clients that render HTML use the
 * highlight offsets instead.
 */
final class Snippets {
    private static final int CONTEXT = 80;
    private static final int MAX_LENGTH = 240;

    private Snippets() {
    }

    static String of(String text, List<int[]> highlights) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        if (text.length() > MAX_LENGTH) {
            int first = highlights.isEmpty() ? 0 : highlights.get(0)[0];
            start = Math.max(0, first - CONTEXT);
            end = Math.min(text.length(), start + MAX_LENGTH);
        }
        StringBuilder snippet = new StringBuilder(end - start + 32);
        if (start > 0) {
            snippet.append('…');
        }
        int at = start;
        for (int[] range : highlights) {
            if (range[0] < start || range[1] > end) {
                continue;
            }
            snippet.append(text, at, range[0]).append("<mark>").append(text, range[0], range[1]).append("</mark>");
            at = range[1];
        }
        snippet.append(text, at, end);
        if (end < text.length()) {
            snippet.append('…');
        }
        return snippet.toString();
    }
}
