package dev.tapedeck.api.http;

import dev.tapedeck.store.Activity;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Overview;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/query/overview}: one agent's (or every agent's) sessions, lines, errors,
 * high-risk commands, tokens and cost over a time range, bucketed by hour or day, with its most
 * frequent errors; the overview page's one read. The store does the reading ({@link Overview}).
 */
public final class OverviewRoute {
    private static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final Database db;

    public OverviewRoute(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/query/overview", JsonRoute.of(this::overview));
    }

    public record BucketView(Instant start, Map<String, Long> sessions, long lines, long errors,
                             long highRiskCommands, Long inputTokens, Long outputTokens, Double costUsd) {
        static BucketView of(Overview.Bucket b) {
            return new BucketView(b.start(), b.sessionsByStatus(), b.lines(), b.errors(), b.highRisk(),
                    b.inputTokens(), b.outputTokens(), b.costUsd());
        }
    }

    public record Totals(long sessions, Map<String, Long> sessionsByStatus, long lines, long errors,
                         long highRiskCommands, Long inputTokens, Long outputTokens, Double costUsd) {
    }

    public record FrequentErrorView(String value, String eventType, long count, long sessions, String lastSessionId,
                                    Instant lastSeen) {
        static FrequentErrorView of(Overview.FrequentError e) {
            return new FrequentErrorView(e.value(), e.eventType(), e.count(), e.sessions(), e.lastSessionId(),
                    e.lastSeen());
        }
    }

    public record OverviewView(String agent, Instant since, Instant until, String bucket, Totals totals,
                               List<BucketView> buckets, List<FrequentErrorView> frequentErrors,
                               boolean errorsCutShort, List<String> agents) {
    }

    OverviewView overview(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "since", "until", "bucket", "errors"));
        Activity.Bucket bucket = p.choice("bucket", OverviewRoute::bucket);
        bucket = bucket == null ? Activity.Bucket.HOUR : bucket;
        Instant until = p.time("until");
        until = until == null ? Instant.now() : until;
        Instant since = p.time("since");
        since = since == null ? until.minus(DEFAULT_RANGE) : since;
        if (!until.isAfter(since)) {
            throw HttpError.badRequest("until must be after since (" + Json.time(since) + "), got " + Json.time(until));
        }
        int errors = (int) p.number("errors", 10, 1, 100);
        Overview.AgentOverview o = db.overview().read(p.text("agent"), since, until, bucket, errors);
        List<BucketView> buckets = o.buckets().stream().map(BucketView::of).toList();
        return new OverviewView(o.agentName(), o.since(), o.until(), o.width().wireName(), totals(o.buckets()), buckets,
                o.frequentErrors().stream().map(FrequentErrorView::of).toList(), o.errorsCutShort(), o.agents());
    }

    private static Totals totals(List<Overview.Bucket> buckets) {
        Map<String, Long> byStatus = new TreeMap<>();
        long lines = 0;
        long errors = 0;
        long highRisk = 0;
        for (Overview.Bucket b : buckets) {
            b.sessionsByStatus().forEach((status, n) -> byStatus.merge(status, n, Long::sum));
            lines += b.lines();
            errors += b.errors();
            highRisk += b.highRisk();
        }
        Long input = sum(buckets.stream().map(Overview.Bucket::inputTokens).filter(Objects::nonNull).toList());
        Long output = sum(buckets.stream().map(Overview.Bucket::outputTokens).filter(Objects::nonNull).toList());
        List<Double> costs = buckets.stream().map(Overview.Bucket::costUsd).filter(Objects::nonNull).toList();
        Double cost = costs.isEmpty() ? null : costs.stream().mapToDouble(Double::doubleValue).sum();
        return new Totals(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, lines, errors, highRisk,
                input, output, cost);
    }

    private static Long sum(List<Long> values) {
        return values.isEmpty() ? null : values.stream().mapToLong(Long::longValue).sum();
    }

    private static Activity.Bucket bucket(String text) {
        return switch (text) {
            case "hour" -> Activity.Bucket.HOUR;
            case "day" -> Activity.Bucket.DAY;
            default -> throw new IllegalArgumentException("bucket must be hour or day, got '" + text + "'");
        };
    }
}
