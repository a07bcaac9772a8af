package dev.tapedeck.api.sse;

import dev.tapedeck.store.CodeBlockSighting;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.OutputChunk;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RowIds;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.StateChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the database for every live stream at once: one thread ("sse-tail") polls every 100 ms
 * for rows committed since its last look (by any process) and hands each to the followers that want
 * it. Reading once for all clients keeps the database load flat however many clients watch.
 *
 * <p>A follower's queue is bounded; when it is full the follower is marked lagging and catches up
 * from the database itself, so nothing is lost and no client can make the tail wait. The same
 * thread is the watchdog: a client whose write has been stuck for {@link #SLOW_CLIENT_NANOS} has
 * stopped reading; it is disconnected and counted.
 */
public final class Tail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tail.class);
    static final long POLL_MILLIS = 100;
    static final long SLOW_CLIENT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int PAGE = 1000;
    private static final int AGENT_CACHE = 4096;

    private final Database db;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** Streams that are not followers (the session listing's) but are watched for slow clients all the same. */
    private final List<SseChannel> watched = new CopyOnWriteArrayList<>();
    /** How many polls saw new rows (of any process); bumped by the tail thread, read by listing streams. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong slowClients = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    /** Owned by the tail thread. */
    private RowIds seen;
    private final Map<String, String> agents = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > AGENT_CACHE;
        }
    };

    public Tail(Database db) {
        this.db = db;
        this.seen = db.output().latestIds();
        this.thread = new Thread(this::loop, "sse-tail");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    void subscribe(Follower follower) {
        followers.add(follower);
    }

    void unsubscribe(Follower follower) {
        followers.remove(follower);
    }

    /** Watches a stream that is not a follower for a client that stopped reading. */
    void watch(SseChannel channel) {
        watched.add(channel);
    }

    void unwatch(SseChannel channel) {
        watched.remove(channel);
    }

    /**
     * A number that grows each time the tail sees rows committed since its last look (lines, events,
     * code blocks, state changes: a session starting, printing or ending), so that a stream can tell
     * whether anything happened without asking the database.
     */
    long changes() {
        return changes.get();
    }

    /** Clients disconnected because they stopped reading. */
    public long slowClientsDisconnected() {
        return slowClients.get();
    }

    public int followerCount() {
        return followers.size();
    }

    private void loop() {
        long failures = 0;
        while (!closed.get()) {
            try {
                poll();
                evictSlowClients();
                if (failures > 0) {
                    LOG.info("following the database works again after {} failed polls", failures);
                    failures = 0;
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || failures % 100 == 0) {
                    LOG.warn("following the database failed (failures={}): {}", failures, e.getMessage());
                }
                try {
                    Thread.sleep(Math.min(5_000, POLL_MILLIS * failures));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void poll() {
        RowIds latest = db.output().latestIds();
        if (latest.equals(seen)) {
            return;
        }
        changes.incrementAndGet();
        long chunk = followChunks(latest.chunk());
        long extraction = seen.extraction();
        while (extraction < latest.extraction()) {
            List<Extraction> events = db.extractions().listAfter(extraction, ExtractionFilter.ALL, PAGE);
            if (events.isEmpty()) {
                break;
            }
            events.forEach(x -> publish(new StreamItem.Event(x)));
            extraction = events.get(events.size() - 1).id();
        }
        long occurrence = seen.occurrence();
        while (occurrence < latest.occurrence()) {
            List<CodeBlockSighting> sightings = db.codeBlocks().listSightingsAfter(occurrence, null, null, PAGE);
            if (sightings.isEmpty()) {
                break;
            }
            sightings.forEach(s -> publish(new StreamItem.Block(s)));
            occurrence = sightings.get(sightings.size() - 1).occurrenceId();
        }
        long state = seen.stateChange();
        while (state < latest.stateChange()) {
            List<StateChange> changes = db.sessions().listStateChangesAfter(state, null, null, PAGE);
            if (changes.isEmpty()) {
                break;
            }
            changes.forEach(c -> publish(new StreamItem.State(c, agentOf(c.sessionId()))));
            state = changes.get(changes.size() - 1).id();
        }
        seen = new RowIds(chunk, extraction, state, occurrence);
    }

    /** Publishes new lines when some follower wants lines; otherwise only moves past them. */
    private long followChunks(long latest) {
        long chunk = seen.chunk();
        if (followers.stream().noneMatch(Follower::wantsLines)) {
            return latest;
        }
        while (chunk < latest) {
            List<OutputChunk> chunks = db.output().listChunksAfter(chunk, 64);
            if (chunks.isEmpty()) {
                break;
            }
            for (OutputChunk c : chunks) {
                if (followers.stream().anyMatch(f -> f.wantsLinesOf(c.sessionId()))) {
                    for (OutputLine line : c.lines()) {
                        publish(new StreamItem.Line(line));
                    }
                }
                chunk = c.id();
            }
        }
        return chunk;
    }

    private void publish(StreamItem item) {
        for (Follower follower : followers) {
            if (follower.matches(item)) {
                follower.offer(item);
            }
        }
    }

    private String agentOf(String sessionId) {
        String agent = agents.get(sessionId);
        if (agent == null) {
            agent = db.sessions().find(sessionId).map(Session::agentName).orElse(null);
            if (agent != null) {
                agents.put(sessionId, agent);
            }
        }
        return agent;
    }

    private void evictSlowClients() {
        long now = System.nanoTime();
        for (Follower follower : followers) {
            long since = follower.channel().blockedSinceNanos();
            if (since != 0 && now - since > SLOW_CLIENT_NANOS) {
                slowClients.incrementAndGet();
                LOG.info("disconnecting a {} stream client that stopped reading for {} s", follower.kindName(),
                        TimeUnit.NANOSECONDS.toSeconds(now - since));
                follower.channel().close();
                followers.remove(follower);
            }
        }
        for (SseChannel channel : watched) {
            long since = channel.blockedSinceNanos();
            if (since != 0 && now - since > SLOW_CLIENT_NANOS) {
                slowClients.incrementAndGet();
                LOG.info("disconnecting a sessions stream client that stopped reading for {} s",
                        TimeUnit.NANOSECONDS.toSeconds(now - since));
                channel.close();
                watched.remove(channel);
            }
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
