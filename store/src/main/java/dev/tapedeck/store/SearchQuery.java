package dev.tapedeck.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search as users type it: words, each of which must occur, a trailing {@code *} making a word a
 * prefix. It is turned into an FTS5 query of quoted terms, so no FTS5 syntax from the request ever
 * reaches SQLite, and matched against single lines the way the {@code unicode61} tokenizer splits
 * them: runs of letters and digits, case folded.
 */
public final class SearchQuery {
    public static final int MAX_TERMS = 16;

    private record Term(String text, boolean prefix) {
    }

    private final String text;
    private final List<Term> terms;

    private SearchQuery(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** Parses q; throws {@link IllegalArgumentException} when it holds no word or too many. */
    public static SearchQuery parse(String q) {
        List<Term> terms = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            int cp = q.codePointAt(i);
            if (!isTokenChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < q.length() && isTokenChar(q.codePointAt(i))) {
                i += Character.charCount(q.codePointAt(i));
            }
            boolean prefix = i < q.length() && q.charAt(i) == '*';
            terms.add(new Term(q.substring(start, i).toLowerCase(Locale.ROOT), prefix));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("q must hold at least one word (letters or digits), got '" + q + "'");
        }
        if (terms.size() > MAX_TERMS) {
            throw new IllegalArgumentException("q may hold at most " + MAX_TERMS + " words, got " + terms.size());
        }
        return new SearchQuery(q, List.copyOf(terms));
    }

    public String text() {
        return text;
    }

    /** The FTS5 query: every term quoted, prefixes marked. */
    String ftsQuery() {
        StringBuilder fts = new StringBuilder();
        for (Term term : terms) {
            if (fts.length() > 0) {
                fts.append(' ');
            }
            fts.append('"').append(term.text()).append('"');
            if (term.prefix()) {
                fts.append('*');
            }
        }
        return fts.toString();
    }

    /**
     * Where the terms occur in line: start and end offsets (in chars) of every matching word, or an
     * empty list when some term does not occur in it.
     */
    public List<int[]> match(String line) {
        List<int[]> ranges = new ArrayList<>();
        boolean[] found = new boolean[terms.size()];
        int i = 0;
        while (i < line.length()) {
            int cp = line.codePointAt(i);
            if (!isTokenChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < line.length() && isTokenChar(line.codePointAt(i))) {
                i += Character.charCount(line.codePointAt(i));
            }
            String token = line.substring(start, i).toLowerCase(Locale.ROOT);
            boolean hit = false;
            for (int t = 0; t < terms.size(); t++) {
                Term term = terms.get(t);
                if (term.prefix() ? token.startsWith(term.text()) : token.equals(term.text())) {
                    found[t] = true;
                    hit = true;
                }
            }
            if (hit) {
                ranges.add(new int[] {start, i});
            }
        }
        for (boolean f : found) {
            if (!f) {
                return List.of();
            }
        }
        return ranges;
    }

    /**
     * Whether some line of text (lines joined by \n) holds every term. Only the lines where the
     * longest ASCII term occurs as a substring of the lower-cased text are checked word by word
     * (a word holding the term also holds it as a substring); without such a term, or when lower
     * casing changes the text's length (so offsets would not line up), every line is.
     */
    boolean anyLineHoldsAll(String text) {
        String key = null;
        for (Term term : terms) {
            if (term.text().chars().allMatch(c -> c < 0x80) && (key == null || term.text().length() > key.length())) {
                key = term.text();
            }
        }
        String lower = key == null ? null : text.toLowerCase(Locale.ROOT);
        if (lower == null || lower.length() != text.length()) {
            int from = 0;
            while (from <= text.length()) {
                int end = text.indexOf('\n', from);
                end = end < 0 ? text.length() : end;
                if (holdsAll(text, from, end)) {
                    return true;
                }
                from = end + 1;
            }
            return false;
        }
        int at = lower.indexOf(key);
        while (at >= 0) {
            int start = text.lastIndexOf('\n', at) + 1;
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            if (holdsAll(text, start, end)) {
                return true;
            }
            at = lower.indexOf(key, end);
        }
        return false;
    }

    /**
     * Whether text[from, to) holds every term, exactly as {@link #match} would find it, without
     * building the ranges: the check a search makes on every line of every chunk the index gave,
     * most of which hold the words only in different lines. ASCII words are compared in place; a
     * word with other characters is folded as match folds it.
     */
    boolean holdsAll(String text, int from, int to) {
        int count = terms.size();
        long wanted = count == 64 ? -1L : (1L << count) - 1;
        long found = 0;
        int i = from;
        while (i < to) {
            int cp = text.codePointAt(i);
            if (!isTokenChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            boolean ascii = true;
            while (i < to) {
                cp = text.codePointAt(i);
                if (!isTokenChar(cp)) {
                    break;
                }
                ascii &= cp < 0x80;
                i += Character.charCount(cp);
            }
            String folded = ascii ? null : text.substring(start, i).toLowerCase(Locale.ROOT);
            for (int t = 0; t < count; t++) {
                if ((found & 1L << t) == 0 && (ascii ? asciiMatch(text, start, i, terms.get(t))
                        : terms.get(t).prefix() ? folded.startsWith(terms.get(t).text())
                        : folded.equals(terms.get(t).text()))) {
                    found |= 1L << t;
                }
            }
            if (found == wanted) {
                return true;
            }
        }
        return false;
    }

    private static boolean asciiMatch(String text, int start, int end, Term term) {
        String want = term.text();
        int length = end - start;
        if (term.prefix() ? length < want.length() : length != want.length()) {
            return false;
        }
        for (int k = 0; k < want.length(); k++) {
            char c = text.charAt(start + k);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != want.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.PRIVATE_USE;
    }
}
