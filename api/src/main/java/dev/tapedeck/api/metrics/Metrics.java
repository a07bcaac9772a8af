package dev.tapedeck.api.metrics;

import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.store.Database;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The daemon's Prometheus metrics, served at {@code GET /metrics} in the text format. Counts of
 * what was recorded come from the database ({@link StoredCounters}); the daemon's own state and
 * HTTP timings are measured here; the JVM and process through Micrometer's standard binders.
 * Scrapes are serialised: each refreshes the stored counters, then writes the registry.
 */
public final class Metrics implements AutoCloseable {
    /** The buckets of the HTTP and query histograms. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(10),
        Duration.ofSeconds(60)};
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StoredCounters stored;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Object scrapeLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<LongSupplier> suppliers = new CopyOnWriteArrayList<>();

    public Metrics(Database db, int maxAgents) {
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents must be at least 1, got " + maxAgents);
        }
        // Two of Micrometer's standard meters break the Prometheus naming rules that promtool checks:
        // process.cpu.time is exported in nanoseconds (process_cpu_usage covers it) and
        // system.cpu.count would end in _count, which is reserved for histograms and summaries.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        this.stored = new StoredCounters(db, registry, maxAgents);
        Gauge.builder("tapedeck.database.size", db, d -> d.counters().diskUse().mainBytes()).baseUnit("bytes")
                .description("Size of the database file").tag("file", "main").register(registry);
        Gauge.builder("tapedeck.database.size", db, d -> d.counters().diskUse().walBytes()).baseUnit("bytes")
                .description("Size of the database file").tag("file", "wal").register(registry);
        Gauge.builder("tapedeck.schema.version", db, Database::schemaVersion)
                .description("Schema version of the database").register(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Open SSE streams of one kind (live, events, replay), read at each scrape. */
    public void gaugeStreams(String kind, LongSupplier open) {
        Gauge.builder("tapedeck.sse.streams", hold(open), s -> s.getAsLong()).tag("kind", kind)
                .description("Server-Sent Events streams open now").register(registry);
    }

    public void gaugeReplays(LongSupplier running) {
        Gauge.builder("tapedeck.replays.running", hold(running), s -> s.getAsLong())
                .description("Replays running now").register(registry);
    }

    public void countSlowClients(LongSupplier disconnected) {
        FunctionCounter.builder("tapedeck.sse.slow.clients.disconnected", hold(disconnected), s -> s.getAsLong())
                .description("SSE clients disconnected because they stopped reading").register(registry);
    }

    /** The cap on open SSE streams and the streams refused (503) because it was reached. */
    public void countStreamLimit(LongSupplier max, LongSupplier rejected) {
        Gauge.builder("tapedeck.sse.streams.max", hold(max), s -> s.getAsLong())
                .description("SSE streams (live and replays) that may be open at once (serve --max-streams)")
                .register(registry);
        FunctionCounter.builder("tapedeck.sse.rejected", hold(rejected), s -> s.getAsLong())
                .description("SSE streams refused with a 503 because --max-streams were open").register(registry);
    }

    /** Micrometer holds a meter's object weakly, and these suppliers exist nowhere else. */
    private LongSupplier hold(LongSupplier supplier) {
        suppliers.add(supplier);
        return supplier;
    }

    /** Registers {@code GET /metrics}. */
    public void register(Routes routes) {
        routes.get("/metrics", this::scrape);
    }

    /**
     * Wraps the daemon's handler to time every request by route template (never the raw path),
     * method and status; routes answered by {@link JsonRoute} also report the time of the query
     * itself. A stream's time is its whole life.
     */
    public HttpHandler timeRequests(HttpHandler next) {
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((done, proceed) -> {
                try {
                    record(done, System.nanoTime() - start);
                } finally {
                    proceed.proceed();
                }
            });
            next.handleRequest(exchange);
        };
    }

    private void record(HttpServerExchange exchange, long nanos) {
        String route = exchange.getAttachment(Routes.TEMPLATE);
        String routeLabel = route == null ? "unmatched" : route;
        String method = route == null ? "other" : exchange.getRequestMethod().toString();
        Timer.builder("tapedeck.http.server.requests")
                .description("HTTP requests by route template, method and status; for streams, their whole life")
                .tags(Tags.of("route", routeLabel, "method", method, "status",
                        Integer.toString(exchange.getStatusCode())))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        Long queryNanos = exchange.getAttachment(JsonRoute.BODY_NANOS);
        if (queryNanos != null) {
            Timer.builder("tapedeck.query.duration")
                    .description("Time a query route spent reading the database and building its answer")
                    .tag("route", routeLabel)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry)
                    .record(queryNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void scrape(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::scrape);
            return;
        }
        String text;
        try {
            Params.of(exchange, Set.of());
            synchronized (scrapeLock) {
                stored.refresh();
                text = registry.scrape();
            }
        } catch (RuntimeException e) {
            JsonRoute.sendFailure(exchange, e);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT_FORMAT);
        exchange.getResponseSender().send(text);
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            gc.close();
            registry.close();
        }
    }
}
