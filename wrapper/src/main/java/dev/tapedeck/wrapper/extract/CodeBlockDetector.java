package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.CodeBlock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds fenced code blocks in one stream's clean lines: a fence is three or more backticks or
 * tildes, indented by any amount (agents indent their output), except that a tilde fence without
 * an info string must be indented at most three spaces (deeper, it is a compiler's underline, as
 * tsc prints); the opening fence may carry an info string whose first word is the language. The block ends at a fence of the same character, at
 * least as long, with nothing after it. Content lines lose up to the opening fence's indentation and
 * are joined by {@code '\n'}; content past 1 MiB is not kept (the block is marked truncated). Owned
 * by the recorder thread.
 */
final class CodeBlockDetector {
    private static final Pattern OPENING = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*)[^`]*$");
    private static final Pattern CLOSING = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*$");
    private static final int MAX_CONTENT_CHARS = 1 << 20;

    private final String agentName;
    private final String sessionId;
    private final String stream;
    /** The block being read, or null outside a block. */
    private Open open;

    CodeBlockDetector(String agentName, String sessionId, String stream) {
        this.agentName = agentName;
        this.sessionId = sessionId;
        this.stream = stream;
    }

    /** What a line meant to the detector. */
    enum Role { TEXT, FENCE, CONTENT }

    /**
     * Takes a line; a block that it closes is handed to sink. fenceLike tells whether the line
     * holds three backticks or tildes at all (the caller has scanned it already).
     */
    Role accept(String line, boolean fenceLike, long number, Instant at, java.util.function.Consumer<CodeBlock> sink) {
        if (open == null) {
            if (!fenceLike) {
                return Role.TEXT;
            }
            Matcher m = OPENING.matcher(line);
            if (!m.matches() || m.group(2).charAt(0) == '~' && m.group(3).isEmpty() && m.group(1).length() > 3) {
                // A deeply indented bare "~~~~" is a compiler's squiggle underline, not a fence.
                return Role.TEXT;
            }
            open = new Open(m.group(2), m.group(1).length(), m.group(3).isEmpty() ? null : m.group(3), number, at);
            return Role.FENCE;
        }
        Matcher m = fenceLike ? CLOSING.matcher(line) : null;
        if (m != null && m.matches() && m.group(1).charAt(0) == open.fence.charAt(0)
                && m.group(1).length() >= open.fence.length()) {
            sink.accept(open.toBlock(true));
            open = null;
            return Role.FENCE;
        }
        open.add(line, number);
        return Role.CONTENT;
    }

    /** Ends the stream: a block still open is handed on, marked unterminated. */
    void finish(java.util.function.Consumer<CodeBlock> sink) {
        if (open != null) {
            sink.accept(open.toBlock(false));
            open = null;
        }
    }

    private final class Open {
        final String fence;
        final int indent;
        final String language;
        final long fenceLine;
        final Instant at;
        final StringBuilder content = new StringBuilder();
        long firstLine;
        long lastLine;
        int lines;
        boolean truncated;

        Open(String fence, int indent, String language, long fenceLine, Instant at) {
            this.fence = fence;
            this.indent = indent;
            this.language = language;
            this.fenceLine = fenceLine;
            this.at = at;
        }

        void add(String line, long number) {
            if (lines == 0) {
                firstLine = number;
            }
            lastLine = number;
            lines++;
            String text = dedent(line);
            if (content.length() + text.length() + 1 > MAX_CONTENT_CHARS) {
                truncated = true;
                return;
            }
            if (lines > 1) {
                content.append('\n');
            }
            content.append(text);
        }

        private String dedent(String line) {
            int cut = 0;
            while (cut < indent && cut < line.length() && line.charAt(cut) == ' ') {
                cut++;
            }
            return line.substring(cut);
        }

        CodeBlock toBlock(boolean terminated) {
            long start = lines == 0 ? fenceLine + 1 : firstLine;
            long end = lines == 0 ? fenceLine : lastLine;
            String context = "{\"stream\":\"" + stream + "\",\"fence\":\"" + fence + "\",\"fence_line\":" + fenceLine
                    + (truncated ? ",\"truncated\":true" : "") + "}";
            return new CodeBlock(agentName, sessionId, at, language, content.toString(), start, end, context, null,
                    terminated);
        }
    }
}
