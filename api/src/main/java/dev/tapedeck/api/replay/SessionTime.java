package dev.tapedeck.api.replay;

/**
 * A replay's position in session time ({@code position_seconds}), the scale of {@code from} and of
 * a seek's {@code offset_s}, kept beside the {@link ReplayClock}, which runs on replay time (gaps
 * capped, scaled by speed). It is the session time of the last item sent (or of the last seek's
 * target) plus the replay time played since, never past the next item's due time: so it stands
 * still while paused or while no item is waiting, and goes back only by a seek. Not thread-safe:
 * the replay guards it with its lock.
 */
final class SessionTime {
    /** Session time (µs since the start) and replay time of the last item sent or the last seek. */
    private long baseOffsetMicros;
    private long baseReplayMicros;
    /** Replay time at which the next item is due; -1 while none is waiting. */
    private long nextDueMicros = -1;

    /** An item at session time offsetMicros was sent at replay time replayMicros. */
    void sent(long replayMicros, long offsetMicros) {
        baseReplayMicros = replayMicros;
        baseOffsetMicros = offsetMicros;
        nextDueMicros = -1;
    }

    /** A seek to session time offsetMicros, made at replay time replayMicros. */
    void jumped(long replayMicros, long offsetMicros) {
        sent(replayMicros, offsetMicros);
    }

    /** The next item is due at replay time dueMicros. */
    void waitingFor(long dueMicros) {
        nextDueMicros = dueMicros;
    }

    /** The position in seconds of session time, the clock standing at replay time clockMicros. */
    double seconds(long clockMicros) {
        long played = clockMicros - baseReplayMicros;
        long bound = nextDueMicros < 0 ? 0 : Math.max(0, nextDueMicros - baseReplayMicros);
        return (baseOffsetMicros + Math.max(0, Math.min(played, bound))) / 1e6;
    }
}
