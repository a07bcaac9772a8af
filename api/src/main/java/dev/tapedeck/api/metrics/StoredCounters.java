package dev.tapedeck.api.metrics;

import dev.tapedeck.store.Counters;
import dev.tapedeck.store.Database;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's counters and active sessions as meters. Before each scrape {@link #refresh()}
 * reads {@code metric_counters} and the running sessions (two small queries, whatever the size of
 * the database) and sets one holder per label set; a label set seen for the first time gets its
 * meter then. Agents past the first {@code maxAgents} (in the order first seen, which never
 * changes) are summed under {@code agent="other"}, so the number of series stays bounded and a
 * series never moves between labels. Called by the scraping thread, under the {@link Metrics} lock.
 */
final class StoredCounters {
    static final String OTHER = "other";

    private record Kind(String meter, String description, String baseUnit, String labelTag, boolean riskTag) {
    }

    private static final Map<Counters.Metric, Kind> KINDS = Map.of(
            Counters.Metric.LINES, new Kind("tapedeck.lines", "Output lines recorded", null, "stream", false),
            Counters.Metric.OUTPUT_BYTES, new Kind("tapedeck.output", "Bytes of output recorded", "bytes", null,
                    false),
            Counters.Metric.EXTRACTIONS, new Kind("tapedeck.extractions", "Extraction events recorded", null, "type",
                    true),
            Counters.Metric.CODE_BLOCKS, new Kind("tapedeck.code.blocks", "Fenced code blocks seen", null, null,
                    false),
            Counters.Metric.DUPLICATE_CODE_BLOCKS, new Kind("tapedeck.duplicate.code.blocks",
                    "Code blocks seen again with content already stored", null, null, false),
            Counters.Metric.SESSIONS_ENDED, new Kind("tapedeck.sessions.ended", "Sessions ended, by final status",
                    null, "status", false),
            Counters.Metric.DROPPED_LINES, new Kind("tapedeck.lines.dropped",
                    "Output lines not recorded because recording could not keep up or failed", null, null, false),
            Counters.Metric.REDACTIONS, new Kind("tapedeck.redactions",
                    "Secrets replaced in recorded output, by kind", null, "kind", false));

    private final Database db;
    private final MeterRegistry registry;
    private final int maxAgents;
    private final Map<Tags, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();

    StoredCounters(Database db, MeterRegistry registry, int maxAgents) {
        this.db = db;
        this.registry = registry;
        this.maxAgents = maxAgents;
    }

    void refresh() {
        Map<Tags, Long> values = new HashMap<>();
        Map<Tags, Counters.Metric> metricOf = new HashMap<>();
        for (Counters.Counter c : db.counters().listCounters()) {
            Kind kind = KINDS.get(c.metric());
            Tags tags = Tags.of("agent", agentLabel(c.agentName(), c.agentRank()));
            if (kind.labelTag() != null) {
                tags = tags.and(kind.labelTag(), c.label());
            }
            if (kind.riskTag()) {
                tags = tags.and("risk", c.riskLevel().isEmpty() ? "none" : c.riskLevel());
            }
            Tags key = tags.and("__metric", c.metric().name());
            values.merge(key, c.value(), Long::sum);
            metricOf.put(key, c.metric());
        }
        for (Map.Entry<Tags, Long> entry : values.entrySet()) {
            counters.computeIfAbsent(entry.getKey(), key -> register(metricOf.get(key), key)).set(entry.getValue());
        }
        Map<String, Long> running = new HashMap<>();
        for (Counters.Active a : db.counters().listActive()) {
            running.merge(agentLabel(a.agentName(), a.agentRank()), a.sessions(), Long::sum);
        }
        active.forEach((agent, holder) -> holder.set(running.getOrDefault(agent, 0L)));
        running.forEach((agent, n) -> active.computeIfAbsent(agent, this::registerActive).set(n));
    }

    private String agentLabel(String agent, long rank) {
        return rank <= maxAgents ? agent : OTHER;
    }

    private AtomicLong register(Counters.Metric metric, Tags key) {
        Kind kind = KINDS.get(metric);
        AtomicLong holder = new AtomicLong();
        Tags tags = Tags.of(key.stream().filter(t -> !t.getKey().equals("__metric")).toList());
        FunctionCounter.builder(kind.meter(), holder, AtomicLong::doubleValue)
                .description(kind.description() + " (kept in the database: survives restarts and retention)")
                .baseUnit(kind.baseUnit())
                .tags(tags)
                .register(registry);
        return holder;
    }

    private AtomicLong registerActive(String agent) {
        AtomicLong holder = new AtomicLong();
        Gauge.builder("tapedeck.sessions.active", holder, AtomicLong::doubleValue)
                .description("Sessions being recorded now")
                .tags(List.of(io.micrometer.core.instrument.Tag.of("agent", agent)))
                .register(registry);
        return holder;
    }
}
