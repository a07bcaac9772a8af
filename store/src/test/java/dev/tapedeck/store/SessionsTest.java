package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
import static dev.tapedeck.store.TestSupport.at;
import static dev.tapedeck.store.TestSupport.createSession;
import static dev.tapedeck.store.TestSupport.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = TestSupport.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createdSessionReadsBackWithEveryField() {
        Instant recorderStart = T0.minusSeconds(1);
        db.writes().append(NewSession.of("s-1", "claude", T0)
                .withCommand("claude -p 'fix it'", "/home/me/project")
                .withProcess("box-1", 4711L, 4700L, recorderStart)
                .withEnvironment("{\"TERM\":\"xterm\"}", "patterns-v1", "env-v1"));
        db.flush();

        Session s = db.sessions().get("s-1");
        assertThat(s.sessionId()).isEqualTo("s-1");
        assertThat(s.agentName()).isEqualTo("claude");
        assertThat(s.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(s.commandLine()).isEqualTo("claude -p 'fix it'");
        assertThat(s.workingDirectory()).isEqualTo("/home/me/project");
        assertThat(s.host()).isEqualTo("box-1");
        assertThat(s.pid()).isEqualTo(4711L);
        assertThat(s.recorderPid()).isEqualTo(4700L);
        assertThat(s.recorderStartedAt()).isEqualTo(recorderStart);
        assertThat(s.environmentJson()).isEqualTo("{\"TERM\":\"xterm\"}");
        assertThat(s.startedAt()).isEqualTo(T0);
        assertThat(s.endedAt()).isNull();
        assertThat(s.exitCode()).isNull();
        assertThat(s.extractionConfigVersion()).isEqualTo("patterns-v1");
        assertThat(s.environmentConfigVersion()).isEqualTo("env-v1");
        assertThat(s.totals()).isEqualTo(new SessionTotals(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void findOfAnUnknownSessionIsEmptyAndGetSaysWhichSession() {
        assertThat(db.sessions().find("nope")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> db.sessions().get("nope")).isInstanceOf(StoreException.class)
                .hasMessage("no session 'nope'");
    }

    @Test
    void referenceNamesASessionByFullIdUniquePrefixRandomPartOrLast() {
        createSession(db, "20261203-152102-3a418c", "claude", T0);
        createSession(db, "20261203-152102-3b0000", "codex", at(1_000));
        createSession(db, "20261203-160000-77aa01", "claude", at(2_000));
        createSession(db, "20261203", "gemini", at(500));

        assertThat(found("20261203-152102-3a418c")).isEqualTo("20261203-152102-3a418c");
        assertThat(found("20261203-16")).isEqualTo("20261203-160000-77aa01");
        assertThat(found("3a4")).isEqualTo("20261203-152102-3a418c");
        assertThat(found("77aa01")).isEqualTo("20261203-160000-77aa01");
        // A full id wins over being the prefix of others.
        assertThat(found("20261203")).isEqualTo("20261203");
        assertThat(found("last")).isEqualTo("20261203-160000-77aa01");
        assertThat(found("last:codex")).isEqualTo("20261203-152102-3b0000");
        assertThat(found("last:gemini")).isEqualTo("20261203");
    }

    @Test
    void theRandomPartIsASeekOnItsIndexAndOnlyGeneratedIdsHaveOne() {
        createSession(db, "20261203-152102-3a418c", "claude", T0);
        createSession(db, "not-generated-id3a418d", "codex", at(1_000));
        assertThat(found("3a418")).isEqualTo("20261203-152102-3a418c");
        assertThat(db.sessions().listSummaries(SessionFilter.ALL, 10).stream().map(SessionSummary::shortId))
                .containsExactly("not-generated-id3a418d", "3a418c");
        Path file = dir.resolve("tapedeck.db");
        assertThat(TestSupport.queryPlan(file, Sessions.BY_RANDOM_PART))
                .contains("USING INDEX idx_sessions_random_part").doesNotContain("SCAN");
        assertThat(TestSupport.queryPlan(file, String.format(SessionSummaries.SAME_RANDOM_PART, "?, ?")))
                .contains("USING INDEX idx_sessions_random_part").doesNotContain("SCAN");
    }

    @Test
    void ambiguousReferenceListsTheCandidatesNewestFirst() {
        createSession(db, "20261203-152102-3a418c", "claude", T0);
        createSession(db, "20261203-152102-3b0000", "codex", at(1_000));
        createSession(db, "s-3abc", "aider", at(2_000));

        SessionLookup lookup = db.sessions().lookup("3");
        assertThat(lookup).isInstanceOf(SessionLookup.Ambiguous.class);
        assertThat(((SessionLookup.Ambiguous) lookup).candidates()).extracting(Session::sessionId)
                .containsExactly("20261203-152102-3b0000", "20261203-152102-3a418c");
        assertThat(lookup.message()).isEqualTo("session '3' is ambiguous; 2 sessions match it:"
                + " 20261203-152102-3b0000 (codex), 20261203-152102-3a418c (claude); give more of the id");
        assertThat(db.sessions().lookup("2026120").message()).contains("2 sessions match it");
    }

    @Test
    void ambiguousReferenceShowsTenCandidatesAndSaysThereAreMore() {
        for (int i = 0; i < 12; i++) {
            createSession(db, "run-" + i, "a", at(i));
        }
        SessionLookup lookup = db.sessions().lookup("run-");
        assertThat(((SessionLookup.Ambiguous) lookup).candidates()).hasSize(10);
        assertThat(((SessionLookup.Ambiguous) lookup).more()).isTrue();
        assertThat(lookup.message()).startsWith("session 'run-' is ambiguous; more than 10 sessions"
                + " match it: run-11 (a), run-10 (a), run-9 (a)").endsWith(", ...; give more of the id");
    }

    @Test
    void referenceThatMatchesNothingSaysWhat() {
        assertThat(db.sessions().lookup("last").message()).isEqualTo("no session 'last': nothing is recorded yet");
        createSession(db, "s-1", "claude", T0);
        assertThat(db.sessions().lookup("x").message()).isEqualTo("no session 'x'");
        assertThat(db.sessions().lookup("").message()).isEqualTo("no session ''");
        assertThat(db.sessions().lookup("last:codex")).isEqualTo(
                new SessionLookup.Missing("last:codex", "no session 'last:codex': agent 'codex' has none"));
        // Only the end of a generated id is its random part.
        assertThat(db.sessions().lookup("1")).isInstanceOf(SessionLookup.Missing.class);
    }

    private String found(String reference) {
        SessionLookup lookup = db.sessions().lookup(reference);
        assertThat(lookup).as(reference).isInstanceOf(SessionLookup.Found.class);
        return ((SessionLookup.Found) lookup).session().sessionId();
    }

    @Test
    void updateSetsOnlyTheGivenFields() {
        db.writes().append(NewSession.of("s-1", "codex", T0).withProcess("h", null, 1L, T0));
        db.writes().append(SessionUpdate.pid("s-1", 99));
        db.writes().append(new SessionUpdate("s-1", null, null, "/logs/out", "/logs/err"));
        db.flush();
        Session s = db.sessions().get("s-1");
        assertThat(s.pid()).isEqualTo(99L);
        assertThat(s.host()).isEqualTo("h");
        assertThat(s.stdoutLogPath()).isEqualTo("/logs/out");
        assertThat(s.stderrLogPath()).isEqualTo("/logs/err");
    }

    @Test
    void endSetsStatusExitCodeEndTimeDroppedLinesAndRecordsTheStateChange() {
        createSession(db, "s-1", "aider", T0);
        db.writes().append(StateChange.of("s-1", at(1), "started"));
        db.writes().append(new SessionEnd("s-1", SessionStatus.FAILED, 3, at(5000), 7, "{\"signal\":null}"));
        db.flush();

        Session s = db.sessions().get("s-1");
        assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.endedAt()).isEqualTo(at(5000));
        assertThat(s.totals().droppedLines()).isEqualTo(7);
        List<StateChange> changes = db.sessions().listStateChanges("s-1");
        assertThat(changes).extracting(StateChange::state).containsExactly("started", "failed");
        assertThat(changes.get(1).exitCode()).isEqualTo(3);
        assertThat(changes.get(1).timestamp()).isEqualTo(at(5000));
        assertThat(changes.get(1).metadataJson()).isEqualTo("{\"signal\":null}");
        assertThat(changes.get(0).id()).isLessThan(changes.get(1).id());
    }

    @Test
    void anInterruptedEndArrivingAfterTheRecordersOwnEndChangesNothing() {
        createSession(db, "s-1", "aider", T0);
        db.writes().append(new SessionEnd("s-1", SessionStatus.COMPLETED, 0, at(10), 0, null));
        // Another process judged the recorder gone just as it ended the session itself.
        db.writes().append(new SessionEnd("s-1", SessionStatus.INTERRUPTED, null, at(20), 0, "{}"));
        db.writes().append(new SessionEnd("nobody", SessionStatus.INTERRUPTED, null, at(20), 0, "{}"));
        db.flush();

        Session s = db.sessions().get("s-1");
        assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(s.endedAt()).isEqualTo(at(10));
        assertThat(db.sessions().listStateChanges("s-1")).extracting(StateChange::state).containsExactly("completed");
        assertThat(db.writes().stats().failed()).isZero();
        assertThat(db.counters().listCounters()).filteredOn(c -> c.metric().wireName().equals("sessions_ended"))
                .extracting(Counters.Counter::label).containsExactly("completed");
    }

    @Test
    void totalsCountWhatTheWriterStored() {
        createSession(db, "s-1", "claude", T0);
        db.writes().append(line("s-1", 1, "héllo"));
        db.writes().append(OutputLine.of("s-1", 2, Stream.STDERR, at(2), "oops"));
        db.writes().append(new OutputLine("s-1", 3, Stream.STDOUT, at(3), "red", "\u001b[31mred\u001b[0m\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
        db.writes().append(Extraction.of("claude", "s-1", at(2), "error", "generic_error", "oops"));
        db.writes().append(new CodeBlock("claude", "s-1", at(3), "sh", "ls", 4, 4, null, null, true));
        db.flush();

        SessionTotals totals = db.sessions().get("s-1").totals();
        assertThat(totals.lines()).isEqualTo(3);
        assertThat(totals.stdoutLines()).isEqualTo(2);
        assertThat(totals.stderrLines()).isEqualTo(1);
        assertThat(totals.outputBytes()).isEqualTo(("héllo\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length) + "oops\n".length() + "\u001b[31mred\u001b[0m\r\n".length());
        assertThat(totals.extractionEvents()).isEqualTo(1);
        assertThat(totals.codeBlocks()).isEqualTo(1);
    }

    @Test
    void listFiltersByAgentStatusActivityAndStartInAnyCombination() {
        createSession(db, "a-old", "alpha", at(-10 * 86_400_000L));
        createSession(db, "a-run", "alpha", at(1000));
        createSession(db, "a-done", "alpha", at(2000));
        createSession(db, "b-run", "beta", at(3000));
        db.writes().append(new SessionEnd("a-done", SessionStatus.COMPLETED, 0, at(2500), 0, null));
        db.writes().append(new SessionEnd("a-old", SessionStatus.KILLED, 130, at(-86_000_000L), 0, null));
        db.flush();

        assertThat(ids(SessionFilter.ALL)).containsExactly("b-run", "a-done", "a-run", "a-old");
        assertThat(ids(SessionFilter.ALL.agent("alpha"))).containsExactly("a-done", "a-run", "a-old");
        assertThat(ids(SessionFilter.ALL.active(true))).containsExactly("b-run", "a-run");
        assertThat(ids(SessionFilter.ALL.active(false))).containsExactly("a-done", "a-old");
        assertThat(ids(SessionFilter.ALL.agent("alpha").active(true))).containsExactly("a-run");
        assertThat(ids(SessionFilter.ALL.status(SessionStatus.KILLED))).containsExactly("a-old");
        assertThat(ids(SessionFilter.ALL.agent("alpha").startedSince(at(-86_400_000L))))
                .containsExactly("a-done", "a-run");
        assertThat(ids(SessionFilter.ALL.agent("beta").status(SessionStatus.COMPLETED))).isEmpty();
        assertThat(db.sessions().listActive()).extracting(Session::sessionId).containsExactly("b-run", "a-run");
    }

    @Test
    void listFiltersByHostAndAStartBeforeATime() {
        db.writes().append(NewSession.of("h1-old", "a", at(0)).withProcess("h1", null, null, null));
        db.writes().append(NewSession.of("h2-mid", "a", at(1000)).withProcess("h2", null, null, null));
        db.writes().append(NewSession.of("h1-new", "a", at(2000)).withProcess("h1", null, null, null));
        db.flush();
        assertThat(ids(SessionFilter.ALL.host("h1"))).containsExactly("h1-new", "h1-old");
        assertThat(ids(SessionFilter.ALL.startedBefore(at(2000)))).containsExactly("h2-mid", "h1-old");
        assertThat(ids(SessionFilter.ALL.startedSince(at(1000)).startedBefore(at(2000)))).containsExactly("h2-mid");
        assertThat(ids(SessionFilter.ALL.host("h2").startedBefore(at(1000)))).isEmpty();
    }

    @Test
    void summariesGiveTheShortestReferenceThatNamesTheSessionAlone() {
        db.writes().append(NewSession.of("20261203-152102-3a418c", "a", at(0)));
        db.writes().append(NewSession.of("20261203-152103-0000aa", "a", at(1)));
        db.writes().append(NewSession.of("20261203-152104-0000aa", "a", at(2)));
        db.writes().append(NewSession.of("20261203-152105-77e0f1", "a", at(3)));
        db.writes().append(NewSession.of("77e0f1-custom", "a", at(4)));
        db.writes().append(NewSession.of("my-run", "a", at(5)));
        db.flush();
        List<String> shortIds = db.sessions().listSummaries(SessionFilter.ALL, PageRequest.first(10)).items().stream()
                .map(SessionSummary::shortId).toList();
        // Shared random parts and a random part that starts another id give the full id.
        assertThat(shortIds).containsExactly("my-run", "77e0f1-custom", "20261203-152105-77e0f1",
                "20261203-152104-0000aa", "20261203-152103-0000aa", "3a418c");
        for (String shortId : shortIds) {
            assertThat(db.sessions().lookup(shortId)).isInstanceOf(SessionLookup.Found.class);
        }
        // Up to 1000 sessions the short ids come from seeks, past them from one read of every id:
        // the same answers.
        for (int i = 0; i < 1000; i++) {
            db.writes().append(NewSession.of(String.format("20261101-000000-%06x", 0xa00000 + i), "a", at(-1000 - i)));
        }
        db.flush();
        List<String> seeks = db.sessions().listSummaries(SessionFilter.ALL, 1000).stream()
                .map(SessionSummary::shortId).toList();
        assertThat(seeks).hasSize(1000).startsWith(shortIds.toArray(String[]::new)).contains("a00077");
        List<String> everyId = db.sessions().listSummaries(SessionFilter.ALL, 1006).stream()
                .map(SessionSummary::shortId).toList();
        assertThat(everyId).hasSize(1006).startsWith(seeks.toArray(String[]::new));
        assertThat(db.sessions().listSummaries(SessionFilter.ALL, 3).stream().map(SessionSummary::shortId))
                .containsExactly("my-run", "77e0f1-custom", "20261203-152105-77e0f1");
    }

    @Test
    void summariesCountErrorsHighRiskAndSessionUsageButNotPerMessageUsage() {
        createSession(db, "s", "claude", at(0));
        db.writes().append(Extraction.of("claude", "s", at(1), "error", "p", "x"));
        db.writes().append(Extraction.of("claude", "s", at(1), "exception", "p", "x"));
        db.writes().append(Extraction.of("claude", "s", at(1), "warning", "p", "x"));
        db.writes().append(Extraction.of("claude", "s", at(1), "shell_command", "p", "sudo x")
                .withRisk(RiskLevel.HIGH, false));
        db.writes().append(Extraction.of("claude", "s", at(1), "shell_command", "p", "ls").withRisk(RiskLevel.LOW, true));
        db.writes().append(Extraction.of("claude", "s", at(1), "token_usage", "claude_stream_json", "u")
                .withMetadata("{\"input_tokens\":7,\"output_tokens\":3,\"scope\":\"message\"}", null));
        db.writes().append(Extraction.of("claude", "s", at(1), "token_usage", "claude_stream_json", "u")
                .withMetadata("{\"input_tokens\":70,\"output_tokens\":30,\"total_cost_usd\":0.5,\"scope\":\"session\"}", null));
        db.writes().append(Extraction.of("claude", "s", at(1), "token_usage", "claude_stream_json", "u")
                .withMetadata("{\"input_tokens\":30,\"output_tokens\":20,\"total_cost_usd\":0.25,\"scope\":\"session\"}", null));
        db.writes().append(Extraction.of("claude", "s", at(1), "token_usage", "aider_tokens", "1k sent")
                .withMetadata("{\"input_tokens\":1000}", null));
        createSession(db, "quiet", "claude", at(5));
        db.flush();
        List<SessionSummary> summaries = db.sessions().listSummaries(SessionFilter.ALL, PageRequest.first(10)).items();
        SessionSummary s = summaries.get(1);
        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.highRiskCommands()).isEqualTo(1);
        assertThat(s.inputTokens()).isEqualTo(100);
        assertThat(s.outputTokens()).isEqualTo(50);
        assertThat(s.costUsd()).isEqualTo(0.75);
        SessionSummary quiet = summaries.get(0);
        assertThat(quiet.errors()).isZero();
        assertThat(quiet.inputTokens()).isNull();
        assertThat(quiet.costUsd()).isNull();
    }

    @Test
    void cursorPagingVisitsEverySessionExactlyOnceNewestFirst() {
        for (int i = 0; i < 53; i++) {
            // Pairs share a start time, so the id must break ties.
            db.writes().append(NewSession.of("s-" + i, "agent", at(i / 2)));
        }
        db.flush();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Session> page = db.sessions().list(SessionFilter.ALL, new PageRequest(10, cursor));
            page.items().forEach(s -> seen.add(s.sessionId()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);
        Set<String> distinct = new HashSet<>(seen);
        assertThat(seen).hasSize(53);
        assertThat(distinct).hasSize(53);
        assertThat(pages).isEqualTo(6);
        assertThat(seen.get(0)).isEqualTo("s-52");
        assertThat(seen.get(52)).isEqualTo("s-0");
    }

    private List<String> ids(SessionFilter filter) {
        return db.sessions().list(filter, PageRequest.first(100)).items().stream().map(Session::sessionId).toList();
    }
}
