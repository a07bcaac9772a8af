package dev.tapedeck.wrapper.extract;

/**
 * The lines a compiler prints after a GNU-form diagnostic: gcc's source excerpt in its gutter
 * ({@code 6 |     int x = y;}, {@code   |     ^~~}), caret and underline lines, the {@code note:}
 * lines about it, the context lines that introduce the next diagnostic ({@code In function 'main':},
 * {@code In file included from x.c:1:}, {@code At top level:}) and mypy's message wrapped over a
 * second line ending in its code, and clang's excerpt (the source line without a gutter) under a
 * C-family diagnostic. Anything else ends the diagnostic and is read on its own.
 */
final class SourceExcerpt implements Continuation {

    @Override
    public Fit next(String body, Draft draft) {
        if (body.isEmpty()) {
            return Fit.NOT;
        }
        if (isGutter(body) || isCaret(body) || isNoteOrContext(body)) {
            return Fit.PART;
        }
        if (draft.lines() == 0 && (takesWrappedCode(body, draft) || isClangSource(body, draft))) {
            return Fit.PART;
        }
        return Fit.NOT;
    }

    /**
     * clang's excerpt: the source line as it is, without a gutter, right under a C-family
     * diagnostic with a column (its caret line follows, and may look like a {@code ~~~} fence). Not
     * when the line is another diagnostic, make's or a tool's verdict, or an agent's; nor the next
     * prompt's command or a Python traceback, which follow a diagnostic that has no excerpt (gcc
     * -fno-diagnostics-show-caret, clang -fno-caret-diagnostics).
     */
    private static boolean isClangSource(String body, Draft draft) {
        Object file = draft.metadata().get("file");
        if (!draft.metadata().containsKey("column") || !(file instanceof String path) || !isCFamily(path)) {
            return false;
        }
        return SourceLocation.at(body, 0) == null && !body.contains(": *** ") && !body.contains("error: ")
                && !body.contains("warning: ") && !body.startsWith("In file included from ") && !isForeign(body)
                && !body.endsWith(" generated.") && !body.startsWith("Traceback (");
    }

    private static boolean isCFamily(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1);
        return switch (extension) {
            case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm", "cu", "cl" -> true;
            default -> false;
        };
    }

    /**
     * A line no compiler or sanitizer prints: an agent's bullet or elision ({@code ⏺}, {@code ●}, {@code … +40
     * lines (ctrl+r to expand)}), a shell prompt's {@code $ } or a command typed at any prompt
     * ({@code dev@box:~/src$ make}: a report cut short, or a diagnostic without its excerpt, is
     * followed by the next prompt), a quoted {@code > }.
     */
    static boolean isForeign(String body) {
        return body.startsWith("⏺") || body.startsWith("●") || body.startsWith("✻") || body.startsWith("$ ")
                || body.startsWith("> ") || body.startsWith("❯") || body.startsWith("…") || body.contains("(ctrl+")
                || ShellPromptLine.isTypedCommand(body);
    }

    /** {@code 6 |     int x = y;} or a bare {@code |} (gcc, rustc-style gutters). */
    static boolean isGutter(String body) {
        int i = 0;
        while (i < body.length() && i < 9 && body.charAt(i) >= '0' && body.charAt(i) <= '9') {
            i++;
        }
        while (i < body.length() && body.charAt(i) == ' ') {
            i++;
        }
        return i < body.length() && body.charAt(i) == '|' && (i + 1 == body.length() || body.charAt(i + 1) == ' ');
    }

    /**
     * A line of carets and underlines ({@code ^~~~}, {@code ~^     ~~~~~}, {@code ---   ^^^}) with a
     * caret in it: a bare run of tildes may be a Markdown fence, which the code block detector must see.
     */
    static boolean isCaret(String body) {
        boolean mark = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '^') {
                mark = true;
            } else if (c != ' ' && c != '~' && c != '|' && c != '-' && c != '+' && c != '_') {
                return false;
            }
        }
        return mark;
    }

    private static boolean isNoteOrContext(String body) {
        if (body.startsWith("In file included from ")
                || body.startsWith("from ") && (body.endsWith(",") || body.endsWith(":"))) {
            return true;
        }
        int at = body.indexOf(": ");
        if (at < 0 || at > 1024) {
            return false;
        }
        String rest = body.substring(at + 2);
        if (rest.startsWith("In ") && body.endsWith(":") || rest.equals("At top level:")
                || rest.startsWith("required from ") || rest.startsWith("note: ")) {
            return true;
        }
        SourceLocation location = SourceLocation.at(body, 0);
        return location != null
                && (body.startsWith("note: ", location.end()) || body.startsWith("remark: ", location.end()));
    }

    /** mypy --pretty: the message's second line, ending in the code the headline lacked. */
    private static boolean takesWrappedCode(String body, Draft draft) {
        if (draft.metadata().containsKey("code") || !body.endsWith("]")) {
            return false;
        }
        int open = body.lastIndexOf('[');
        // mypy sets its code apart by two spaces (or puts it alone on the line); a source line
        // ending in an index (items[key]) does not.
        if (open < 0 || open > 0 && !body.startsWith("  ", open - 2) || body.indexOf(' ', open) >= 0
                || open + 2 >= body.length()) {
            return false;
        }
        for (int i = open + 1; i < body.length() - 1; i++) {
            char c = body.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-')) {
                return false;
            }
        }
        draft.metadata().put("code", body.substring(open + 1, body.length() - 1));
        String more = body.substring(0, open).strip();
        if (!more.isEmpty()) {
            draft.value(draft.value() + " " + more);
        }
        return true;
    }
}
