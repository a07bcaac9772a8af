package dev.tapedeck.wrapper.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds which of a fixed set of keywords occur in a line in one pass over it, so the cost of a
 * keyword pre-filter does not grow with the number of keywords, and several users (the extractor's
 * patterns, the redactor's hints) can share one pass. It is an Aho-Corasick automaton compiled to a
 * dense table over a compressed alphabet (the keywords' characters, plus one column for every other
 * character): each character of a line costs one table lookup. A keyword is either exact or matches
 * ASCII letters in either case; when both kinds are present the automaton reads folded text and an
 * exact keyword's case is checked where it ends. Immutable after construction and shared freely;
 * each thread scans with its own {@link Scanner}.
 */
public final class KeywordIndex {
    /** Set on a table entry whose state recognises a keyword. */
    private static final int HIT = Integer.MIN_VALUE;

    private final Builder builtFrom;
    private final Map<String, Integer> exactIds;
    private final Map<String, Integer> anyCaseIds;
    private final int size;
    private final boolean fold;
    /** Column of each ASCII character; 0 for characters in no keyword. */
    private final int[] asciiColumn = new int[128];
    /** The other characters that occur in a keyword, sorted, and their columns. */
    private final char[] otherChars;
    private final int[] otherColumns;
    private final int columns;
    /**
     * table[state + column]: the state after reading a character, as its node's offset in the table
     * (node * columns, so no multiplication on the path from one character to the next), with
     * {@link #HIT} set when the node recognises a keyword.
     */
    private final int[] table;
    /** Per node: the keywords recognised there without a check, as bits of their ids, or null. */
    private final long[][] outputs;
    /** Per node: the exact keywords that end there but whose case must be checked, or null. */
    private final int[][] toCheck;
    /** Per keyword id: the exact keyword's characters when it needs a case check. */
    private final String[] checked;

    /** Exact keywords. */
    public KeywordIndex(Iterable<String> keywords) {
        this(keywords, false);
    }

    /** Keywords that are all exact, or all match ASCII letters in either case. */
    public KeywordIndex(Iterable<String> keywords, boolean ignoreCase) {
        this(builderOf(keywords, ignoreCase));
    }

    private static Builder builderOf(Iterable<String> keywords, boolean ignoreCase) {
        Builder builder = new Builder();
        keywords.forEach(ignoreCase ? builder::anyCase : builder::exact);
        return builder;
    }

    private KeywordIndex(Builder builder) {
        this.builtFrom = builder;
        this.exactIds = new LinkedHashMap<>(builder.exact);
        this.anyCaseIds = new LinkedHashMap<>(builder.anyCase);
        this.size = builder.next;
        this.fold = !anyCaseIds.isEmpty();
        Map<Character, Integer> otherColumn = new TreeMap<>();
        int column = 1;
        String[] keywordOf = new String[size];
        exactIds.forEach((keyword, id) -> keywordOf[id] = keyword);
        anyCaseIds.forEach((keyword, id) -> keywordOf[id] = keyword);
        for (String keyword : keywordOf) {
            for (char c : keyword.toCharArray()) {
                char k = fold(c);
                if (k < 128 ? asciiColumn[k] == 0 : !otherColumn.containsKey(k)) {
                    if (k < 128) {
                        asciiColumn[k] = column;
                        asciiColumn[fold ? Character.toUpperCase(k) : k] = column++;
                    } else {
                        otherColumn.put(k, column++);
                    }
                }
            }
        }
        this.columns = column;
        this.otherChars = new char[otherColumn.size()];
        this.otherColumns = new int[otherColumn.size()];
        int i = 0;
        for (Map.Entry<Character, Integer> other : otherColumn.entrySet()) {
            otherChars[i] = other.getKey();
            otherColumns[i++] = other.getValue();
        }
        this.checked = new String[size];
        Trie trie = new Trie(columns);
        for (int id = 0; id < size; id++) {
            String keyword = keywordOf[id];
            // In folded text an exact keyword also matches its other-case forms: check those.
            boolean check = fold && id == exactIds.getOrDefault(keyword, -1) && hasAsciiLetter(keyword);
            if (check) {
                checked[id] = keyword;
            }
            trie.add(columnsOf(keyword), id, check);
        }
        this.table = trie.toTable();
        int nodes = trie.outputs.size();
        this.outputs = new long[nodes][];
        this.toCheck = new int[nodes][];
        boolean[] recognises = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            BitSet out = trie.outputs.get(node);
            BitSet check = trie.checks.get(node);
            if (out != null && !out.isEmpty()) {
                outputs[node] = Arrays.copyOf(out.toLongArray(), words());
            }
            if (check != null && !check.isEmpty()) {
                toCheck[node] = check.stream().toArray();
            }
            recognises[node] = outputs[node] != null || toCheck[node] != null;
        }
        for (int entry = 0; entry < table.length; entry++) {
            if (recognises[table[entry] / columns]) {
                table[entry] |= HIT;
            }
        }
    }

    /** Collects keywords and hands out their ids, for one index shared by several users. */
    public static Builder builder() {
        return new Builder();
    }

    /** Keyword ids as the bits of a mask, for {@link Scanner#foundAny(long[])}. */
    public static long[] bits(int[] ids) {
        long[] bits = new long[Arrays.stream(ids).max().orElse(-1) / 64 + 1];
        for (int id : ids) {
            bits[id >>> 6] |= 1L << id;
        }
        return bits;
    }

    /** The id of a keyword: an exact one if the index has it, else one that ignores case. */
    public int idOf(String keyword) {
        Integer id = exactIds.get(keyword);
        if (id == null) {
            id = anyCaseIds.get(keyword);
        }
        if (id == null) {
            throw new IllegalArgumentException("no keyword '" + keyword + "' in the index");
        }
        return id;
    }

    /** The ids of the given keywords, in their order. */
    public int[] idsOf(List<String> keywords) {
        return keywords.stream().mapToInt(this::idOf).toArray();
    }

    public int size() {
        return size;
    }

    /** A scanner for one thread's use. */
    public Scanner scanner() {
        return new Scanner();
    }

    private int words() {
        return Math.max(1, (size + 63) / 64);
    }

    private char fold(char c) {
        return fold && c < 128 ? Character.toLowerCase(c) : c;
    }

    private static boolean hasAsciiLetter(String keyword) {
        return keyword.chars().anyMatch(c -> c < 128 && Character.isLetter(c));
    }

    private int column(char c) {
        if (c < 128) {
            return asciiColumn[c];
        }
        int at = Arrays.binarySearch(otherChars, c);
        return at < 0 ? 0 : otherColumns[at];
    }

    private int[] columnsOf(String keyword) {
        int[] cols = new int[keyword.length()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = column(fold(keyword.charAt(i)));
        }
        return cols;
    }

    /**
     * Collects keywords for one index: each keyword gets an id when first added (exact and
     * either-case keywords are numbered apart, so the same text may be both). Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Integer> exact = new LinkedHashMap<>();
        private final Map<String, Integer> anyCase = new LinkedHashMap<>();
        private int next;

        private Builder() {
        }

        /** The id of a keyword matched exactly. */
        public int exact(String keyword) {
            return exact.computeIfAbsent(requireKeyword(keyword), k -> next++);
        }

        /** The id of a keyword whose ASCII letters match in either case. */
        public int anyCase(String keyword) {
            return anyCase.computeIfAbsent(requireKeyword(keyword), k -> next++);
        }

        public int[] exact(List<String> keywords) {
            return keywords.stream().mapToInt(this::exact).toArray();
        }

        public int[] anyCase(List<String> keywords) {
            return keywords.stream().mapToInt(this::anyCase).toArray();
        }

        public KeywordIndex build() {
            return new KeywordIndex(this);
        }

        private static String requireKeyword(String keyword) {
            if (keyword == null || keyword.isEmpty()) {
                throw new IllegalArgumentException("a keyword must not be empty");
            }
            return keyword;
        }
    }

    /**
     * Scans lines and remembers which keywords the last one held. The line is copied into a reused
     * array first: a loop over a {@code char[]} costs a fraction of one {@code charAt} call per
     * character under the quick JIT the launcher uses. Not thread-safe.
     */
    public final class Scanner {
        private final long[] found = new long[words()];
        private char[] chars = new char[256];
        private String last;

        private Scanner() {
        }

        /** Scans text; true when it holds any keyword. */
        public boolean scan(String text) {
            Arrays.fill(found, 0);
            last = text;
            int length = text.length();
            if (chars.length < length) {
                chars = new char[Math.max(length, chars.length * 2)];
            }
            text.getChars(0, length, chars, 0);
            char[] cs = chars;
            int[] next = table;
            int[] ascii = asciiColumn;
            boolean any = false;
            int state = 0;
            for (int i = 0; i < length; i++) {
                char c = cs[i];
                int entry = next[state + (c < 128 ? ascii[c] : column(c))];
                state = entry & ~HIT;
                if (entry < 0) {
                    any |= hit(state / columns, i);
                }
            }
            return any;
        }

        /**
         * Scans text that is ASCII only, reading it from bytes, which hold its characters from
         * index 0 (the line's raw bytes): no copy of the text is made.
         */
        public boolean scanAscii(String text, byte[] bytes) {
            Arrays.fill(found, 0);
            last = text;
            int length = text.length();
            int[] next = table;
            int[] ascii = asciiColumn;
            boolean any = false;
            int state = 0;
            for (int i = 0; i < length; i++) {
                int entry = next[state + ascii[bytes[i]]];
                state = entry & ~HIT;
                if (entry < 0) {
                    any |= hit(state / columns, i);
                }
            }
            return any;
        }

        /** Records what the node at which the character at end finished recognises. */
        private boolean hit(int node, int end) {
            boolean any = false;
            long[] out = outputs[node];
            if (out != null) {
                any = true;
                for (int w = 0; w < out.length; w++) {
                    found[w] |= out[w];
                }
            }
            int[] check = toCheck[node];
            if (check != null) {
                for (int id : check) {
                    String keyword = checked[id];
                    if (last.startsWith(keyword, end + 1 - keyword.length())) {
                        found[id >>> 6] |= 1L << id;
                        any = true;
                    }
                }
            }
            return any;
        }

        /** Whether the last line scanned held the keyword with this id. */
        public boolean found(int id) {
            return (found[id >>> 6] & (1L << id)) != 0;
        }

        /** Whether the last line scanned held any of the keywords whose ids are the bits set in ids ({@link #bits}). */
        public boolean foundAny(long[] ids) {
            int words = Math.min(ids.length, found.length);
            for (int w = 0; w < words; w++) {
                if ((found[w] & ids[w]) != 0) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the last line scanned held any of the keywords with these ids. */
        public boolean foundAny(int[] ids) {
            for (int id : ids) {
                if (found(id)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether text is the very string this scanner read last (not just an equal one). */
        public boolean scanned(String text) {
            return last == text;
        }

        /** Whether this scanner reads with an index made by that builder. */
        public boolean of(Builder builder) {
            return builtFrom == builder;
        }

        /** The last line's keywords as bits of their ids (read-only; valid until the next scan). */
        long[] foundBits() {
            return found;
        }
    }

    /** The keyword trie, turned into the automaton's table. */
    private static final class Trie {
        final int columns;
        final List<int[]> children = new ArrayList<>();
        final List<BitSet> outputs = new ArrayList<>();
        final List<BitSet> checks = new ArrayList<>();

        Trie(int columns) {
            this.columns = columns;
            addNode();
        }

        void add(int[] keyword, int id, boolean check) {
            int node = 0;
            for (int c : keyword) {
                if (children.get(node)[c] == 0) {
                    children.get(node)[c] = addNode();
                }
                node = children.get(node)[c];
            }
            List<BitSet> into = check ? checks : outputs;
            if (into.get(node) == null) {
                into.set(node, new BitSet());
            }
            into.get(node).set(id);
        }

        /**
         * Breadth first: a missing edge goes where the node's longest proper suffix would go, and
         * a node recognises what its suffix does. Entries are target nodes times columns.
         */
        int[] toTable() {
            int[] next = new int[children.size() * columns];
            int[] failure = new int[children.size()];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < columns; c++) {
                int child = children.get(0)[c];
                next[c] = child;
                if (child != 0) {
                    queue.add(child);
                }
            }
            while (!queue.isEmpty()) {
                int node = queue.poll();
                inherit(outputs, node, failure[node]);
                inherit(checks, node, failure[node]);
                for (int c = 0; c < columns; c++) {
                    int child = children.get(node)[c];
                    if (child != 0) {
                        failure[child] = next[failure[node] * columns + c];
                        next[node * columns + c] = child;
                        queue.add(child);
                    } else {
                        next[node * columns + c] = next[failure[node] * columns + c];
                    }
                }
            }
            for (int i = 0; i < next.length; i++) {
                next[i] *= columns;
            }
            return next;
        }

        private static void inherit(List<BitSet> sets, int node, int suffix) {
            BitSet inherited = sets.get(suffix);
            if (inherited != null) {
                BitSet own = sets.get(node) == null ? new BitSet() : sets.get(node);
                own.or(inherited);
                sets.set(node, own);
            }
        }

        private int addNode() {
            children.add(new int[columns]);
            outputs.add(null);
            checks.add(null);
            return children.size() - 1;
        }
    }
}
