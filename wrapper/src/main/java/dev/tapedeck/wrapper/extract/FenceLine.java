package dev.tapedeck.wrapper.extract;

/**
 * A code fence as a person reading terminal output would see one: a line that starts (after any
 * indentation) with three or more backticks or tildes. Read by hand, in one pass, instead of by regex.
 *
 * <p>An opening fence may carry an info string whose first word is the block's language. The info
 * string must start with a letter, {@code '{'} or {@code '.'} (a language word or attributes), and
 * must not hold the fence's character, a backtick, or a caret: Python's {@code ~~~~^^^^} and clang's
 * {@code ~~~^~~~} are underlines. A bare tilde run is never an opening fence: in terminal output it is
 * a compiler's underline (tsc's {@code ~~~~~}, at any indentation) or a separator, and agents write
 * their blocks with backticks. A bare backtick run is an opening fence (Markdown's closing fences are
 * bare too, and agents print blocks without a language).
 *
 * @param mark     {@code '`'} or {@code '~'}
 * @param length   how many of them
 * @param indent   the indentation before them (spaces and tabs)
 * @param language the first word of the info string, or null for a bare fence
 */
record FenceLine(char mark, int length, int indent, String language) {

    boolean bare() {
        return language == null;
    }

    /** The opening fence on line, or null when it is none. */
    static FenceLine opening(String line) {
        int n = line.length();
        int indent = indentOf(line);
        int run = runOf(line, indent);
        if (run < 3) {
            return null;
        }
        char mark = line.charAt(indent);
        int info = indent + run;
        while (info < n && isBlank(line.charAt(info))) {
            info++;
        }
        if (info == n) {
            return mark == '`' ? new FenceLine(mark, run, indent, null) : null;
        }
        char first = line.charAt(info);
        if (!Character.isLetter(first) && first != '{' && first != '.') {
            return null;
        }
        // One pass over the info string: no fence character or caret in it, the end of its first word.
        int word = n;
        for (int i = info + 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == '`' || c == mark || c == '^') {
                return null;
            }
            if (word == n && isBlank(c)) {
                word = i;
            }
        }
        return new FenceLine(mark, run, indent, line.substring(info, word));
    }

    /** Whether line is a fence that closes this one: the same character, at least as many, nothing after. */
    boolean closedBy(String line) {
        int indent = indentOf(line);
        int run = runOf(line, indent);
        if (run < length || line.charAt(indent) != mark) {
            return false;
        }
        for (int i = indent + run; i < line.length(); i++) {
            if (!isBlank(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The length of the run of backticks or tildes at from (0 when there is none). */
    private static int runOf(String line, int from) {
        if (from >= line.length() || line.charAt(from) != '`' && line.charAt(from) != '~') {
            return 0;
        }
        char mark = line.charAt(from);
        int i = from;
        while (i < line.length() && line.charAt(i) == mark) {
            i++;
        }
        return i - from;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
