package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.Map;

/**
 * An event found in a line, before it becomes a stored extraction. When {@code classifyShell} is
 * set, the value is a shell command whose risk the shell rules decide.
 */
record Found(String eventType, String pattern, String value, Map<String, Object> metadata, RiskLevel risk,
             boolean classifyShell, boolean autoConfirmable) {

    static Found of(String eventType, String pattern, String value, Map<String, Object> metadata) {
        return new Found(eventType, pattern, value, metadata, null, false, false);
    }

    static Found shell(String pattern, String command, Map<String, Object> metadata) {
        return new Found("shell_command", pattern, command, metadata, null, true, false);
    }
}
