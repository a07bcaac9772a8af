package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * npm's warnings: {@code npm warn deprecated x@1: ...} is one {@code warning} a line, as npm prints
 * one fact a line; a warning whose code is an npm error code ({@code ERESOLVE overriding peer
 * dependency}, {@code EBADENGINE Unsupported engine {}) goes on over the next {@code npm warn}
 * lines ({@code While resolving:}, {@code Found:}, the dependency tree, {@code EBADENGINE
 * package: ...}, {@code EBADENGINE }}), which are its detail, up to the next warning of its own
 * ({@code deprecated}, another code). Value: the text after the code; metadata: the code.
 */
final class NpmWarnBlock implements Recognizer {
    static final String NAME = "npm_warning";
    private static final List<String> PREFIXES = List.of("npm warn", "npm WARN");
    /** The words npm puts first on a warning as its code. */
    private static final List<String> CODES = List.of("deprecated", "config", "cleanup", "tar");
    /** Other words that open a warning of its own, not a line of a coded warning's detail. */
    private static final List<String> OPENERS = List.of("using", "audit", "exec", "skipping", "Unknown");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return PREFIXES;
    }

    @Override
    public Recognized recognize(String body, String previous) {
        String prefix = prefixOf(body);
        if (prefix == null) {
            return null;
        }
        String rest = body.substring(prefix.length()).strip();
        String code = codeOf(rest);
        String value = LogLevelLine.valueOf(code == null ? rest : rest.substring(code.length()));
        if (value == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (code != null) {
            metadata.put("code", code);
        }
        Found found = Found.of("warning", NAME, value, metadata);
        return isErrorCode(code) ? new Recognized(found, new Block(prefix, code)) : Recognized.of(found);
    }

    private static String prefixOf(String body) {
        for (String prefix : PREFIXES) {
            if (body.startsWith(prefix) && (body.length() == prefix.length() || body.charAt(prefix.length()) == ' ')) {
                return prefix;
            }
        }
        return null;
    }

    /** The warning's code: one of npm's words, or an error code in capitals (ERESOLVE); or null. */
    private static String codeOf(String rest) {
        int space = rest.indexOf(' ');
        String first = space < 0 ? rest : rest.substring(0, space);
        return CODES.contains(first) || isErrorCode(first) ? first : null;
    }

    private static boolean isErrorCode(String word) {
        if (word == null || word.length() < 3 || word.length() > 24 || word.charAt(0) != 'E') {
            return false;
        }
        for (int i = 1; i < word.length(); i++) {
            if (word.charAt(i) < 'A' || word.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** The detail lines of a coded warning. Owned by the recorder thread. */
    private static final class Block implements Continuation {
        private final String prefix;
        private final String code;

        Block(String prefix, String code) {
            this.prefix = prefix;
            this.code = code;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (!body.startsWith(prefix) || body.length() > prefix.length() && body.charAt(prefix.length()) != ' ') {
                return Fit.NOT;
            }
            String rest = body.substring(prefix.length()).strip();
            String next = codeOf(rest);
            if (next == null) {
                int space = rest.indexOf(' ');
                return OPENERS.contains(space < 0 ? rest : rest.substring(0, space)) ? Fit.NOT : Fit.PART;
            }
            // EBADENGINE's own lines repeat the code: "EBADENGINE   package: ...", "EBADENGINE }".
            boolean detail = next.equals(code) && (body.contains(code + "  ") || rest.equals(code + " }"));
            return detail ? Fit.PART : Fit.NOT;
        }
    }
}
