package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/query/sessions} over a real daemon: the fields {@code tapedeck ls} shows (short id,
 * errors, high-risk commands, tokens, cost), the host, since and until filters, and the time forms
 * every time parameter shares with the command line.
 */
class SessionListingApiTest {
    @TempDir
    static Path dir;
    static Served served;
    static final Instant NOW = Instant.now();

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            // Far enough from midnight that a date means the same day in every zone from UTC-12 to UTC+14.
            LsCommandTest.session(d, "20261201-000000-abcdef", "abs", "h1", Instant.parse("2026-12-01T00:00:00Z"), "a", 1);
            LsCommandTest.session(d, "20261202-130000-fedcba", "abs", "h2", Instant.parse("2026-12-02T13:00:00Z"), "b", 2);
            d.writes().append(Extraction.of("abs", "20261202-130000-fedcba", Instant.parse("2026-12-02T13:00:01Z"),
                    "error", "generic_error", "boom"));
            d.writes().append(Extraction.of("abs", "20261202-130000-fedcba", Instant.parse("2026-12-02T13:00:01Z"),
                    "token_usage", "gemini_stream_json", "10 in / 5 out").withMetadata(
                    "{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}", null));
            LsCommandTest.session(d, "rel-1h", "rel", "h1", NOW.minusSeconds(3600), "c", 0);
            LsCommandTest.session(d, "rel-3d", "rel", "h1", NOW.minusSeconds(3 * 86_400), "d", 0);
            d.flush();
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    private static List<String> ids(String query) throws Exception {
        Served.Answer answer = served.get("/api/query/sessions?" + query);
        assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonElement e : answer.json().getAsJsonArray("sessions")) {
            ids.add(e.getAsJsonObject().get("session_id").getAsString());
        }
        return ids;
    }

    @Test
    void eachSessionCarriesItsShortIdCountsTokensAndCost() throws Exception {
        JsonArray sessions = served.get("/api/query/sessions?agent=abs").json().getAsJsonArray("sessions");
        JsonObject b = sessions.get(0).getAsJsonObject();
        assertThat(b.get("short_id").getAsString()).isEqualTo("fedcba");
        assertThat(b.get("errors").getAsLong()).isEqualTo(1);
        assertThat(b.get("high_risk_commands").getAsLong()).isZero();
        assertThat(b.get("input_tokens").getAsLong()).isEqualTo(10);
        assertThat(b.get("output_tokens").getAsLong()).isEqualTo(5);
        assertThat(b.get("cost_usd").isJsonNull()).isTrue();
        assertThat(b.get("host").getAsString()).isEqualTo("h2");
        JsonObject a = sessions.get(1).getAsJsonObject();
        assertThat(a.get("errors").getAsLong()).isZero();
        assertThat(a.get("input_tokens").isJsonNull()).isTrue();
    }

    @Test
    void filtersByHostSinceAndUntilInEveryTimeForm() throws Exception {
        assertThat(ids("host=h2")).containsExactly("20261202-130000-fedcba");
        assertThat(ids("agent=abs&since=2026-12-02")).containsExactly("20261202-130000-fedcba");
        assertThat(ids("agent=abs&until=2026-12-02")).containsExactly("20261201-000000-abcdef");
        assertThat(ids("agent=abs&since=2026-12-01T00:00:00Z&until=2026-12-02T13:00:00Z"))
                .containsExactly("20261201-000000-abcdef");
        assertThat(ids("agent=abs&since=2026-12-02T14:00:00%2B01:00")).containsExactly("20261202-130000-fedcba");
        assertThat(ids("agent=rel&since=2h")).containsExactly("rel-1h");
        assertThat(ids("agent=rel&since=90m")).containsExactly("rel-1h");
        assertThat(ids("agent=rel&since=4000s")).containsExactly("rel-1h");
        assertThat(ids("agent=rel&since=4d")).containsExactly("rel-1h", "rel-3d");
        assertThat(ids("agent=rel&until=1d")).containsExactly("rel-3d");
        assertThat(ids("agent=rel&since=0s")).isEmpty();
        assertThat(ids("agent=rel&until=now")).hasSize(2);
        assertThat(ids("agent=rel&since=yesterday&until=now")).contains("rel-1h").doesNotContain("rel-3d");
        assertThat(ids("agent=rel&since=today")).doesNotContain("rel-3d");
        // days stays for the clients that use it; since wins when both are given.
        assertThat(ids("agent=rel&days=2")).containsExactly("rel-1h");
        assertThat(ids("agent=rel&days=2&since=4d")).containsExactly("rel-1h", "rel-3d");
    }

    @Test
    void extractionsFilterByHostAndComeOldestFirstOnAsk() throws Exception {
        List<String> newest = values("/api/query/extractions?agent=abs");
        assertThat(newest).containsExactly("10 in / 5 out", "boom");
        assertThat(values("/api/query/extractions?agent=abs&order=oldest")).containsExactly("boom", "10 in / 5 out");
        assertThat(values("/api/query/extractions?agent=abs&order=newest")).isEqualTo(newest);
        assertThat(values("/api/query/extractions?host=h2&type=error")).containsExactly("boom");
        assertThat(values("/api/query/extractions?host=h1")).isEmpty();
        // Keyset pages oldest first: the cursor of the first page leads to the second.
        JsonObject first = served.get("/api/query/extractions?agent=abs&order=oldest&limit=1").json();
        String cursor = first.get("next_cursor").getAsString();
        assertThat(values("/api/query/extractions?agent=abs&order=oldest&limit=1&cursor=" + cursor))
                .containsExactly("10 in / 5 out");
        Served.Answer bad = served.get("/api/query/extractions?order=up");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").getAsString()).isEqualTo("order must be newest or oldest, got 'up'");
    }

    private static List<String> values(String path) throws Exception {
        Served.Answer answer = served.get(path);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        for (JsonElement e : answer.json().getAsJsonArray("extractions")) {
            values.add(e.getAsJsonObject().get("matched_value").getAsString());
        }
        return values;
    }

    @Test
    void aBadTimeIsA400NamingTheParameterTheValueAndTheForms() throws Exception {
        for (String bad : List.of("5y", "-2h", "2H", "30", "tomorrow", "2026-13-01")) {
            Served.Answer answer = served.get("/api/query/sessions?since=" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("detail").getAsString()).as(bad).isEqualTo("since: '" + bad
                    + "' is not a time; use RFC 3339 (2026-12-03T10:00:00Z), a date (2026-12-03), now, today,"
                    + " yesterday, or a span before now (30s, 30m, 2h, 7d)");
        }
        Served.Answer huge = served.get("/api/query/extractions?until=99999999999999d");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("detail").getAsString()).isEqualTo("until: '99999999999999d' is out of range;"
                + " times go from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        Served.Answer empty = served.get("/api/query/sessions?until=");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").getAsString()).isEqualTo("until must not be empty");
        // The timeline's from and to take the same forms.
        assertThat(served.get("/api/query/timeline?from=7d&to=now").status()).isEqualTo(200);
        assertThat(served.get("/api/query/timeline?from=yesterday&to=today").status()).isEqualTo(200);
    }
}
