package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session references (full id, unique prefix of the id or of its random part, last, last:AGENT)
 * taken by replay, export, db dump --session and the HTTP routes, all read by the store's one lookup.
 */
class SessionReferenceTest {
    private static final Instant T0 = Instant.parse("2026-12-03T15:21:02Z");

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void record() {
        db = dir.resolve("t.db");
        try (Database database = Database.open(db)) {
            session(database, "20261203-152102-3a418c", "claude", T0, "first");
            session(database, "20261203-152102-3b77e0", "codex", T0.plusSeconds(1), "second");
            session(database, "20261203-160000-9f0001", "claude", T0.plusSeconds(60), "third");
            database.flush();
        }
    }

    private static void session(Database database, String id, String agent, Instant start, String text) {
        database.writes().append(NewSession.of(id, agent, start));
        database.writes().append(OutputLine.of(id, 1, Stream.STDOUT, start.plusMillis(1), text));
        database.writes().append(new SessionEnd(id, SessionStatus.COMPLETED, 0, start.plusMillis(2), 0, null));
    }

    private TestSupport.Result cli(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db";
        all[args.length + 1] = db.toString();
        return tapedeck(dir, Map.of(), null, all);
    }

    @Test
    void replayExportAndDumpTakeAPrefixTheRandomPartAndLast() throws Exception {
        assertThat(cli("replay", "3a4").out()).isEqualTo("first\n");
        assertThat(cli("replay", "20261203-16").out()).isEqualTo("third\n");
        assertThat(cli("replay", "last").out()).isEqualTo("third\n");
        assertThat(cli("replay", "last:codex").out()).isEqualTo("second\n");
        assertThat(cli("export", "3b7", "--format", "csv").out()).contains("20261203-152102-3b77e0");
        TestSupport.Result dump = cli("db", "dump", "--session", "last:claude");
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.out().lines().findFirst().orElseThrow()).contains("\"session_id\":\"20261203-160000-9f0001\"");
    }

    @Test
    void anAmbiguousPrefixIsOneLineListingTheCandidatesAndExit1() throws Exception {
        TestSupport.Result replay = cli("replay", "20261203-1521");
        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.stderr()).isEqualTo("tapedeck: session '20261203-1521' is ambiguous; 2 sessions"
                + " match it: 20261203-152102-3b77e0 (codex), 20261203-152102-3a418c (claude); give more of the"
                + " id\n");
        TestSupport.Result export = cli("export", "3");
        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.stderr()).startsWith("tapedeck: session '3' is ambiguous;");
        TestSupport.Result missing = cli("db", "dump", "--session", "last:aider");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).isEqualTo("tapedeck: no session 'last:aider': agent 'aider' has none in " + db
                + "\n");
    }

    @Test
    void httpRoutesTakeReferencesAndAnswer409ForAnAmbiguousOne() throws Exception {
        try (Served served = Served.start(dir, db)) {
            assertThat(served.get("/api/query/session/last").json().getAsJsonObject("session")
                    .get("session_id").getAsString()).isEqualTo("20261203-160000-9f0001");
            assertThat(served.get("/api/query/session/3a4/lines").json().get("session_id").getAsString())
                    .isEqualTo("20261203-152102-3a418c");
            assertThat(served.get("/api/replay/export/last:codex?format=csv").body())
                    .contains("20261203-152102-3b77e0");
            assertThat(served.get("/api/query/extractions?session=9f0").status()).isEqualTo(200);
            Served.Answer ambiguous = served.get("/api/query/session/20261203-1521");
            assertThat(ambiguous.status()).isEqualTo(409);
            assertThat(ambiguous.body()).isEqualTo("{\"status\":409,\"error\":\"ambiguous\",\"detail\":\"session"
                    + " '20261203-1521' is ambiguous; 2 sessions match it: 20261203-152102-3b77e0 (codex),"
                    + " 20261203-152102-3a418c (claude); give more of the id\"}");
            assertThat(served.get("/api/stream/session/3").status()).isEqualTo(409);
            assertThat(served.get("/api/replay/session/" + URLEncoder.encode("last:nobody", StandardCharsets.UTF_8))
                    .body()).isEqualTo("{\"status\":404,\"error\":\"not found\",\"detail\":\"no session"
                    + " 'last:nobody': agent 'nobody' has none\"}");
            assertThat(served.get("/api/query/extractions?session=nope").status()).isEqualTo(404);
        }
    }
}
