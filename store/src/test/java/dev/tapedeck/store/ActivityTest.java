package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.createSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityTest {
    private static final Instant HOUR = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = TestSupport.open(dir);
        createSession(db, "s-1", "claude", HOUR);
        createSession(db, "s-2", "codex", HOUR);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void timelineCountsEveryEventOfTheRangeByBucketAndType() {
        for (int minute = 0; minute < 150; minute++) {
            Instant at = HOUR.plus(Duration.ofMinutes(minute)).plusMillis(123);
            db.writes().append(Extraction.of("claude", "s-1", at, minute % 3 == 0 ? "error" : "warning", "p", "x"));
            db.writes().append(Extraction.of("codex", "s-2", at, "error", "p", "y"));
        }
        db.flush();

        List<Activity.TimelineBucket> hours = db.activity().timeline("claude", HOUR,
                HOUR.plus(Duration.ofHours(3)), Activity.Bucket.HOUR);
        assertThat(hours).extracting(Activity.TimelineBucket::start)
                .containsExactly(HOUR, HOUR.plusSeconds(3600), HOUR.plusSeconds(7200));
        assertThat(hours.get(0).byType()).isEqualTo(Map.of("error", 20L, "warning", 40L));
        assertThat(hours.get(2).total()).isEqualTo(30);

        List<Activity.TimelineBucket> all = db.activity().timeline(null, HOUR.plusSeconds(3600),
                HOUR.plusSeconds(3660), Activity.Bucket.MINUTE);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).byType()).isEqualTo(Map.of("error", 2L));
    }

    @Test
    void sessionTimelineCountsTheSessionsOwnEventsInBucketsFromItsStart() throws Exception {
        Instant start = HOUR.plusMillis(250);
        db.writes().append(Extraction.of("claude", "s-1", start.minusMillis(5), "error", "p", "early clock"));
        db.writes().append(Extraction.of("claude", "s-1", start.plusMillis(999), "error", "p", "a"));
        db.writes().append(Extraction.of("claude", "s-1", start.plusMillis(1_000), "warning", "p", "b"));
        db.writes().append(Extraction.of("claude", "s-1", start.plusMillis(1_999), "error", "p", "c"));
        db.writes().append(Extraction.of("claude", "s-1", start.plusSeconds(7), "error", "p", "d"));
        db.writes().append(Extraction.of("codex", "s-2", start.plusMillis(10), "error", "p", "other session"));
        db.flush();

        List<Activity.TimelineBucket> seconds = db.activity().sessionTimeline("s-1", start, Duration.ofSeconds(1));
        assertThat(seconds).extracting(Activity.TimelineBucket::start)
                .containsExactly(start, start.plusSeconds(1), start.plusSeconds(7));
        assertThat(seconds).extracting(Activity.TimelineBucket::byType).containsExactly(Map.of("error", 2L),
                Map.of("error", 1L, "warning", 1L), Map.of("error", 1L));
        assertThat(db.activity().sessionTimeline("s-1", start, Duration.ofSeconds(5)))
                .extracting(Activity.TimelineBucket::total).containsExactly(4L, 1L);
        assertThat(db.activity().sessionTimeline("s-3", start, Duration.ofSeconds(1))).isEmpty();
        assertThat(TestSupport.queryPlan(dir.resolve("tapedeck.db"), Activity.SESSION_TIMELINE))
                .contains("idx_extractions_session_time");
    }

    /** Whole hours read the hourly rollup, partial ones the minutes: the sum is the same either way. */
    @Test
    void hourAndDayTimelinesWithPartialHoursAtBothEndsCountExactly() {
        java.util.Random random = new java.util.Random(7);
        List<Instant> times = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Instant at = HOUR.plusSeconds(random.nextInt(30 * 3600));
            times.add(at);
            db.writes().append(Extraction.of("claude", "s-1", at, "error", "p", "x"));
        }
        db.flush();
        Instant from = HOUR.plus(Duration.ofMinutes(97));
        Instant to = HOUR.plus(Duration.ofHours(26)).plus(Duration.ofMinutes(13));
        for (Activity.Bucket bucket : Activity.Bucket.values()) {
            Map<Instant, Long> want = new java.util.TreeMap<>();
            long fromMinute = from.getEpochSecond() / 60;
            for (Instant at : times) {
                long minute = at.getEpochSecond() / 60;
                if (minute >= fromMinute && at.isBefore(to)) {
                    want.merge(Instant.ofEpochSecond(minute / bucket.minutes() * bucket.minutes() * 60), 1L, Long::sum);
                }
            }
            Map<Instant, Long> got = new java.util.TreeMap<>();
            db.activity().timeline("claude", from, to, bucket).forEach(b -> got.put(b.start(), b.total()));
            assertThat(got).as(bucket.wireName()).isEqualTo(want);
        }
    }

    @Test
    void timelineRefusesAnEmptyRangeAndTooManyBuckets() {
        assertThatThrownBy(() -> db.activity().timeline(null, HOUR, HOUR, Activity.Bucket.MINUTE))
                .hasMessageContaining("to must be after from");
        assertThatThrownBy(() -> db.activity().timeline(null, HOUR, HOUR.plus(Duration.ofDays(30)),
                Activity.Bucket.MINUTE)).hasMessageContaining("at most 10000 buckets, got 43200");
    }

    @Test
    void patternStatsCountPerAgentAndDay() {
        db.writes().append(Extraction.of("claude", "s-1", HOUR, "error", "rust_error", "a"));
        db.writes().append(Extraction.of("claude", "s-1", HOUR.plus(Duration.ofDays(1)), "error", "rust_error", "b"));
        db.writes().append(Extraction.of("codex", "s-2", HOUR, "error", "rust_error", "c"));
        db.writes().append(Extraction.of("codex", "s-2", HOUR, "error", "other", "d"));
        db.flush();

        Activity.PatternStats stats = db.activity().patternStats("rust_error");
        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.byAgent()).isEqualTo(Map.of("claude", 2L, "codex", 1L));
        assertThat(stats.byDay()).extracting(Activity.DayCount::count).containsExactly(2L, 1L);
        assertThat(stats.byDay().get(0).day()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(db.activity().patternStats("never").total()).isZero();
    }

    @Test
    void agentSessionsCountByStatusWithSuccessRateAndAverageDuration() {
        createSession(db, "s-3", "claude", HOUR.plusSeconds(10));
        createSession(db, "s-4", "claude", HOUR.plusSeconds(20));
        db.writes().append(new SessionEnd("s-1", SessionStatus.COMPLETED, 0, HOUR.plusSeconds(30), 0, null));
        db.writes().append(new SessionEnd("s-3", SessionStatus.FAILED, 1, HOUR.plusSeconds(20), 0, null));
        db.flush();

        AgentSessions sessions = db.sessions().agentSessions("claude");
        assertThat(sessions.total()).isEqualTo(3);
        assertThat(sessions.byStatus()).isEqualTo(Map.of("completed", 1L, "failed", 1L, "running", 1L));
        assertThat(sessions.successRate()).isEqualTo(0.5);
        assertThat(sessions.averageDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(sessions.firstStarted()).isEqualTo(HOUR);
        assertThat(sessions.lastActive()).isEqualTo(HOUR.plusSeconds(30));
        assertThat(db.sessions().agentSessions("nobody").successRate()).isNull();
    }
}
