package dev.tapedeck.api.replay;

/**
 * Replay time against the wall clock. Every event's due time is computed from one anchor (a wall
 * instant on the monotonic clock and the replay position it stands for), never from the previous
 * event, so lateness does not add up: the 500th event is due exactly 500 gaps after the anchor.
 * Pause, resume and speed changes move the anchor. Not thread-safe: the replay guards it.
 */
final class ReplayClock {
    private double speed;
    private long anchorNanos;
    private long anchorMicros;
    private boolean paused;

    ReplayClock(double speed, long nowNanos) {
        this.speed = speed;
        this.anchorNanos = nowNanos;
    }

    /** The replay position (µs of session time, gaps capped) at wall time nowNanos. */
    long position(long nowNanos) {
        if (paused) {
            return anchorMicros;
        }
        return anchorMicros + (long) ((nowNanos - anchorNanos) / 1_000.0 * speed);
    }

    /** The wall time (System.nanoTime) at which position is reached at the current speed. */
    long dueNanos(long position) {
        return anchorNanos + (long) ((position - anchorMicros) * 1_000.0 / speed);
    }

    void setSpeed(double newSpeed, long nowNanos) {
        reanchor(position(nowNanos), nowNanos);
        speed = newSpeed;
    }

    double speed() {
        return speed;
    }

    void pause(long nowNanos) {
        if (!paused) {
            anchorMicros = position(nowNanos);
            anchorNanos = nowNanos;
            paused = true;
        }
    }

    void resume(long nowNanos) {
        if (paused) {
            paused = false;
            anchorNanos = nowNanos;
        }
    }

    boolean paused() {
        return paused;
    }

    /** Makes position the replay position now (after a seek). */
    void reanchor(long position, long nowNanos) {
        anchorMicros = position;
        anchorNanos = nowNanos;
    }
}
