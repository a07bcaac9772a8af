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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/query/overview} over a real daemon on a database written through the store:
 * every bucket of the range with sessions by status, lines, errors, high-risk commands, tokens and
 * cost where they happened, the totals, the most frequent errors with their newest session, and
 * 400s that name the parameter.
 */
class OverviewApiTest {
    private static final String DAY = "since=2026-12-01T00:00:00Z&until=2026-12-02T00:00:00Z";

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            Instant s1 = Instant.parse("2026-12-01T10:00:00Z");
            LsCommandTest.session(d, "s1", "a", "h", s1, "one", 3);
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(60), "error", "generic_error", "boom"));
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(61), "exception", "python_traceback", "bang"));
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(120), "shell_command", "shell", "rm -rf /")
                    .withRisk(RiskLevel.HIGH, false));
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(180), "token_usage", "gemini_stream_json", "u")
                    .withMetadata("{\"input_tokens\":10,\"output_tokens\":5}", null));
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(181), "token_usage", "claude_stream_json", "u")
                    .withMetadata("{\"scope\":\"session\",\"input_tokens\":100,\"output_tokens\":50,"
                            + "\"total_cost_usd\":0.5}", null));
            // Claude's per-message usage is in the result's total already: never added.
            d.writes().append(Extraction.of("a", "s1", s1.plusSeconds(182), "token_usage", "claude_stream_json", "u")
                    .withMetadata("{\"scope\":\"message\",\"input_tokens\":7,\"output_tokens\":7}", null));
            d.writes().append(new SessionEnd("s1", SessionStatus.COMPLETED, 0, s1.plusSeconds(300), 0, null));
            Instant s2 = Instant.parse("2026-12-01T12:30:00Z");
            LsCommandTest.session(d, "s2", "a", "h", s2, "two", 2);
            d.writes().append(Extraction.of("a", "s2", s2.plusSeconds(60), "error", "generic_error", "boom"));
            Instant s3 = Instant.parse("2026-12-01T11:00:00Z");
            LsCommandTest.session(d, "s3", "b", "h", s3, "three", 4);
            d.writes().append(Extraction.of("b", "s3", s3.plusSeconds(1), "error", "generic_error", "other"));
            d.flush();
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    private static JsonObject overview(String query) throws Exception {
        Served.Answer answer = served.get("/api/query/overview?" + query);
        assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void bucketsHoldEachSeriesWhereItHappened() throws Exception {
        JsonObject o = overview("agent=a&bucket=hour&" + DAY);
        assertThat(o.get("agent").getAsString()).isEqualTo("a");
        assertThat(o.get("bucket").getAsString()).isEqualTo("hour");
        JsonArray buckets = o.getAsJsonArray("buckets");
        assertThat(buckets).hasSize(24);
        JsonObject ten = buckets.get(10).getAsJsonObject();
        assertThat(ten.get("start").getAsString()).isEqualTo("2026-12-01T10:00:00.000000Z");
        assertThat(ten.getAsJsonObject("sessions").toString()).isEqualTo("{\"completed\":1}");
        assertThat(ten.get("lines").getAsLong()).isEqualTo(3);
        assertThat(ten.get("errors").getAsLong()).isEqualTo(2);
        assertThat(ten.get("high_risk_commands").getAsLong()).isEqualTo(1);
        assertThat(ten.get("input_tokens").getAsLong()).isEqualTo(110);
        assertThat(ten.get("output_tokens").getAsLong()).isEqualTo(55);
        assertThat(ten.get("cost_usd").getAsDouble()).isEqualTo(0.5);
        JsonObject twelve = buckets.get(12).getAsJsonObject();
        assertThat(twelve.getAsJsonObject("sessions").toString()).isEqualTo("{\"running\":1}");
        assertThat(twelve.get("lines").getAsLong()).isEqualTo(2);
        assertThat(twelve.get("errors").getAsLong()).isEqualTo(1);
        assertThat(twelve.get("input_tokens").isJsonNull()).isTrue();
        JsonObject eleven = buckets.get(11).getAsJsonObject();
        assertThat(eleven.getAsJsonObject("sessions").size()).isZero();
        assertThat(eleven.get("lines").getAsLong()).isZero();
        JsonObject totals = o.getAsJsonObject("totals");
        assertThat(totals.get("sessions").getAsLong()).isEqualTo(2);
        assertThat(totals.get("lines").getAsLong()).isEqualTo(5);
        assertThat(totals.get("errors").getAsLong()).isEqualTo(3);
        assertThat(totals.get("high_risk_commands").getAsLong()).isEqualTo(1);
        assertThat(totals.get("cost_usd").getAsDouble()).isEqualTo(0.5);
        assertThat(o.getAsJsonArray("agents").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void frequentErrorsComeMostFrequentFirstWithTheirNewestSession() throws Exception {
        JsonArray errors = overview("agent=a&" + DAY).getAsJsonArray("frequent_errors");
        List<String> values = new ArrayList<>();
        errors.forEach(e -> values.add(e.getAsJsonObject().get("value").getAsString()));
        assertThat(values).containsExactly("boom", "bang");
        JsonObject boom = errors.get(0).getAsJsonObject();
        assertThat(boom.get("count").getAsLong()).isEqualTo(2);
        assertThat(boom.get("sessions").getAsLong()).isEqualTo(2);
        assertThat(boom.get("last_session_id").getAsString()).isEqualTo("s2");
        assertThat(boom.get("last_seen").getAsString()).isEqualTo("2026-12-01T12:31:00.000000Z");
        assertThat(boom.get("event_type").getAsString()).isEqualTo("error");
        assertThat(errors.get(1).getAsJsonObject().get("event_type").getAsString()).isEqualTo("exception");
        assertThat(overview("agent=a&errors=1&" + DAY).getAsJsonArray("frequent_errors")).hasSize(1);
    }

    @Test
    void everyAgentAndDayBucketsAddUp() throws Exception {
        JsonObject all = overview("bucket=day&" + DAY);
        assertThat(all.get("agent").isJsonNull()).isTrue();
        JsonArray buckets = all.getAsJsonArray("buckets");
        assertThat(buckets).hasSize(1);
        JsonObject day = buckets.get(0).getAsJsonObject();
        assertThat(day.get("lines").getAsLong()).isEqualTo(9);
        assertThat(day.get("errors").getAsLong()).isEqualTo(4);
        assertThat(day.getAsJsonObject("sessions").toString()).isEqualTo("{\"completed\":1,\"running\":2}");
        // Outside the range: empty buckets, no errors.
        JsonObject before = overview("agent=a&since=2026-11-01T00:00:00Z&until=2026-11-03T00:00:00Z&bucket=day");
        assertThat(before.getAsJsonArray("buckets")).hasSize(2);
        assertThat(before.getAsJsonObject("totals").get("sessions").getAsLong()).isZero();
        assertThat(before.getAsJsonArray("frequent_errors")).isEmpty();
    }

    @Test
    void badParametersAreA400NamingThem() throws Exception {
        assertBad("bucket=minute", "bucket must be hour or day, got 'minute'");
        assertBad("since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z",
                "until must be after since (2026-12-02T00:00:00.000000Z), got 2026-12-01T00:00:00.000000Z");
        assertBad("since=5y", "since: '5y' is not a time");
        assertBad("errors=0", "errors must be in [1, 100], got 0");
        assertBad("agnt=a", "agnt");
        assertBad("since=2000-01-01T00:00:00Z&until=2026-01-01T00:00:00Z&bucket=hour", "at most 10000 buckets");
    }

    private static void assertBad(String query, String detail) throws Exception {
        Served.Answer answer = served.get("/api/query/overview?" + query);
        assertThat(answer.status()).as(query).isEqualTo(400);
        assertThat(answer.json().get("detail").getAsString()).as(query).contains(detail);
    }
}
