package dev.tapedeck.wrapper;

import dev.tapedeck.wrapper.extract.PatternSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code tapedeck run} runs and how it records it.
 *
 * @param grace        how long descendants get to exit after a signal, or to close their output
 *                     after the child exited, before they are killed
 * @param maxLineBytes longer lines are recorded in pieces of this size, marked split
 * @param tapBytes     how much output may wait for the recorder before copies are dropped
 * @param patterns     what the extractor looks for
 * @param pty          whether the command gets a terminal of its own
 * @param recordEnv    environment variables whose values are recorded with the session (redacted
 *                     like everything else), besides TERM, SHELL and the locale, which always are
 * @param recordInput  whether what the user types is recorded (on a PTY only, never while the
 *                     terminal's echo is off)
 */
public record RunOptions(String agent, String sessionId, List<String> command, Path workingDirectory,
                         Duration grace, int maxLineBytes, long tapBytes, PatternSet patterns, PtyMode pty,
                         Redaction redaction, List<String> recordEnv, boolean recordInput) {
    /**
     * Whether secrets are redacted from what is recorded, and which environment variables hold
     * secrets besides those whose names look secret.
     */
    public record Redaction(boolean enabled, java.util.Set<String> alsoSecret) {
        public static final Redaction DEFAULT = new Redaction(true, java.util.Set.of());
        public static final Redaction OFF = new Redaction(false, java.util.Set.of());

        public Redaction {
            alsoSecret = java.util.Set.copyOf(alsoSecret);
        }
    }

    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final long DEFAULT_TAP_BYTES = 32L << 20;

    public RunOptions {
        command = List.copyOf(command);
        recordEnv = List.copyOf(recordEnv);
        for (String name : recordEnv) {
            if (name.isEmpty() || name.contains("=")) {
                throw new IllegalArgumentException("an environment variable's name must be non-empty and without '=',"
                        + " got '" + name + "'");
            }
        }
        java.util.Objects.requireNonNull(patterns, "patterns");
        java.util.Objects.requireNonNull(pty, "pty");
        java.util.Objects.requireNonNull(redaction, "redaction");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        if (agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("agent must not be blank, got '" + agent + "'");
        }
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("session id must not be blank, got '" + sessionId + "'");
        }
        if (grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("grace must be in [0, 3600] seconds, got " + grace.toSeconds());
        }
        if (maxLineBytes < 16 || maxLineBytes > 16 << 20) {
            throw new IllegalArgumentException("maxLineBytes must be in [16, 16777216], got " + maxLineBytes);
        }
    }

    /** Options with the defaults for everything but what is run and by which agent. */
    public static RunOptions of(String agent, String sessionId, List<String> command) {
        return new RunOptions(agent, sessionId, command, Path.of("").toAbsolutePath(), Duration.ofSeconds(5),
                DEFAULT_MAX_LINE_BYTES, DEFAULT_TAP_BYTES, PatternSet.defaults(), PtyMode.AUTO, Redaction.DEFAULT, List.of(), false);
    }

    public RunOptions withWorkingDirectory(Path directory) {
        return new RunOptions(agent, sessionId, command, directory, grace, maxLineBytes, tapBytes, patterns, pty,
                redaction, recordEnv, recordInput);
    }

    public RunOptions withGrace(Duration value) {
        return new RunOptions(agent, sessionId, command, workingDirectory, value, maxLineBytes, tapBytes, patterns,
                pty, redaction, recordEnv, recordInput);
    }

    public RunOptions withPty(PtyMode value) {
        return new RunOptions(agent, sessionId, command, workingDirectory, grace, maxLineBytes, tapBytes, patterns,
                value, redaction, recordEnv, recordInput);
    }

    public RunOptions withPatterns(PatternSet value) {
        return new RunOptions(agent, sessionId, command, workingDirectory, grace, maxLineBytes, tapBytes, value, pty,
                redaction, recordEnv, recordInput);
    }

    public RunOptions withRecordEnv(List<String> names) {
        return new RunOptions(agent, sessionId, command, workingDirectory, grace, maxLineBytes, tapBytes, patterns, pty,
                redaction, names, recordInput);
    }

    public RunOptions withRecordInput(boolean value) {
        return new RunOptions(agent, sessionId, command, workingDirectory, grace, maxLineBytes, tapBytes, patterns, pty,
                redaction, recordEnv, value);
    }

    public RunOptions withRedaction(Redaction value) {
        return new RunOptions(agent, sessionId, command, workingDirectory, grace, maxLineBytes, tapBytes, patterns, pty,
                value, recordEnv, recordInput);
    }
}
