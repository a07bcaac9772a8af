package dev.tapedeck.wrapper;

import com.google.gson.Gson;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds sessions left {@code running} by a recorder that died without ending them (a
 * {@code kill -9}, a crash, a power cut) and ends them as {@code interrupted}. Only sessions
 * recorded on this host can be judged: a session is orphaned when no process has its recorder's
 * pid, or the process that has it started at another time (the pid was reused). Run by every
 * tapedeck command when it opens the database, and by the daemon every few seconds.
 */
public final class OrphanedSessions {
    /** Start times are read from /proc in clock ticks; two readings of one process agree to the tick. */
    private static final Duration SAME_START = Duration.ofMillis(50);
    // Plain JSON (not HTML-safe), as the extraction events' metadata: people read it with sqlite3.
    private static final Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private OrphanedSessions() {
    }

    /**
     * Ends every orphaned session of this host as interrupted and returns how many. With wait, returns
     * once that is committed; without, the store's writer commits it in its own time (a recorder
     * must not wait for the database before it starts its command). A database opened for reading
     * is only read when there are none; when there are some, its file is opened again for writing
     * for as long as it takes to end them (and this waits), and a {@link dev.tapedeck.store.StoreException}
     * says why when that fails.
     */
    public static int markInterrupted(Database db, boolean wait) {
        List<Session> orphans = find(db);
        if (orphans.isEmpty()) {
            return 0;
        }
        if (!db.takesWrites()) {
            try (Database writable = db.reopenWritable()) {
                return markInterrupted(writable, true);
            }
        }
        for (Session session : orphans) {
            // The last line recorded is the last sign of life we have; without one, the start.
            Instant endedAt = db.output().findLastOutputTime(session.sessionId()).orElse(session.startedAt());
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("reason", "the recording process is gone");
            why.put("recorder_pid", session.recorderPid());
            why.put("detected_at", Instant.now().toString());
            db.writes().append(new SessionEnd(session.sessionId(), SessionStatus.INTERRUPTED, null, endedAt, 0,
                    GSON.toJson(why)));
        }
        if (wait) {
            db.flush();
        }
        return orphans.size();
    }

    /** The orphaned sessions of this host; only reads. */
    public static List<Session> find(Database db) {
        String host = SessionFacts.hostName();
        List<Session> orphans = new ArrayList<>();
        for (Session session : db.sessions().listActive()) {
            if (host.equals(session.host()) && session.recorderPid() != null
                    && !recorderAlive(session.recorderPid(), session.recorderStartedAt())) {
                orphans.add(session);
            }
        }
        return orphans;
    }

    static boolean recorderAlive(long pid, Instant startedAt) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        if (startedAt == null) {
            // Nothing to tell a reused pid by: leave the session alone.
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isEmpty() || Duration.between(started.get(), startedAt).abs().compareTo(SAME_START) <= 0;
    }
}
