package dev.tapedeck.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of SQL text as SQLite's tokenizer sees them, statement by statement: whitespace and
 * comments skipped, string literals, quoted names and parameters kept whole (so a {@code ;} inside
 * them does not end a statement). Only what {@link ReadOnlyStatement} needs to refuse text before SQLite compiles
 * it: how many statements there are and how each begins. SQLite itself still parses every statement.
 */
final class SqlWords {
    private SqlWords() {
    }

    /** The statements of sql, each as its tokens; empty statements ({@code ;;}, a trailing {@code ;}) left out. */
    static List<List<String>> statements(String sql) {
        List<List<String>> statements = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (sql.startsWith("--", i)) {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? n : newline + 1;
                continue;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            } else if (c == ';') {
                if (!current.isEmpty()) {
                    statements.add(List.copyOf(current));
                    current.clear();
                }
                i++;
                continue;
            } else if (c == '\'' || c == '"' || c == '`') {
                end = quoted(sql, i, c);
            } else if ("$@:#".indexOf(c) >= 0) {
                end = parameter(sql, i);
            } else if (c == '[') {
                int close = sql.indexOf(']', i);
                end = close < 0 ? n : close + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c >= 0x80) {
                end = i + 1;
                while (end < n && isIdChar(sql.charAt(end))) {
                    end++;
                }
            } else {
                end = i + 1;
            }
            current.add(sql.substring(i, end));
            i = end;
        }
        if (!current.isEmpty()) {
            statements.add(List.copyOf(current));
        }
        return statements;
    }

    /**
     * The end of a parameter opened by $, @, : or # at start, read as SQLite's tokenizer reads it:
     * name characters and {@code ::} pairs, then TCL's {@code (...)}, which takes everything up to
     * its ')' or a space, quotes and ';' included. So {@code $a(')} is one token, and its quote
     * opens no string that would hide a ';' after it (SQLite would run up to that ';' and drop the
     * rest).
     */
    private static int parameter(String sql, int start) {
        int i = start + 1;
        int nameChars = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (isIdChar(c)) {
                nameChars++;
                i++;
            } else if (c == '(' && nameChars > 0) {
                i++;
                while (i < sql.length() && !isSqliteSpace(sql.charAt(i)) && sql.charAt(i) != ')') {
                    i++;
                }
                return i < sql.length() && sql.charAt(i) == ')' ? i + 1 : i;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** A character of a name after its first, as SQLite's IdChar: letters, digits, '_', '$', any non-ASCII. */
    private static boolean isIdChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    /** sqlite3Isspace: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSqliteSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** The end of a literal or name opened by quote at start; a doubled quote is one quote inside it. */
    private static int quoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The word in upper case, for comparing keywords. */
    static String keyword(String token) {
        return token.toUpperCase(Locale.ROOT);
    }
}
