package dev.tapedeck.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A fenced code block seen in a session's output. Saving it stores the content once per SHA-256
 * digest and records this sighting as an occurrence.
 *
 * @param content    the lines between the fences joined by {@code '\n'}, no trailing newline
 * @param lineStart  the first content line
 * @param lineEnd    the last content line
 * @param parseable  whether the content parses in its language; {@code null} when unknown
 * @param terminated false when the session ended with the block still open
 * @param digest     the lowercase hex SHA-256 of the UTF-8 content: the block's identity, computed by
 *                   the constructor without it (on the thread that finds the block, not the writer)
 */
public record CodeBlock(String agentName, String sessionId, Instant timestamp, String language, String content,
                        long lineStart, long lineEnd, String contextJson, Boolean parseable,
                        boolean terminated, String digest) implements Write {


    public CodeBlock(String agentName, String sessionId, Instant timestamp, String language, String content,
                     long lineStart, long lineEnd, String contextJson, Boolean parseable, boolean terminated) {
        this(agentName, sessionId, timestamp, language, content, lineStart, lineEnd, contextJson, parseable,
                terminated, digestOf(Objects.requireNonNull(content, "content")));
    }

    public CodeBlock {
        Checks.requireText("agentName", agentName);
        Checks.requireText("sessionId", sessionId);
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(content, "content");
        Checks.requirePositive("lineStart", lineStart);
        if (!isHexSha256(digest)) {
            throw new IllegalArgumentException("digest must be 64 lowercase hex digits, got '" + digest + "'");
        }
        if (lineEnd < lineStart - 1) {
            throw new IllegalArgumentException("lineEnd must be at least lineStart - 1 (" + (lineStart - 1)
                    + "), got " + lineEnd);
        }
    }

    /** 64 lowercase hex digits (checked by hand: a regex per code block cost more than the check is worth). */
    private static boolean isHexSha256(String digest) {
        if (digest == null || digest.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = digest.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String digestOf(String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
