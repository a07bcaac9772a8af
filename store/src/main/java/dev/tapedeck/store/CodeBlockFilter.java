package dev.tapedeck.store;

/**
 * Which code blocks to list. Every field is optional ({@code null}) and they combine with AND. Agent
 * and session match any occurrence, so a block first seen elsewhere is listed for every session that
 * printed it.
 */
public record CodeBlockFilter(String agentName, String sessionId, String language) {
    public static final CodeBlockFilter ALL = new CodeBlockFilter(null, null, null);

    public CodeBlockFilter agent(String value) {
        return new CodeBlockFilter(value, sessionId, language);
    }

    public CodeBlockFilter session(String value) {
        return new CodeBlockFilter(agentName, value, language);
    }

    public CodeBlockFilter language(String value) {
        return new CodeBlockFilter(agentName, sessionId, value);
    }
}
