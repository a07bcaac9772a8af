package dev.tapedeck.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A session to create, with status {@code running}. Optional fields may be {@code null}.
 *
 * @param commandLine      the command as the user would type it (shell-quoted words)
 * @param pid              the child's process id, once known
 * @param recorderPid      the process id of the tapedeck process recording the session
 * @param recorderStartedAt the start time of that process, so that a reused pid is not mistaken for it
 * @param environmentJson  a JSON object describing the environment
 */
public record NewSession(String sessionId, String agentName, Instant startedAt, String commandLine,
                         String workingDirectory, String host, Long pid, Long recorderPid,
                         Instant recorderStartedAt, String environmentJson,
                         String extractionConfigVersion, String environmentConfigVersion) implements Write {

    public NewSession {
        Checks.requireText("sessionId", sessionId);
        Checks.requireText("agentName", agentName);
        Objects.requireNonNull(startedAt, "startedAt");
        commandLine = commandLine == null ? "" : commandLine;
    }

    /** A session with only the required fields set. */
    public static NewSession of(String sessionId, String agentName, Instant startedAt) {
        return new NewSession(sessionId, agentName, startedAt, "", null, null, null, null, null, null, null, null);
    }

    public NewSession withCommand(String commandLine, String workingDirectory) {
        return new NewSession(sessionId, agentName, startedAt, commandLine, workingDirectory, host, pid,
                recorderPid, recorderStartedAt, environmentJson, extractionConfigVersion, environmentConfigVersion);
    }

    public NewSession withProcess(String host, Long pid, Long recorderPid, Instant recorderStartedAt) {
        return new NewSession(sessionId, agentName, startedAt, commandLine, workingDirectory, host, pid,
                recorderPid, recorderStartedAt, environmentJson, extractionConfigVersion, environmentConfigVersion);
    }

    public NewSession withEnvironment(String environmentJson, String extractionConfigVersion,
                                      String environmentConfigVersion) {
        return new NewSession(sessionId, agentName, startedAt, commandLine, workingDirectory, host, pid,
                recorderPid, recorderStartedAt, environmentJson, extractionConfigVersion, environmentConfigVersion);
    }
}
