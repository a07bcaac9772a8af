package dev.tapedeck.api;

import dev.tapedeck.api.http.Access;
import dev.tapedeck.api.http.BodyDeadline;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.OverviewRoute;
import dev.tapedeck.api.http.QueryRoutes;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.http.SessionRoutes;
import dev.tapedeck.api.export.CastRoute;
import dev.tapedeck.api.http.SessionTimelineRoutes;
import dev.tapedeck.api.export.ExportRoute;
import dev.tapedeck.api.metrics.Metrics;
import dev.tapedeck.api.replay.ReplayRoutes;
import dev.tapedeck.api.sse.StreamRoutes;
import dev.tapedeck.api.sse.StreamSlots;
import dev.tapedeck.api.sse.Tail;
import dev.tapedeck.api.web.Pages;
import dev.tapedeck.store.Database;
import dev.tapedeck.wrapper.OrphanedSessions;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tapedeck serve}: the HTTP daemon over one database that any number of recorders write.
 * Started in order (search indexer, tail, routes, listener) and closed in reverse: stop listening,
 * end every open stream, stop following, stop indexing. The database is the caller's.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    public static final int DEFAULT_MAX_AGENTS = 50;
    private static final long ORPHAN_CHECK_MILLIS = 5_000;

    private final Database db;
    private final Instant startedAt = Instant.now();
    private final SearchIndexing indexing;
    private final RetentionLoop retention;
    /**
     * Ends as interrupted, every few seconds, the sessions whose recorder on this host is gone, so
     * that a daemon running for weeks does not show them as running (in listings and in
     * {@code tapedeck_sessions_active}) until the next tapedeck opens the database.
     */
    private final BackgroundThread orphans;
    private final Tail tail;
    private final StreamRoutes streams;
    private final ReplayRoutes replays;
    private final Metrics metrics;
    private final Undertow server;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** How to run: where to listen, the agent label limit, access, retention and the clients' limits. */
    public record Options(String bind, int port, int maxAgents, Access.Settings access, RetentionPolicy retention,
                          HttpLimits limits) {
    }

    private Daemon(Database db, Options options) {
        this.db = db;
        this.indexing = new SearchIndexing(db);
        this.retention = new RetentionLoop(db, options.retention());
        this.orphans = BackgroundThread.repeating("orphans", ORPHAN_CHECK_MILLIS, () -> {
            int marked = OrphanedSessions.markInterrupted(db, false);
            if (marked > 0) {
                LOG.info("{} session(s) left running by a recorder that is gone are now 'interrupted'", marked);
            }
        });
        this.tail = new Tail(db);
        StreamSlots slots = new StreamSlots(options.limits().maxStreams());
        this.streams = new StreamRoutes(db, tail, slots);
        Routes routes = new Routes();
        routes.get("/api/health", JsonRoute.of(this::health));
        new QueryRoutes(db).register(routes);
        new OverviewRoute(db).register(routes);
        new SessionRoutes(db).register(routes);
        new SessionTimelineRoutes(db).register(routes);
        streams.register(routes);
        this.replays = new ReplayRoutes(db, slots);
        replays.register(routes);
        new ExportRoute(db).register(routes);
        new CastRoute(db).register(routes);
        Access access = new Access(routes.handler(), options.access());
        new Pages(access).register(routes);
        this.metrics = new Metrics(db, options.maxAgents());
        metrics.register(routes);
        metrics.gaugeStreams("live", () -> streams.openStreams("live"));
        metrics.gaugeStreams("events", () -> streams.openStreams("events"));
        metrics.gaugeStreams("sessions", () -> streams.openStreams("sessions"));
        metrics.gaugeStreams("replay", replays::running);
        metrics.gaugeReplays(replays::running);
        metrics.countSlowClients(tail::slowClientsDisconnected);
        metrics.countStreamLimit(slots::max, slots::rejected);
        this.server = Undertow.builder()
                .addHttpListener(options.port(), options.bind())
                .setIoThreads(2)
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, options.limits().headerTimeoutMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, options.limits().idleTimeoutMillis())
                .setHandler(metrics.timeRequests(new HttpContinueReadHandler(new BodyDeadline(
                        access, options.limits().headerTimeoutMillis()))))
                .build();
    }

    /** Starts a daemon on bind:port (port 0 picks a free one): no token, default limits, keeps everything. */
    public static Daemon start(Database db, String bind, int port) {
        return start(db, bind, port, HttpLimits.DEFAULT);
    }

    /** Starts a daemon on bind:port with these limits: no token, default agent labels, keeps everything. */
    public static Daemon start(Database db, String bind, int port, HttpLimits limits) {
        return start(db, new Options(bind, port, DEFAULT_MAX_AGENTS, Access.Settings.OPEN, RetentionPolicy.KEEP_ALL,
                limits));
    }

    /** Starts a daemon; port 0 picks a free one. */
    public static Daemon start(Database db, Options options) {
        Daemon daemon = new Daemon(db, options);
        daemon.indexing.start();
        daemon.retention.start();
        daemon.orphans.start();
        daemon.tail.start();
        try {
            daemon.server.start();
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    }

    /**
     * The health answer: status, version, uptime, database and schema version. The database is its
     * absolute path only for a request that carries the daemon's token; anyone else (and everyone
     * when the daemon has no token) gets the file name alone, as health is open to all.
     */
    public record Health(String status, String version, double uptimeSeconds, String database, int schemaVersion,
                         Streams streams) {
    }

    /** Open SSE streams by kind, and live clients cut off for not reading. */
    public record Streams(long live, long events, long sessions, long replays, long slowClientsDisconnected) {
    }

    private Health health(HttpServerExchange exchange) {
        Params.of(exchange, Set.of());
        return new Health("ok", Main.Version.current(), Duration.between(startedAt, Instant.now()).toMillis() / 1000.0,
                databaseShownTo(exchange), db.schemaVersion(), new Streams(streams.openStreams("live"),
                streams.openStreams("events"), streams.openStreams("sessions"), replays.running(),
                tail.slowClientsDisconnected()));
    }

    private String databaseShownTo(HttpServerExchange exchange) {
        if (Access.carriedToken(exchange)) {
            return db.location();
        }
        java.nio.file.Path name = java.nio.file.Path.of(db.location()).getFileName();
        return name == null ? db.location() : name.toString();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        LOG.info("stopping: closing open streams");
        try {
            server.stop();
        } finally {
            replays.close();
            streams.close();
            tail.close();
            orphans.close();
            retention.close();
            indexing.close();
            metrics.close();
        }
    }
}
