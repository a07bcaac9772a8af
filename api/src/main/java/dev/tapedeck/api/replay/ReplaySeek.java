package dev.tapedeck.api.replay;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionPosition;
import java.time.Duration;
import java.time.Instant;

/**
 * A seek target read from the database: where the replay's cursor goes, the session time the next
 * item is measured from ({@code null}: send it at once), and the session time the target stands
 * for (µs since the start), which the controls answer as the position.
 */
record ReplaySeek(SessionPosition at, Instant time, long offsetMicros) {

    /**
     * An offset is its own session time; a line is sent at once on resuming (no wait before it) and
     * stands for its own time (past the end: the last line's).
     */
    static ReplaySeek resolve(Database db, Session session, ReplayTarget target) {
        String id = session.sessionId();
        if (target.line() == null) {
            Instant time = session.startedAt().plusNanos((long) (target.offsetSeconds() * 1e9));
            return new ReplaySeek(db.output().positionBefore(id, time), time, offsetMicros(session, time));
        }
        SessionPosition at = db.output().positionBeforeLine(id, target.line());
        Instant time = db.output().listLines(id, target.line(), 1, null).stream().findFirst()
                .map(OutputLine::timestamp).or(() -> db.output().findLastOutputTime(id)).orElse(session.startedAt());
        return new ReplaySeek(at, null, offsetMicros(session, time));
    }

    static long offsetMicros(Session session, Instant time) {
        return Math.max(0, Duration.between(session.startedAt(), time).toNanos() / 1_000);
    }
}
