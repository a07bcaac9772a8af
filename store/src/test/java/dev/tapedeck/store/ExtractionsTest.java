package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.at;
import static dev.tapedeck.store.TestSupport.createSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionsTest {
    private static final String[] AGENTS = {"claude", "codex"};
    private static final String[] SESSIONS = {"s-1", "s-2", "s-3"};
    private static final String[] TYPES = {"error", "warning", "shell_command"};
    private static final String[] PATTERNS = {"p-a", "p-b"};

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = TestSupport.open(dir);
        for (int i = 0; i < SESSIONS.length; i++) {
            // s-1 and s-3 on host h-a, s-2 on h-b.
            db.writes().append(NewSession.of(SESSIONS[i], AGENTS[i % 2], at(0)).withProcess(i == 1 ? "h-b" : "h-a",
                    null, null, null));
            db.flush();
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * A session's highlights: every error and high-risk event, the first 2 of the rest, in time
     * order with ties in commit order; other sessions' events never; listOfSession in the same order.
     */
    @Test
    void highlightsOfASessionAreItsImportantEventsAndTheFirstOfTheRestInTimeOrder() {
        List<Extraction> written = new ArrayList<>();
        String[] types = {"tool_call", "error", "file_read", "shell_command", "tool_call", "error", "file_read"};
        for (int i = 0; i < types.length; i++) {
            // Two at each time, the later one committed first: time order is not commit order.
            Extraction x = Extraction.of("claude", "s-1", at(100 - i / 2 * 10), types[i], "p-a", "v" + i);
            x = types[i].equals("shell_command") ? x.withRisk(RiskLevel.HIGH, false)
                    : i == 6 ? x.withRisk(RiskLevel.LOW, false) : x;
            written.add(x);
            db.writes().append(x);
        }
        db.writes().append(Extraction.of("codex", "s-2", at(1), "error", "p-a", "elsewhere"));
        db.flush();

        List<String> all = db.extractions().listOfSession("s-1", null, null).stream().map(Extraction::matchedValue)
                .toList();
        assertThat(all).containsExactly("v6", "v4", "v5", "v2", "v3", "v0", "v1");
        assertThat(db.extractions().listHighlightsOfSession("s-1", java.util.Set.of("error", "exception"), 2)
                .stream().map(Extraction::matchedValue)).containsExactly("v6", "v4", "v5", "v3", "v1");
        assertThat(db.extractions().listOfSession("s-1", "error", null).stream().map(Extraction::matchedValue))
                .containsExactly("v5", "v1");
        assertThat(db.extractions().listOfSession("s-1", null, RiskLevel.HIGH).stream().map(Extraction::matchedValue))
                .containsExactly("v3");
    }

    /** Pages of a session's events in time order, ties in commit order, each after the last of the one before. */
    @Test
    void aSessionsEventsArePagedInTimeOrderAfterTheLastOneRead() {
        for (int i = 0; i < 7; i++) {
            // Two at each time, the later one committed first: time order is not commit order.
            db.writes().append(Extraction.of("claude", "s-1", at(100 - i / 2 * 10), "error", "p-a", "v" + i));
        }
        db.writes().append(Extraction.of("codex", "s-2", at(75), "error", "p-a", "elsewhere"));
        db.flush();
        List<String> read = new ArrayList<>();
        java.time.Instant lastAt = java.time.Instant.EPOCH;
        long lastId = 0;
        List<Extraction> page;
        while (!(page = db.extractions().listOfSessionAfter("s-1", lastAt, lastId, 2)).isEmpty()) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            page.forEach(x -> read.add(x.matchedValue()));
            lastAt = page.get(page.size() - 1).timestamp();
            lastId = page.get(page.size() - 1).id();
        }
        assertThat(read).containsExactly("v6", "v4", "v5", "v2", "v3", "v0", "v1");
    }

    /** text: a substring of the value or the line, ASCII case folded, % and _ as themselves; both orders. */
    @Test
    void textFilterKeepsEventsWhoseValueOrLineHoldsIt() {
        db.writes().append(Extraction.of("claude", "s-1", at(1), "error", "p-a", "Disk FULL").withLine(1, "error: Disk FULL"));
        db.writes().append(Extraction.of("claude", "s-1", at(2), "warning", "p-a", "quota").withLine(2, "warn: disk full soon"));
        db.writes().append(Extraction.of("claude", "s-1", at(3), "error", "p-a", "100% used_up").withLine(3, "100% used_up"));
        db.writes().append(Extraction.of("claude", "s-2", at(4), "error", "p-a", "disk full").withLine(1, "disk full"));
        db.writes().append(Extraction.of("claude", "s-1", at(5), "error", "p-a", "ÉCHEC").withLine(4, "ÉCHEC"));
        db.flush();
        ExtractionFilter s1 = ExtractionFilter.ALL.session("s-1");
        Map<String, List<String>> cases = Map.of("disk full", List.of("Disk FULL", "quota"), "% u", List.of("100% used_up"),
                "_", List.of("100% used_up"), "x%", List.of(), "échec", List.of());
        cases.forEach((text, want) -> {
            assertThat(db.extractions().listOldestFirst(s1.text(text), new PageRequest(10, null)).items())
                    .as(text).extracting(Extraction::matchedValue).containsExactlyElementsOf(want);
            List<String> newestFirst = new ArrayList<>(want);
            java.util.Collections.reverse(newestFirst);
            assertThat(db.extractions().list(s1.text(text), new PageRequest(10, null)).items())
                    .as(text).extracting(Extraction::matchedValue).containsExactlyElementsOf(newestFirst);
        });
        assertThat(db.extractions().list(s1.text("DISK").type("error"), new PageRequest(10, null)).items())
                .extracting(Extraction::matchedValue).containsExactly("Disk FULL");
        assertThat(db.extractions().countByRisk("s-1")).isEmpty();
    }

    @Test
    void aSessionsEventsAreReadFromItsOwnIndexNotTheTypeOrRiskIndex() throws Exception {
        Path file = dir.resolve("tapedeck.db");
        for (String sql : List.of(String.format(Extractions.HIGHLIGHTS, "?, ?"),
                String.format(Extractions.NOT_HIGHLIGHTS, "?, ?"), Extractions.OF_SESSION_AFTER)) {
            assertThat(TestSupport.queryPlan(file, sql)).contains("idx_extractions_session_time")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void savedEventReadsBackWithEveryField() {
        Extraction saved = new Extraction(0, "claude", "s-1", at(10), "shell_command", "shell_rm", "rm -rf /tmp/x",
                "$ rm -rf /tmp/x", 42L, "{\"command\":\"rm\"}", "bash", RiskLevel.HIGH, true);
        db.writes().append(saved);
        db.flush();

        List<Extraction> read = db.extractions().list(ExtractionFilter.ALL, PageRequest.first(10)).items();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).id()).isPositive();
        assertThat(read.get(0)).isEqualTo(new Extraction(read.get(0).id(), "claude", "s-1", at(10), "shell_command",
                "shell_rm", "rm -rf /tmp/x", "$ rm -rf /tmp/x", 42L, "{\"command\":\"rm\"}", "bash",
                RiskLevel.HIGH, true));
    }

    @Test
    void savedBatchReadsBackNewestFirst() {
        List<Extraction> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Extraction.of("claude", "s-1", at(i), "error", "p-a", "e" + i));
        }
        assertThat(db.writes().appendAll(batch)).isEqualTo(100);
        db.flush();
        List<Extraction> read = db.extractions().list(ExtractionFilter.ALL, PageRequest.first(1000)).items();
        assertThat(read).extracting(Extraction::matchedValue).first().isEqualTo("e99");
        assertThat(read).extracting(Extraction::matchedValue).last().isEqualTo("e0");
        assertThat(read).hasSize(100);
    }

    @Test
    void everyCombinationOfFiltersReturnsExactlyTheMatchingEvents() {
        List<Extraction> all = saveRandomEvents(400);
        Instant since = at(100);
        Instant until = at(300);
        int combinations = 0;
        for (int mask = 0; mask < 1 << 7; mask++) {
            ExtractionFilter filter = ExtractionFilter.ALL;
            Predicate<Extraction> expected = x -> true;
            if ((mask & 1) != 0) {
                filter = filter.agent("codex");
                expected = expected.and(x -> x.agentName().equals("codex"));
            }
            if ((mask & 2) != 0) {
                filter = filter.session("s-2");
                expected = expected.and(x -> x.sessionId().equals("s-2"));
            }
            if ((mask & 4) != 0) {
                filter = filter.type("error");
                expected = expected.and(x -> x.eventType().equals("error"));
            }
            if ((mask & 8) != 0) {
                filter = filter.pattern("p-b");
                expected = expected.and(x -> x.pattern().equals("p-b"));
            }
            if ((mask & 16) != 0) {
                filter = filter.risk(RiskLevel.HIGH);
                expected = expected.and(x -> x.riskLevel() == RiskLevel.HIGH);
            }
            if ((mask & 32) != 0) {
                filter = filter.between(since, until);
                expected = expected.and(x -> !x.timestamp().isBefore(since) && x.timestamp().isBefore(until));
            }
            if ((mask & 64) != 0) {
                filter = filter.host("h-a");
                expected = expected.and(x -> !x.sessionId().equals("s-2"));
            }
            List<String> want = all.stream().filter(expected).sorted(newestFirst())
                    .map(Extraction::matchedValue).toList();
            List<String> got = readAll(filter, 7).stream().map(Extraction::matchedValue).toList();
            assertThat(got).as("filter %s", filter).isEqualTo(want);
            // Oldest first: the same events the other way round; after an id: the same in commit order.
            List<String> oldest = new ArrayList<>(want);
            java.util.Collections.reverse(oldest);
            assertThat(readAllOldestFirst(filter, 7)).as("oldest first, filter %s", filter).isEqualTo(oldest);
            assertThat(readAllAfter(filter, 7)).as("after ids, filter %s", filter).isEqualTo(all.stream()
                    .filter(expected).map(Extraction::matchedValue).toList());
            combinations++;
        }
        assertThat(combinations).isEqualTo(128);
    }

    @Test
    void cursorPagingVisitsEveryEventExactlyOnceAcrossEqualTimestamps() {
        List<Extraction> all = saveRandomEvents(250);
        List<Extraction> read = readAll(ExtractionFilter.ALL, 13);
        assertThat(read).extracting(Extraction::matchedValue)
                .containsExactlyElementsOf(all.stream().sorted(newestFirst()).map(Extraction::matchedValue).toList());
    }

    @Test
    void agentStatsCountByTypeAndRiskWithFirstAndLastSeen() {
        db.writes().append(Extraction.of("claude", "s-1", at(5), "error", "p-a", "x"));
        db.writes().append(Extraction.of("claude", "s-1", at(9), "error", "p-a", "y").withRisk(RiskLevel.LOW, false));
        db.writes().append(Extraction.of("claude", "s-3", at(7), "shell_command", "p-b", "rm")
                .withRisk(RiskLevel.HIGH, false));
        db.writes().append(Extraction.of("codex", "s-2", at(1), "error", "p-a", "z"));
        db.flush();

        AgentStats stats = db.extractions().agentStats("claude");
        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.byType()).isEqualTo(Map.of("error", 2L, "shell_command", 1L));
        assertThat(stats.byRisk()).isEqualTo(Map.of("low", 1L, "high", 1L));
        assertThat(stats.firstSeen()).isEqualTo(at(5));
        assertThat(stats.lastSeen()).isEqualTo(at(9));

        AgentStats none = db.extractions().agentStats("nobody");
        assertThat(none.total()).isZero();
        assertThat(none.byType()).isEmpty();
        assertThat(none.firstSeen()).isNull();
    }

    @Test
    void badCursorsAndLimitsAreTheCallersErrorNamingTheParameter() {
        assertThatThrownBy(() -> db.extractions().list(ExtractionFilter.ALL, new PageRequest(10, "garbage!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> new PageRequest(0, null)).hasMessage("limit must be in [1, 1000], got 0");
        assertThatThrownBy(() -> new PageRequest(1001, null)).hasMessage("limit must be in [1, 1000], got 1001");
        assertThatThrownBy(() -> ExtractionFilter.ALL.between(at(10), at(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("until");
    }

    private List<Extraction> saveRandomEvents(int count) {
        Random random = new Random(42);
        List<Extraction> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int session = random.nextInt(SESSIONS.length);
            RiskLevel risk = random.nextInt(4) == 0 ? null : RiskLevel.values()[random.nextInt(3)];
            // Timestamps repeat (i / 3) so that paging must order by id within a timestamp.
            Extraction x = Extraction.of(AGENTS[session % 2], SESSIONS[session], at(i / 3),
                    TYPES[random.nextInt(TYPES.length)], PATTERNS[random.nextInt(PATTERNS.length)], "v" + i)
                    .withRisk(risk, false);
            all.add(x);
        }
        db.writes().appendAll(all);
        db.flush();
        // The ids follow the order of appending, which breaks ties between equal timestamps.
        List<Extraction> withIds = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Extraction x = all.get(i);
            withIds.add(new Extraction(i + 1, x.agentName(), x.sessionId(), x.timestamp(), x.eventType(), x.pattern(),
                    x.matchedValue(), null, null, null, null, x.riskLevel(), false));
        }
        return withIds;
    }

    private List<Extraction> readAll(ExtractionFilter filter, int pageSize) {
        List<Extraction> read = new ArrayList<>();
        String cursor = null;
        do {
            Page<Extraction> page = db.extractions().list(filter, new PageRequest(pageSize, cursor));
            read.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return read;
    }

    private List<String> readAllOldestFirst(ExtractionFilter filter, int pageSize) {
        List<String> read = new ArrayList<>();
        String cursor = null;
        do {
            Page<Extraction> page = db.extractions().listOldestFirst(filter, new PageRequest(pageSize, cursor));
            page.items().forEach(x -> read.add(x.matchedValue()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return read;
    }

    private List<String> readAllAfter(ExtractionFilter filter, int pageSize) {
        List<String> read = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Extraction> page = db.extractions().listAfter(after, filter, pageSize);
            page.forEach(x -> read.add(x.matchedValue()));
            if (page.size() < pageSize) {
                return read;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private static Comparator<Extraction> newestFirst() {
        return Comparator.comparing(Extraction::timestamp).thenComparingLong(Extraction::id).reversed();
    }
}
