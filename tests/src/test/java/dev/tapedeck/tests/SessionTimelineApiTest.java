package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the session page's events section reads over a real daemon: the session's timeline
 * ({@code /api/query/session/{id}/timeline}: buckets of seconds from its start, counts by type and
 * risk) and the text filter of {@code /api/query/extractions}.
 */
class SessionTimelineApiTest {
    private static final String ID = "20261202-150000-abc123";
    private static final Instant START = Instant.parse("2026-12-02T15:00:00Z");
    private static final String RUNNING = "20261202-160000-def456";
    private static final String FOLLOWED = "20261202-170000-aaa789";

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            LsCommandTest.session(d, ID, "claude", "h1", START, "claude -p fix", 3);
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(500), "error", "generic_error", "Boom here")
                    .withLine(1, "error: Boom here"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(1_500), "warning", "generic_warning", "careful")
                    .withLine(2, "warning: careful, BOOM ahead"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(1_700), "error", "generic_error", "again")
                    .withLine(3, "error: again"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(9_900), "shell_command", "bash", "rm -rf /")
                    .withRisk(RiskLevel.HIGH, false));
            d.writes().append(new SessionEnd(ID, SessionStatus.COMPLETED, 0, START.plusSeconds(10), 0, null));
            LsCommandTest.session(d, RUNNING, "claude", "h1", START.plusSeconds(3600), "sleep", 1);
            LsCommandTest.session(d, FOLLOWED, "claude", "h1", START.plusSeconds(7200), "sleep", 1);
            d.writes().append(Extraction.of("claude", FOLLOWED, START.plusSeconds(7200), "error", "generic_error", "old"));
            d.flush();
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    @Test
    void timelineCountsTheSessionsEventsInBucketsOfSecondsFromItsStart() throws Exception {
        Served.Answer answer = served.get("/api/query/session/abc123/timeline?bucket=1");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject t = answer.json();
        assertThat(t.get("session_id").getAsString()).isEqualTo(ID);
        assertThat(t.get("started_at").getAsString()).isEqualTo("2026-12-02T15:00:00.000000Z");
        assertThat(t.get("span_seconds").getAsDouble()).isEqualTo(10.0);
        assertThat(t.get("bucket_seconds").getAsLong()).isEqualTo(1);
        assertThat(t.get("total").getAsLong()).isEqualTo(4);
        assertThat(counts(t.getAsJsonObject("by_type"))).isEqualTo(Map.of("error", 2L, "warning", 1L, "shell_command", 1L));
        assertThat(counts(t.getAsJsonObject("by_risk"))).isEqualTo(Map.of("high", 1L));
        JsonArray buckets = t.getAsJsonArray("buckets");
        assertThat(buckets.asList()).extracting(b -> b.getAsJsonObject().get("offset_seconds").getAsLong())
                .containsExactly(0L, 1L, 9L);
        assertThat(counts(buckets.get(1).getAsJsonObject().getAsJsonObject("by_type")))
                .isEqualTo(Map.of("error", 1L, "warning", 1L));
        assertThat(buckets.get(1).getAsJsonObject().get("total").getAsLong()).isEqualTo(2);
        assertThat(buckets.get(2).getAsJsonObject().get("start").getAsString()).isEqualTo("2026-12-02T15:00:09.000000Z");
    }

    @Test
    void timelinePicksABucketThatCutsTheSessionIntoAtMost120() throws Exception {
        assertThat(served.get("/api/query/session/" + ID + "/timeline").json().get("bucket_seconds").getAsLong())
                .isEqualTo(1);
        JsonObject five = served.get("/api/query/session/" + ID + "/timeline?bucket=5").json();
        assertThat(five.getAsJsonArray("buckets").asList()).extracting(b -> b.getAsJsonObject().get("total").getAsLong())
                .containsExactly(3L, 1L);
        // A session still running spans until now (more than a day here), so wider buckets: at most 120
        // of them, and more than 40 (the steps grow by at most 2.5 times).
        JsonObject running = served.get("/api/query/session/" + RUNNING + "/timeline").json();
        double span = running.get("span_seconds").getAsDouble();
        long bucket = running.get("bucket_seconds").getAsLong();
        assertThat(span / bucket).isLessThanOrEqualTo(120);
        assertThat(span / bucket).isGreaterThan(40);
        assertThat(running.getAsJsonArray("buckets")).isEmpty();
        assertThat(running.get("total").getAsLong()).isZero();
    }

    @Test
    void timelineRefusesABadBucketAndAnUnknownSession() throws Exception {
        for (String bad : new String[] {"0", "86401", "x", "1.5"}) {
            Served.Answer answer = served.get("/api/query/session/" + ID + "/timeline?bucket=" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("detail").getAsString()).as(bad).startsWith("bucket must be");
        }
        Served.Answer tooMany = served.get("/api/query/session/" + RUNNING + "/timeline?bucket=1");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("detail").getAsString()).contains("more than 10000 buckets");
        assertThat(served.get("/api/query/session/nope/timeline").status()).isEqualTo(404);
        assertThat(served.get("/api/query/session/" + ID + "/timeline?from=1h").status()).isEqualTo(400);
    }

    @Test
    void extractionsTextFilterMatchesTheValueOrTheLineIgnoringCase() throws Exception {
        assertThat(values("/api/query/extractions?session=abc123&order=oldest&text=boom"))
                .containsExactly("Boom here", "careful");
        assertThat(values("/api/query/extractions?session=abc123&order=oldest&text=BOOM&type=error"))
                .containsExactly("Boom here");
        assertThat(values("/api/query/extractions?session=abc123&text=rm%20-rf")).containsExactly("rm -rf /");
        // % and _ are plain characters, not LIKE's wildcards.
        assertThat(values("/api/query/extractions?session=abc123&text=%25")).isEmpty();
        assertThat(values("/api/query/extractions?session=abc123&text=nothing%20like%20it")).isEmpty();
        Served.Answer noSession = served.get("/api/query/extractions?text=boom");
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.json().get("detail").getAsString()).isEqualTo("text needs session"
                + " (it reads each event the other filters select)");
        assertThat(served.get("/api/query/extractions?session=abc123&text=").status()).isEqualTo(400);
    }

    /** from=now: only what the session commits after the stream opened, then end; nothing but end once it ended. */
    @Test
    void sessionStreamFromNowSendsOnlyWhatComesNext() throws Exception {
        try (Served.Sse ended = served.stream("/api/stream/session/" + ID + "?from=now", null)) {
            assertThat(ended.until("end")).extracting(Served.Frame::event).containsExactly("end");
        }
        try (Served.Sse live = served.stream("/api/stream/session/" + FOLLOWED + "?kinds=extraction,code_block&from=now",
                null); Database d = Database.open(dir.resolve("t.db"))) {
            assertThat(live.response.statusCode()).isEqualTo(200);
            d.writes().append(Extraction.of("claude", FOLLOWED, START.plusSeconds(7201), "error", "generic_error", "new"));
            d.writes().append(new SessionEnd(FOLLOWED, SessionStatus.COMPLETED, 0, START.plusSeconds(7202), 0, null));
            d.flush();
            java.util.List<Served.Frame> frames = live.until("end");
            assertThat(frames).extracting(Served.Frame::event).containsExactly("extraction", "end");
            assertThat(frames.get(0).json().get("matched_value").getAsString()).isEqualTo("new");
        }
        Served.Answer bad = served.get("/api/stream/session/" + ID + "?from=later");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").getAsString()).isEqualTo("from must be start or now, got 'later'");
    }

    private static java.util.List<String> values(String path) throws Exception {
        Served.Answer answer = served.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("extractions").asList().stream()
                .map(x -> x.getAsJsonObject().get("matched_value").getAsString()).toList();
    }

    private static Map<String, Long> counts(JsonObject object) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        object.entrySet().forEach(e -> counts.put(e.getKey(), e.getValue().getAsLong()));
        return counts;
    }
}
