package dev.tapedeck.wrapper.extract;

/**
 * A Python linter's finding after its location: a code and a message ({@code F401 'os' imported but
 * unused}, ruff's {@code F401 [*] ...} with its fix marker, pylint's {@code C0114: ...}) or ruff's
 * named {@code invalid-syntax: ...}. Errors are what stops the code from running, the set CI
 * workflows select with {@code flake8 --select=E9,F63,F7,F82}: syntax and IO errors (E9xx), broken
 * comparisons and asserts (F63x), misplaced statements (F7xx), undefined names (F82x), pylint's
 * error and fatal codes (E and F with four digits, ruff's PLE) and named syntax errors. Every
 * other code is a style or hygiene finding: a warning.
 */
record LintCode(String code, String message, String type) {
    private static final int MAX_LETTERS = 4;
    private static final int MAX_NAME_CHARS = 40;

    /** The code and message rest starts with, or null. */
    static LintCode of(String rest) {
        int letters = 0;
        while (letters < rest.length() && letters <= MAX_LETTERS
                && rest.charAt(letters) >= 'A' && rest.charAt(letters) <= 'Z') {
            letters++;
        }
        int digits = letters;
        while (digits < rest.length() && digits - letters < 5 && Character.isDigit(rest.charAt(digits))) {
            digits++;
        }
        if (letters >= 1 && letters <= MAX_LETTERS && digits > letters && digits < rest.length()
                && (rest.charAt(digits) == ' ' || rest.charAt(digits) == ':')) {
            String code = rest.substring(0, digits);
            String message = rest.substring(digits + 1).strip();
            if (message.startsWith("[*] ")) {
                message = message.substring(4);
            }
            return message.isEmpty() ? null : new LintCode(code, message, isError(code, digits - letters) ? "compiler_error"
                    : "compiler_warning");
        }
        return named(rest);
    }

    /** ruff's {@code invalid-syntax: message}: a kebab-case rule name, a colon, the message. */
    private static LintCode named(String rest) {
        int colon = rest.indexOf(": ");
        if (colon < 3 || colon > MAX_NAME_CHARS || rest.indexOf('-') < 0 || rest.indexOf('-') > colon) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = rest.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-')) {
                return null;
            }
        }
        String name = rest.substring(0, colon);
        String message = rest.substring(colon + 2).strip();
        return message.isEmpty() ? null
                : new LintCode(name, message, name.contains("syntax") ? "compiler_error" : "compiler_warning");
    }

    static boolean isError(String code, int digits) {
        if (code.startsWith("PLE")) {
            return true;
        }
        char first = code.charAt(0);
        if (code.length() != digits + 1 || first != 'E' && first != 'F') {
            return false;
        }
        if (digits == 4) {
            return true;
        }
        return code.startsWith("E9") || code.startsWith("F63") || code.startsWith("F7") || code.startsWith("F82");
    }
}
