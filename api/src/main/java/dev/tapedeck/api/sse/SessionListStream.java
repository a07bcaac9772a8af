package dev.tapedeck.api.sse;

import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.Views.SessionListView;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RowIds;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.SessionSummary;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/stream/sessions}: the sessions page's live rows. Once a second at most, and only when
 * the {@link Tail} has seen rows committed since the last look, it reads the running sessions of
 * its filter as a listing does and sends each whose listing item changed since it was last sent
 * (lines, errors, tokens, ...), then every session it had sent as running that has ended since
 * (with its final status), and the sessions that started and ended between two looks. So a
 * session gets at most one message a second, and an idle database costs no query at all. The
 * first look sends every running session of the filter. Runs on a thread of its own, watched for
 * a client that stops reading like the followers.
 */
final class SessionListStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionListStream.class);
    static final long LOOK_MILLIS = 1000;
    /** How far before the last look a session may have started and still be caught as new. */
    private static final Duration OVERLAP = Duration.ofSeconds(5);
    /** Running sessions followed at most (a listing page's bound); the newest are kept. */
    private static final int MAX_RUNNING = PageRequest.MAX_LIMIT;
    private static final int MAX_RECENT = 100;

    private final SseChannel channel;
    private final Tail tail;
    private final Database db;
    private final SessionFilter filter;
    /** The listing item last sent of each session sent as running, as JSON. Owned by this stream's thread. */
    private final Map<String, String> running = new HashMap<>();
    /**
     * Sessions whose end was sent, with their start, so that a look does not send them again; kept
     * while their start is inside the window of the next look.
     */
    private final Map<String, Instant> ended = new LinkedHashMap<>();
    private Instant lastLook;
    private long sent;

    SessionListStream(SseChannel channel, Tail tail, Database db, SessionFilter filter) {
        if (filter.status() != null || filter.active() != null) {
            throw new IllegalArgumentException("a sessions stream filters by agent, host, since and until only");
        }
        this.channel = channel;
        this.tail = tail;
        this.db = db;
        this.filter = filter;
    }

    SseChannel channel() {
        return channel;
    }

    @Override
    public void run() {
        channel.interruptOwnerOnClose();
        tail.watch(channel);
        try {
            follow();
        } catch (IOException e) {
            LOG.debug("sessions stream client gone after {} events: {}", sent, e.getMessage());
        } catch (InterruptedException e) {
            // The client went away (its close interrupts us) or the daemon is stopping.
        } catch (RuntimeException e) {
            LOG.warn("sessions stream failed after {} events: {}", sent, e.toString());
        } finally {
            tail.unwatch(channel);
            channel.releaseOwner();
            channel.finish();
        }
    }

    private void follow() throws IOException, InterruptedException {
        long seen = Long.MIN_VALUE;
        long quietSince = System.nanoTime();
        while (channel.isOpen()) {
            long changes = tail.changes();
            if (changes != seen) {
                seen = changes;
                look();
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > Follower.KEEP_ALIVE_MILLIS * 1_000_000) {
                channel.comment("keep-alive " + Json.time(Instant.now()));
                quietSince = System.nanoTime();
            }
            Thread.sleep(LOOK_MILLIS);
        }
    }

    private void look() throws IOException {
        Instant now = Instant.now();
        RowIds at = db.output().latestIds();
        String id = at.chunk() + "." + at.extraction() + "." + at.occurrence() + "." + at.stateChange();
        List<SessionSummary> active = db.sessions().listSummaries(filter.active(true),
                PageRequest.first(MAX_RUNNING)).items();
        Set<String> stillRunning = new HashSet<>();
        for (SessionSummary s : active) {
            String sessionId = s.session().sessionId();
            stillRunning.add(sessionId);
            String json = Json.write(SessionListView.of(s));
            if (!json.equals(running.put(sessionId, json))) {
                send(id, json);
            }
        }
        for (Iterator<String> it = running.keySet().iterator(); it.hasNext(); ) {
            String sessionId = it.next();
            if (!stillRunning.contains(sessionId)) {
                it.remove();
                var session = db.sessions().find(sessionId);
                if (session.isPresent() && session.get().status().isEnded()) {
                    send(id, Json.write(SessionListView.of(db.sessions().summarise(session.get()))));
                    ended.put(sessionId, session.get().startedAt());
                }
            }
        }
        if (lastLook != null) {
            sendStartedAndEnded(id, lastLook.minus(OVERLAP));
        }
        ended.values().removeIf(start -> start.isBefore(now.minus(OVERLAP)));
        lastLook = now;
        channel.flush();
    }

    /** The sessions of the filter that started after from and have already ended, not sent yet. */
    private void sendStartedAndEnded(String id, Instant from) throws IOException {
        Instant since = filter.startedSince() != null && filter.startedSince().isAfter(from) ? filter.startedSince()
                : from;
        for (SessionSummary s : db.sessions().listSummaries(filter.active(false).startedSince(since),
                PageRequest.first(MAX_RECENT)).items()) {
            String sessionId = s.session().sessionId();
            if (!running.containsKey(sessionId) && ended.putIfAbsent(sessionId, s.session().startedAt()) == null) {
                send(id, Json.write(SessionListView.of(s)));
            }
        }
    }

    private void send(String id, String json) throws IOException {
        channel.send("session", id, json);
        sent++;
    }
}
