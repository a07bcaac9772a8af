package dev.tapedeck.wrapper.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of a fixed set of keywords occur in a line in one pass over it, so the cost of the
 * patterns' keyword pre-filter does not grow with the number of patterns. It is an Aho-Corasick
 * automaton compiled to a dense table over a compressed alphabet (the keywords' characters, plus
 * one column for every other character): each character of a line costs one table lookup.
 * Immutable after construction; {@link #scan} allocates only its result.
 */
final class KeywordIndex {
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    /** Column of each ASCII character; 0 for characters in no keyword. */
    private final int[] asciiColumn = new int[128];
    /** Column of each other character that occurs in a keyword. */
    private final Map<Character, Integer> otherColumn = new HashMap<>();
    private final int columns;
    /** next[node * columns + column]: the state after reading a character. */
    private final int[] next;
    /** The keywords recognised on reaching a node, or null for none. */
    private final BitSet[] outputs;

    KeywordIndex(Iterable<String> keywords) {
        int column = 1;
        for (String keyword : keywords) {
            if (ids.containsKey(keyword)) {
                continue;
            }
            ids.put(keyword, ids.size());
            for (char c : keyword.toCharArray()) {
                if (c < 128 ? asciiColumn[c] == 0 : !otherColumn.containsKey(c)) {
                    if (c < 128) {
                        asciiColumn[c] = column++;
                    } else {
                        otherColumn.put(c, column++);
                    }
                }
            }
        }
        this.columns = column;
        Trie trie = new Trie(columns);
        ids.forEach((keyword, id) -> trie.add(columnsOf(keyword), id));
        this.next = trie.toTable();
        this.outputs = trie.outputs.toArray(new BitSet[0]);
    }

    int idOf(String keyword) {
        return ids.get(keyword);
    }

    /** The ids of the keywords that occur in text. */
    BitSet scan(String text) {
        BitSet found = null;
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            node = next[node * columns + column(text.charAt(i))];
            BitSet out = outputs[node];
            if (out != null) {
                if (found == null) {
                    found = new BitSet(ids.size());
                }
                found.or(out);
            }
        }
        return found == null ? new BitSet(0) : found;
    }

    private int column(char c) {
        if (c < 128) {
            return asciiColumn[c];
        }
        Integer column = otherColumn.get(c);
        return column == null ? 0 : column;
    }

    private int[] columnsOf(String keyword) {
        int[] cols = new int[keyword.length()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = column(keyword.charAt(i));
        }
        return cols;
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
