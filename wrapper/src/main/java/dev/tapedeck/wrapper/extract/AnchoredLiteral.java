package dev.tapedeck.wrapper.extract;

import java.util.regex.Pattern;

/**
 * The literal text a regex anchored at the start of the line begins with, when it has one: every
 * line the regex matches contains it, so it can stand as a keyword that no pattern file spells out
 * ({@code ^file update:?\s*$} gives {@code file update}). Deliberately simple: a regex with any
 * alternation or flag other than case-insensitivity gives none.
 */
final class AnchoredLiteral {
    /** Characters that stand for themselves in a regex (outside a character class). */
    private static final String PLAIN_PUNCTUATION = " -_:,;'\"/=<>@#%!~`&";
    private static final int SHORTEST = 2;

    private AnchoredLiteral() {
    }

    /** The literal prefix, or {@code null}; with CASE_INSENSITIVE it holds ASCII characters only. */
    static String of(Pattern regex) {
        int flags = regex.flags();
        boolean ignoreCase = (flags & Pattern.CASE_INSENSITIVE) != 0;
        String text = regex.pattern();
        if ((flags & ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)) != 0 || !text.startsWith("^")
                || text.indexOf('|') >= 0) {
            return null;
        }
        int end = 1;
        while (end < text.length() && plain(text.charAt(end), ignoreCase)) {
            end++;
        }
        if (end < text.length() && "?*{".indexOf(text.charAt(end)) >= 0) {
            end--; // the last character may be absent
        }
        return end - 1 >= SHORTEST ? text.substring(1, end) : null;
    }

    private static boolean plain(char c, boolean ignoreCase) {
        if (c >= 128) {
            return !ignoreCase && Character.isLetterOrDigit(c);
        }
        return Character.isLetterOrDigit(c) || PLAIN_PUNCTUATION.indexOf(c) >= 0;
    }
}
