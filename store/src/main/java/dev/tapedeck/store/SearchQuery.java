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

    private static boolean isTokenChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.PRIVATE_USE;
    }
}
