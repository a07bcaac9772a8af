package dev.tapedeck.store;

/**
 * Fields of a running session learnt after it was created; a {@code null} field is left unchanged.
 */
public record SessionUpdate(String sessionId, Long pid, String environmentJson, String stdoutLogPath,
                            String stderrLogPath) implements Write {

    public SessionUpdate {
        Checks.requireText("sessionId", sessionId);
    }

    public static SessionUpdate pid(String sessionId, long pid) {
        return new SessionUpdate(sessionId, pid, null, null, null);
    }
}
