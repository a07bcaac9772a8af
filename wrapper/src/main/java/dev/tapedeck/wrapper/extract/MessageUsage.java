package dev.tapedeck.wrapper.extract;

/**
 * Remembers the last few message ids whose token usage was reported: Claude Code prints a message
 * once per content block, each line with the message's usage, and subagents' messages interleave.
 * Owned by the recorder thread.
 */
final class MessageUsage {
    private static final int REMEMBERED = 16;

    private final String[] ids = new String[REMEMBERED];
    private int next;

    /** False for a token usage event of a message whose usage was reported already. */
    boolean firstTime(Found found) {
        if (!found.eventType().equals("token_usage") || !(found.metadata().get("message_id") instanceof String id)) {
            return true;
        }
        for (String seen : ids) {
            if (id.equals(seen)) {
                return false;
            }
        }
        ids[next] = id;
        next = (next + 1) % REMEMBERED;
        return true;
    }
}
