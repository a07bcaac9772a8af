package dev.tapedeck.store;

import java.time.Instant;

/** A session as stored. Optional fields are {@code null} when unknown. */
public record Session(long id, String sessionId, String agentName, SessionStatus status, String commandLine,
                      String workingDirectory, String host, Long pid, Long recorderPid, Instant recorderStartedAt,
                      String environmentJson, Instant startedAt, Instant endedAt, Integer exitCode,
                      SessionTotals totals, String stdoutLogPath, String stderrLogPath,
                      String extractionConfigVersion, String environmentConfigVersion) {
}
