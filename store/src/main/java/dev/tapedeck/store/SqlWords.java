package dev.tapedeck.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of SQL text as SQLite's tokenizer sees them, statement by statement: whitespace and
 * comments skipped, string literals and quoted names kept whole (so a {@code ;} inside them does not
 * end a statement). Only what {@link ReadOnlyStatement} needs to refuse text before SQLite compiles
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
            } else if (c == '[') {
                int close = sql.indexOf(']', i);
                end = close < 0 ? n : close + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80) {
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$' || sql.charAt(end) >= 0x80)) {
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
