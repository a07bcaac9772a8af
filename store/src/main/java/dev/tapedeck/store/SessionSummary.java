package dev.tapedeck.store;

/**
 * A session with what a listing shows beside its row: counts of its events and, for the agents
 * that report them, its tokens and cost ({@code null} when the session reported none).
 *
 * @param shortId          the shortest reference that names this session alone: the six hex digits
 *                         a generated id ends with when no other session answers to them, else the id
 * @param errors           events of type {@code error}, {@code exception}, {@code compiler_error} and
 *                         {@code test_failure}
 * @param highRiskCommands events rated {@code high} (shell commands such as {@code rm -rf})
 * @param inputTokens      summed over the session-level usage events only (see
 *                         {@link Sessions#listSummaries}), never the per-message ones
 */
public record SessionSummary(Session session, String shortId, long errors, long highRiskCommands, Long inputTokens,
                             Long outputTokens, Double costUsd) {
}
