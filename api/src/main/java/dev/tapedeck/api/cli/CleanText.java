package dev.tapedeck.api.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recorded text made safe to print in a table: anything a terminal would act on instead of show
 * is removed. A session's command line, agent name or an event's value is whatever a process wrote
 * or was given, and can hold escape sequences that move the cursor, set the window title, or hide
 * text, so they never reach the terminal as they are.
 */
public final class CleanText {
    private CleanText() {
    }

    /**
     * text without escape sequences (CSI, OSC, DCS and the rest, whole), C0 and C1 control
     * characters (a tab or line break becomes a space) and the bidirectional overrides that can make
     * text read in an order other than the one it is stored in.
     */
    public static String of(String text) {
        return text == null ? "" : clean(text, null);
    }

    /** A cleaned text and its marked ranges ({@code [start, end)} char offsets in it). */
    public record Marked(String text, List<int[]> ranges) {
    }

    /**
     * text cleaned as {@link #of(String)} cleans it, with ranges ({@code [start, end)} char offsets
     * in text, in order) moved onto the same characters of the clean text; a range that held
     * nothing but what was removed is dropped.
     */
    public static Marked of(String text, List<int[]> ranges) {
        if (text == null) {
            return new Marked("", List.of());
        }
        int[] at = new int[text.length() + 1];
        String clean = clean(text, at);
        List<int[]> moved = new ArrayList<>(ranges.size());
        for (int[] range : ranges) {
            int start = at[Math.max(0, Math.min(range[0], text.length()))];
            int end = at[Math.max(0, Math.min(range[1], text.length()))];
            if (end > start) {
                moved.add(new int[] {start, end});
            }
        }
        return new Marked(clean, List.copyOf(moved));
    }

    /** Cleans text; when at is given, at[i] becomes where text's char i (or what replaced it) starts in the result. */
    private static String clean(String text, int[] at) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == 0x1b || c == 0x9b || c == 0x9d || c == 0x90 || c == 0x9e || c == 0x9f) {
                int end = skipEscape(text, i);
                if (at != null) {
                    Arrays.fill(at, i, end, out.length());
                }
                i = end;
                continue;
            }
            if (at != null) {
                at[i] = out.length();
            }
            if (c == '\t' || c == '\n' || c == '\r') {
                out.append(' ');
            } else if (!(c < 0x20 || c >= 0x7f && c <= 0x9f || bidiControl(c))) {
                out.append(c);
            }
            i++;
        }
        if (at != null) {
            at[text.length()] = out.length();
        }
        return out.toString();
    }

    /** Cuts text to at most width characters, the last of them an ellipsis when it was longer. */
    public static String cut(String text, int width) {
        int length = text.codePointCount(0, text.length());
        if (length <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, width - 1))) + "…";
    }

    /** The index after the escape sequence that starts at start. */
    private static int skipEscape(String text, int start) {
        char c = text.charAt(start);
        int i = start + 1;
        char kind;
        if (c == 0x1b) {
            if (i >= text.length()) {
                return i;
            }
            kind = text.charAt(i++);
        } else {
            kind = (char) (c - 0x40);
        }
        switch (kind) {
            case '[' -> {
                // CSI: parameters and intermediates, then one final byte in @ to ~.
                while (i < text.length() && (text.charAt(i) < 0x40 || text.charAt(i) > 0x7e)) {
                    if (text.charAt(i) < 0x20) {
                        return i;
                    }
                    i++;
                }
                return Math.min(i + 1, text.length());
            }
            case ']', 'P', '^', '_', 'X' -> {
                // A string: up to BEL or ST (ESC \ or 0x9c), or the end.
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (d == 0x07 || d == 0x9c) {
                        return i + 1;
                    }
                    if (d == 0x1b && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                        return i + 2;
                    }
                    i++;
                }
                return i;
            }
            default -> {
                // ESC with intermediates (0x20 to 0x2f) and one final byte: charset, keypad, ...
                while (kind >= 0x20 && kind <= 0x2f && i < text.length()) {
                    kind = text.charAt(i++);
                }
                return i;
            }
        }
    }

    private static boolean bidiControl(char c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }
}
