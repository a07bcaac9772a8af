package dev.tapedeck.api.http;

import dev.tapedeck.store.Activity;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A session's events over time, for the session page's chart and its event filters: buckets of a
 * whole number of seconds from the session's start (the player's clock), with the session's
 * counts by type and by risk. Read from the session's own events, so a bucket can be a second.
 */
public final class SessionTimelineRoutes {
    /** Bucket widths the route picks from, in seconds, so that a session spans at most TARGET of them. */
    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
        21600, 43200, 86400};
    private static final long TARGET = 120;
    private static final long MAX_BUCKET_SECONDS = 86_400;

    private final Database db;

    public SessionTimelineRoutes(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/query/session/{id}/timeline", JsonRoute.of(this::timeline));
    }

    /** One bucket: {@code offset_seconds} from the session's start, and its events by type. */
    public record SessionBucket(long offsetSeconds, Instant start, long total, Map<String, Long> byType) {
    }

    public record SessionTimeline(String sessionId, Instant startedAt, double spanSeconds, long bucketSeconds,
                                  long total, Map<String, Long> byType, Map<String, Long> byRisk,
                                  List<SessionBucket> buckets) {
    }

    SessionTimeline timeline(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("bucket"));
        Session session = QueryRoutes.requireSession(db, p.path("id"));
        Instant end = session.endedAt() == null ? Instant.now() : session.endedAt();
        double span = Math.max(0, Duration.between(session.startedAt(), end).toNanos() / 1e9);
        long bucket = p.number("bucket", 0, 1, MAX_BUCKET_SECONDS);
        if (bucket == 0) {
            bucket = bucketFor(span);
        } else if (span / bucket > Activity.MAX_BUCKETS) {
            throw HttpError.badRequest("bucket " + bucket + " s cuts the session's " + Math.round(span)
                    + " s into more than " + Activity.MAX_BUCKETS + " buckets; give a wider one");
        }
        List<Activity.TimelineBucket> buckets = db.activity().sessionTimeline(session.sessionId(),
                session.startedAt(), Duration.ofSeconds(bucket));
        Map<String, Long> byType = new TreeMap<>();
        long total = 0;
        for (Activity.TimelineBucket b : buckets) {
            b.byType().forEach((type, n) -> byType.merge(type, n, Long::sum));
            total += b.total();
        }
        List<SessionBucket> views = buckets.stream().map(b -> new SessionBucket(
                Duration.between(session.startedAt(), b.start()).toSeconds(), b.start(), b.total(), b.byType()))
                .toList();
        return new SessionTimeline(session.sessionId(), session.startedAt(), span, bucket, total, byType,
                db.extractions().countByRisk(session.sessionId()), views);
    }

    /** The narrowest step that cuts span into at most TARGET buckets; whole days past the last step. */
    static long bucketFor(double span) {
        for (long step : STEPS) {
            if (span / step <= TARGET) {
                return step;
            }
        }
        return (long) Math.ceil(span / TARGET / MAX_BUCKET_SECONDS) * MAX_BUCKET_SECONDS;
    }
}
