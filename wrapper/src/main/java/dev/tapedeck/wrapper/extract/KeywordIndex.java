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
 * keyword pre-filter does not grow with the number of keywords. It is an Aho-Corasick automaton
 * compiled to a dense table over a compressed alphabet (the keywords' characters, plus one column
 * for every other character): each character of a line costs one table lookup. With
 * {@code ignoreCase}, ASCII letters match either case. Immutable after construction and shared
 * freely; each thread scans with its own {@link Scanner}.
 */
public final class KeywordIndex {
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final boolean ignoreCase;
    /** Column of each ASCII character; 0 for characters in no keyword. */
    private final int[] asciiColumn = new int[128];
    /** The other characters that occur in a keyword, sorted, and their columns. */
    private final char[] otherChars;
    private final int[] otherColumns;
    private final int columns;
    /** next[node * columns + column]: the state after reading a character. */
    private final int[] next;
    /** The keywords recognised on reaching a node, as bits of keyword ids, or null for none. */
    private final long[][] outputs;

    public KeywordIndex(Iterable<String> keywords) {
        this(keywords, false);
    }

    public KeywordIndex(Iterable<String> keywords, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        Map<Character, Integer> otherColumn = new TreeMap<>();
        int column = 1;
        for (String keyword : keywords) {
            if (ids.containsKey(keyword)) {
                continue;
            }
            ids.put(keyword, ids.size());
            for (char c : keyword.toCharArray()) {
                char k = fold(c);
                if (k < 128 ? asciiColumn[k] == 0 : !otherColumn.containsKey(k)) {
                    if (k < 128) {
                        asciiColumn[k] = column;
                        asciiColumn[ignoreCase ? Character.toUpperCase(k) : k] = column++;
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
        Trie trie = new Trie(columns);
        ids.forEach((keyword, id) -> trie.add(columnsOf(keyword), id));
        this.next = trie.toTable();
        this.outputs = new long[trie.outputs.size()][];
        for (int node = 0; node < outputs.length; node++) {
            BitSet out = trie.outputs.get(node);
            outputs[node] = out == null ? null : Arrays.copyOf(out.toLongArray(), words());
        }
    }

    public int idOf(String keyword) {
        Integer id = ids.get(keyword);
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
        return ids.size();
    }

    /** A scanner for one thread's use. */
    public Scanner scanner() {
        return new Scanner();
    }

    private int words() {
        return Math.max(1, (ids.size() + 63) / 64);
    }

    private char fold(char c) {
        return ignoreCase && c < 128 ? Character.toLowerCase(c) : c;
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
     * Scans lines and remembers which keywords the last one held. The line is copied into a reused
     * array first: a loop over a {@code char[]} costs a fraction of one {@code charAt} call per
     * character under the quick JIT the launcher uses. Not thread-safe.
     */
    public final class Scanner {
        private final long[] found = new long[words()];
        private char[] chars = new char[256];

        private Scanner() {
        }

        /** Scans text; true when it holds any keyword. */
        public boolean scan(String text) {
            Arrays.fill(found, 0);
            int length = text.length();
            if (chars.length < length) {
                chars = new char[Math.max(length, chars.length * 2)];
            }
            text.getChars(0, length, chars, 0);
            char[] cs = chars;
            int[] table = next;
            int[] ascii = asciiColumn;
            int width = columns;
            boolean any = false;
            int node = 0;
            for (int i = 0; i < length; i++) {
                char c = cs[i];
                node = table[node * width + (c < 128 ? ascii[c] : column(c))];
                long[] out = outputs[node];
                if (out != null) {
                    any = true;
                    for (int w = 0; w < out.length; w++) {
                        found[w] |= out[w];
                    }
                }
            }
            return any;
        }

        /** Whether the last line scanned held the keyword with this id. */
        public boolean found(int id) {
            return (found[id >>> 6] & (1L << id)) != 0;
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

        Trie(int columns) {
            this.columns = columns;
            addNode();
        }

        void add(int[] keyword, int id) {
            int node = 0;
            for (int c : keyword) {
                if (children.get(node)[c] == 0) {
                    children.get(node)[c] = addNode();
                }
                node = children.get(node)[c];
            }
            if (outputs.get(node) == null) {
                outputs.set(node, new BitSet());
            }
            outputs.get(node).set(id);
        }

        /** Breadth first: a missing edge goes where the node's longest proper suffix would go. */
        int[] toTable() {
            int[] table = new int[children.size() * columns];
            int[] failure = new int[children.size()];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < columns; c++) {
                int child = children.get(0)[c];
                table[c] = child;
                if (child != 0) {
                    queue.add(child);
                }
            }
            while (!queue.isEmpty()) {
                int node = queue.poll();
                BitSet inherited = outputs.get(failure[node]);
                if (inherited != null) {
                    BitSet own = outputs.get(node) == null ? new BitSet() : outputs.get(node);
                    own.or(inherited);
                    outputs.set(node, own);
                }
                for (int c = 0; c < columns; c++) {
                    int child = children.get(node)[c];
                    if (child != 0) {
                        failure[child] = table[failure[node] * columns + c];
                        table[node * columns + c] = child;
                        queue.add(child);
                    } else {
                        table[node * columns + c] = table[failure[node] * columns + c];
                    }
                }
            }
            return table;
        }

        private int addNode() {
            children.add(new int[columns]);
            outputs.add(null);
            return children.size() - 1;
        }
    }
}
