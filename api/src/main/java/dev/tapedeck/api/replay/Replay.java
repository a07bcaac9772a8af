package dev.tapedeck.api.replay;

import dev.tapedeck.api.sse.SessionItems;
import dev.tapedeck.api.sse.StreamCursor;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay of a session into a {@link Sink}: an SSE client ({@code replay-N} thread) or the
 * terminal ({@code tapedeck replay}). Items are read from
 * the database a page at a time and each is sent when the {@link ReplayClock} reaches its position:
 * its time since the previous item, idle gaps capped at maxGap. Controls (pause, resume, seek,
 * speed, stop) come from request threads; they change state under the lock and wake the replay,
 * and an event is only ever sent while holding the lock, so once {@link #pause()} returns nothing
 * more is sent until {@link #resume()}. A sink that closes interrupts the replay's thread (the
 * sink's owner arranges that), which ends at once however far away its next event is.
 *
 * <p>When it has sent everything recorded and the session is still running, it keeps looking for
 * new rows and continues live.
 *
 * <p>Two clocks: the {@link ReplayClock} runs on replay time (session time with idle gaps capped,
 * scaled by speed), which schedules events; {@link SessionTime} gives the controls' position in
 * session time. A seek is read from the database by the control's caller and installed under the
 * lock, so its answer holds the new position.
 */
public final class Replay implements Runnable {
    /** Where a replay's events go. Called on the replay's thread only. */
    public interface Sink {
        void start(Start start) throws IOException;

        /** Sends one item; cursorId is its stream cursor, for an SSE id. */
        void send(StreamItem item, String cursorId) throws IOException;

        void flush() throws IOException;

        void end(End end, String cursorId) throws IOException;

        boolean isOpen();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final long LIVE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    public static final double MAX_SPEED = 100;
    public static final double MAX_GAP_SECONDS = 86_400;

    /** Checks a replay speed: in (0, 100]. */
    public static double checkSpeed(String name, double speed) {
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException(name + " must be in (0, 100], got " + speed);
        }
        return speed;
    }

    /** Checks an idle-gap cap: in (0, 86400] seconds. */
    public static double checkMaxGap(String name, double seconds) {
        if (!(seconds > 0 && seconds <= MAX_GAP_SECONDS)) {
            throw new IllegalArgumentException(name + " must be in (0, 86400] seconds, got " + seconds);
        }
        return seconds;
    }

    /** What the control routes answer. */
    public record Status(String replayId, String sessionId, String state, double speed, double positionSeconds,
                         long eventsSent) {
    }

    private final String id;
    private final String sessionId;
    private final Session session;
    private final Database db;
    private final Sink sink;
    private final SessionItems items;
    private final Long maxGapMicros;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReplayClock clock;
    private final StreamCursor cursor = StreamCursor.start();
    private final Deque<StreamItem> buffer = new ArrayDeque<>();
    private final ReplayTarget from;
    // Guarded by lock.
    private ReplaySeek pendingSeek;
    private final SessionTime sessionTime = new SessionTime();
    private boolean stopped;
    private String state = "playing";
    private long sent;
    /**
     * Written by the replay thread under the lock (the controls read position): the replay time of
     * the last item sent, and its timestamp.
     */
    private long position;
    private Instant lastTime;

    public Replay(String id, Database db, Session session, Sink sink, SessionItems items, double speed,
                  Double maxGapSeconds, ReplayTarget from) {
        this.id = id;
        this.db = db;
        this.sessionId = session.sessionId();
        this.session = session;
        this.sink = sink;
        this.items = items;
        this.maxGapMicros = maxGapSeconds == null ? null : (long) (maxGapSeconds * 1_000_000);
        this.clock = new ReplayClock(speed, System.nanoTime());
        this.from = from;
    }

    public String id() {
        return id;
    }

    /** Plays on the calling thread until the end, a stop, or the sink closing. */
    @Override
    public void run() {
        try {
            if (from != null) {
                seek(from);
            }
            sink.start(new Start(id, sessionId, clock.speed(), maxGapMicros == null ? null : maxGapMicros / 1e6,
                    items.kinds().stream().map(StreamItem.Kind::wireName).sorted().toList()));
            sink.flush();
            String reason = play();
            if (reason != null) {
                lock.lock();
                try {
                    state = reason;
                    sink.end(new End(id, sessionId, sent, reason), cursor.id());
                    sink.flush();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            LOG.debug("replay {} sink gone after {} events: {}", id, sent, e.getMessage());
        } catch (InterruptedException e) {
            // The sink went away, or the daemon is stopping.
            LOG.debug("replay {} interrupted after {} events", id, sent);
        } catch (RuntimeException e) {
            LOG.warn("replay {} of session {} failed after {} events: {}", id, sessionId, sent, e.toString());
        } finally {
            lock.lock();
            try {
                stopped = true;
                if (state.equals("playing") || state.equals("paused")) {
                    state = "closed";
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Plays until the end, a stop or a disconnect; returns the end reason, null on disconnect. */
    private String play() throws IOException, InterruptedException {
        while (true) {
            applySeek();
            if (buffer.isEmpty()) {
                buffer.addAll(items.readAfter(cursor));
                if (buffer.isEmpty() && isSessionOver()) {
                    buffer.addAll(items.readAfter(cursor));
                    if (buffer.isEmpty()) {
                        return "finished";
                    }
                }
            }
            lock.lock();
            try {
                if (!sink.isOpen()) {
                    return null;
                }
                if (stopped) {
                    return "stopped";
                }
                if (pendingSeek != null) {
                    continue;
                }
                if (buffer.isEmpty()) {
                    changed.awaitNanos(LIVE_POLL_NANOS);
                    continue;
                }
                if (clock.paused()) {
                    changed.await();
                    continue;
                }
                StreamItem next = buffer.peek();
                long due = positionOf(next);
                sessionTime.waitingFor(due);
                long wait = clock.dueNanos(due) - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                    continue;
                }
                buffer.poll();
                cursor.advance(next);
                position = due;
                lastTime = next.timestamp();
                sessionTime.sent(due, ReplaySeek.offsetMicros(session, next.timestamp()));
                sink.send(next, cursor.id());
                if (buffer.isEmpty() || positionOf(buffer.peek()) > position) {
                    sink.flush();
                }
                sent++;
            } finally {
                lock.unlock();
            }
        }
    }

    private long positionOf(StreamItem item) {
        if (lastTime == null) {
            return position;
        }
        long gap = Math.max(0, Duration.between(lastTime, item.timestamp()).toNanos() / 1_000);
        return position + (maxGapMicros == null ? gap : Math.min(gap, maxGapMicros));
    }

    private boolean isSessionOver() {
        return db.sessions().find(sessionId).map(s -> s.status().isEnded()).orElse(true);
    }

    /** Moves the cursor to a pending seek (the controls have set the clock already). */
    private void applySeek() {
        lock.lock();
        try {
            ReplaySeek seek = pendingSeek;
            if (seek == null) {
                return;
            }
            pendingSeek = null;
            cursor.set(StreamItem.Kind.LINE, seek.at().line());
            cursor.set(StreamItem.Kind.EXTRACTION, seek.at().extraction());
            cursor.set(StreamItem.Kind.STATE, seek.at().stateChange());
            cursor.set(StreamItem.Kind.CODE_BLOCK, seek.at().occurrence());
            buffer.clear();
            lastTime = seek.time();
        } finally {
            lock.unlock();
        }
    }

    public Status pause() {
        return control(() -> {
            clock.pause(System.nanoTime());
            state = "paused";
        });
    }

    public Status resume() {
        return control(() -> {
            clock.resume(System.nanoTime());
            state = "playing";
        });
    }

    /** Reads the target on the calling thread, then moves there: the answer holds the new position. */
    public Status seek(ReplayTarget target) {
        ReplaySeek seek = ReplaySeek.resolve(db, session, target);
        return control(() -> {
            pendingSeek = seek;
            clock.reanchor(position, System.nanoTime());
            sessionTime.jumped(position, seek.offsetMicros());
        });
    }

    public Status speed(double speed) {
        return control(() -> clock.setSpeed(speed, System.nanoTime()));
    }

    public Status stop() {
        return control(() -> stopped = true);
    }

    public Status status() {
        return control(() -> { });
    }

    private Status control(Runnable change) {
        lock.lock();
        try {
            if (!stopped && sink.isOpen()) {
                change.run();
                changed.signalAll();
            }
            return new Status(id, sessionId, state, clock.speed(), sessionTime.seconds(clock.position(System.nanoTime())), sent);
        } finally {
            lock.unlock();
        }
    }

    /** The first event of a replay. */
    public record Start(String replayId, String sessionId, double speed, Double maxGap,
                        java.util.List<String> include) {
    }

    /** The last event of a replay: how many events were sent and why it ended. */
    public record End(String replayId, String sessionId, long eventsSent, String reason) {
    }
}
