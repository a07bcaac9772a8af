package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiler and linter diagnostics in the GNU form {@code path:line[:column]: severity: message [code]}
 * (gcc, clang, mypy with or without columns, shellcheck's gcc format, javac without a column, make's
 * own warnings), pyright's {@code path:3:5 - error: message}, and the parenthesised form
 * {@code path(line[,column]): error CODE: message} (MSVC, dotnet; tsc's has a pattern of its own).
 * {@code error} and {@code fatal error} are a {@code compiler_error}, {@code warning} a
 * {@code compiler_warning}; a {@code note:} or {@code remark:} that stands alone is silent.
 *
 * <p>Two forms without a severity word. Go's {@code ./main.go:9:2: message} (go build, and go vet
 * with or without {@code vet: } before it) is an error; a golangci-lint line ending in
 * {@code (linter)} or a staticcheck one ending in {@code (SA4006)} is a warning. A column is
 * required, since {@code go test}'s own {@code x_test.go:12: message} log lines have none. Python
 * linters' {@code a.py:1:8: F401 message} (flake8, ruff, pycodestyle, pylint) are typed by
 * {@link LintCode}. A Python warning {@code a.py:3: DeprecationWarning: ...} is a {@code warning}.
 * The source excerpt, caret lines, notes and context lines that follow a diagnostic are its
 * continuation ({@link SourceExcerpt}).
 */
final class GnuDiagnostic implements Recognizer {
    static final String NAME = "gnu_diagnostic";
    private static final List<String> KEYWORDS = List.of(": error", ": fatal error", ": warning", ": Error", ": Warning",
            "): error", "): warning", "): fatal error", " - error: ", " - warning: ", ".go:", ".py:", ".pyi:", "Warning: ");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public Recognized recognize(String body, String previous) {
        // Aider's chat history quotes tool output with "> "; go vet names itself before a finding.
        int from = body.startsWith("> ") ? 2 : 0;
        from += body.startsWith("vet: ", from) ? 5 : 0;
        SourceLocation at = body.isEmpty() || body.charAt(0) == ' ' ? null : SourceLocation.at(body, from);
        if (at == null) {
            return null;
        }
        String rest = body.substring(at.end());
        Severity severity = Severity.of(rest);
        if (severity == null) {
            return withoutSeverity(at, rest);
        }
        if (severity.type == null) {
            return Recognized.silent(null);
        }
        String message = rest.substring(severity.length).strip();
        String code = severity.code;
        if (code == null && message.endsWith("]")) {
            int open = message.lastIndexOf('[');
            // A code is set apart by a space and is not empty: "of type int[]" ends in no code.
            if (open > 0 && message.charAt(open - 1) == ' ' && open < message.length() - 2
                    && message.indexOf(' ', open) < 0) {
                code = message.substring(open + 1, message.length() - 1);
                message = message.substring(0, open).strip();
            }
        }
        if (code == null && message.startsWith("[")) {
            int close = message.indexOf("] ");
            if (close > 1 && isWord(message, 1, close)) {
                code = message.substring(1, close);
                message = message.substring(close + 2).strip();
            }
        }
        if (message.isEmpty()) {
            return null;
        }
        return new Recognized(event(severity.type, message, at, code), new SourceExcerpt());
    }

    /** Go's and Python linters' diagnostics, which name no severity, or null. */
    private static Recognized withoutSeverity(SourceLocation at, String rest) {
        String extension = at.extension();
        if (extension.equals("go") && at.column() > 0 && !rest.isBlank()) {
            String linter = golangciLinter(rest);
            if (linter != null) {
                String message = rest.substring(0, rest.length() - linter.length() - 2).strip();
                String type = linter.equals("typecheck") ? "compiler_error" : "compiler_warning";
                return new Recognized(event(type, message, at, linter), new SourceExcerpt());
            }
            return new Recognized(event("compiler_error", rest.strip(), at, null), new SourceExcerpt());
        }
        if (!extension.startsWith("py")) {
            return null;
        }
        LintCode lint = LintCode.of(rest);
        if (lint != null) {
            return new Recognized(event(lint.type(), lint.message(), at, lint.code()), new SourceExcerpt());
        }
        int colon = rest.indexOf(": ");
        if (colon > 7 && rest.startsWith("Warning", colon - 7) && isWord(rest, 0, colon)) {
            return new Recognized(event("warning", rest.substring(colon + 2).strip(), at, rest.substring(0, colon)),
                    new SourceExcerpt());
        }
        return null;
    }

    /** The golangci-lint linter named in parentheses at the end of the message, or null. */
    private static String golangciLinter(String rest) {
        String trimmed = rest.stripTrailing();
        if (!trimmed.endsWith(")") || rest.length() != trimmed.length()) {
            return null;
        }
        int open = trimmed.lastIndexOf('(');
        if (open < 2 || trimmed.charAt(open - 1) != ' ' || !isWord(trimmed, open + 1, trimmed.length() - 1)) {
            return null;
        }
        String name = trimmed.substring(open + 1, trimmed.length() - 1);
        boolean lowerCase = name.chars().noneMatch(Character::isUpperCase);
        // staticcheck's check codes: SA4006, S1000, ST1003
        boolean checkCode = name.length() <= 6 && LintCode.of(name + " x") != null;
        return lowerCase || checkCode ? name : null;
    }

    private static boolean isWord(String text, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    static Found event(String type, String message, SourceLocation at, String code) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("file", at.path());
        metadata.put("line", at.line());
        if (at.column() > 0) {
            metadata.put("column", at.column());
        }
        if (code != null && !code.isEmpty()) {
            metadata.put("code", code);
        }
        return Found.of(type, NAME, message, metadata);
    }

    /** The severity word after the location (type null for a note or remark), its length with its code, the code. */
    private record Severity(String type, int length, String code) {
        private static final String[][] WORDS = {
            {"fatal error", "compiler_error"}, {"error", "compiler_error"}, {"Error", "compiler_error"},
            {"warning", "compiler_warning"}, {"Warning", "compiler_warning"}, {"note", null}, {"remark", null},
        };
        private static final int MAX_CODE_CHARS = 24;

        /**
         * The severity rest starts with, followed by {@code :}, by a code in brackets
         * ({@code error[E0308]:}) or by a code with digits after a space ({@code error TS2304:}), or null.
         */
        static Severity of(String rest) {
            for (String[] word : WORDS) {
                if (!rest.startsWith(word[0])) {
                    continue;
                }
                int after = word[0].length();
                char c = after < rest.length() ? rest.charAt(after) : ' ';
                if (c == ':') {
                    return new Severity(word[1], after + 1, null);
                }
                int colon = c == '[' || c == ' ' ? rest.indexOf(':', after) : -1;
                int codeEnd = c == '[' ? colon - 1 : colon;
                if (colon < 0 || colon - after > MAX_CODE_CHARS || !isWord(rest, after + 1, codeEnd)
                        || c == '[' && rest.charAt(codeEnd) != ']' || c == ' ' && !hasDigit(rest, after, codeEnd)) {
                    return null;
                }
                return new Severity(word[1], colon + 1, rest.substring(after + 1, codeEnd));
            }
            return null;
        }

        private static boolean hasDigit(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    return true;
                }
            }
            return false;
        }
    }
}
