package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * npm's error block: every line of it starts with {@code npm error} (npm 10 and later) or {@code npm
 * ERR!} (before), and the whole block is one problem, an ERESOLVE's thirteen lines as much as an
 * E404 or a missing script. Value: the block's first informative line ({@code ERESOLVE unable to
 * resolve dependency tree}, {@code 404 Not Found - GET https://...}, {@code Missing script:
 * "build"}); {@code code}, {@code errno}, {@code syscall}, {@code path} and the log file go into
 * metadata. Under Claude Code's gutter, {@code Error: npm error code X} is the tool error's line
 * ({@code claude_tool_error}); the block's other lines are then silent.
 */
final class NpmErrorBlock implements Recognizer {
    static final String NAME = "npm_error";
    private static final List<String> PREFIXES = List.of("npm error", "npm ERR!");
    private static final List<String> FIELDS = List.of("code", "errno", "syscall", "path", "dest", "signal");
    private static final String LOG_FILE = "A complete log of this run can be found in:";

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
        if (previous != null && previous.startsWith("Error: " + prefix)) {
            // Claude Code's tool error took the block's first line: the rest is its detail.
            return Recognized.silent(new Block(prefix, true));
        }
        String rest = body.substring(prefix.length()).strip();
        Map<String, Object> metadata = new LinkedHashMap<>();
        boolean informative = read(rest, metadata);
        Block block = new Block(prefix, informative);
        return new Recognized(Found.of("error", NAME, rest.isEmpty() ? "npm error" : rest, metadata), block);
    }

    private static String prefixOf(String body) {
        for (String prefix : PREFIXES) {
            if (body.startsWith(prefix) && (body.length() == prefix.length() || body.charAt(prefix.length()) == ' ')) {
                return prefix;
            }
        }
        return null;
    }

    /** Puts a field line's value into metadata; true when the line says what went wrong instead. */
    private static boolean read(String rest, Map<String, Object> metadata) {
        if (rest.isEmpty() || rest.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int space = rest.indexOf(' ');
        String key = space < 0 ? rest : rest.substring(0, space);
        if (space > 0 && FIELDS.contains(key) && rest.indexOf(' ', space + 1) < 0) {
            metadata.putIfAbsent(key, rest.substring(space + 1));
            return false;
        }
        if (rest.startsWith(LOG_FILE)) {
            metadata.putIfAbsent("log_file", rest.substring(LOG_FILE.length()).strip());
            return false;
        }
        return true;
    }

    /** The block's further lines: those with the headline's prefix. Owned by the recorder thread. */
    private static final class Block implements Continuation {
        private final String prefix;
        private boolean informative;

        Block(String prefix, boolean informative) {
            this.prefix = prefix;
            this.informative = informative;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (!body.startsWith(prefix) || body.length() > prefix.length() && body.charAt(prefix.length()) != ' ') {
                return Fit.NOT;
            }
            String rest = body.substring(prefix.length()).strip();
            if (rest.startsWith("code ") && rest.indexOf(' ', 5) < 0) {
                return Fit.NOT; // npm opens a block with its code: the next command's block
            }
            if (read(rest, draft.metadata()) && !informative) {
                informative = true;
                draft.value(rest);
            }
            return Fit.PART;
        }
    }
}
