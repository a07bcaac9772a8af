package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.CodeBlockFilter;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.StoredCodeBlock;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void helpAndVersionWorkAndExitZero() throws Exception {
        TestSupport.Result help = tapedeck(dir, Map.of(), null, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: tapedeck").contains("run");
        // Only the command named is built on a start (Main.addCommands); help still lists every one, in order.
        assertThat(help.out().lines().filter(l -> l.matches("  [a-z].*")).map(l -> l.strip().split("  ")[0]))
                .containsExactly("run", "serve", "replay", "export", "db", "ls, sessions", "show", "events", "search", "tail", "help");
        TestSupport.Result alias = tapedeck(dir, Map.of(), null, "sessions", "--help");
        assertThat(alias.exitCode()).isZero();
        assertThat(alias.out()).startsWith("Usage: tapedeck ls ");

        TestSupport.Result version = tapedeck(dir, Map.of(), null, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("tapedeck 0.").contains("schema v" + dev.tapedeck.store.Database.latestSchemaVersion());
    }

    @Test
    void runPassesOutputThroughByteForByteAndRecordsTheSession() throws Exception {
        Path db = Files.createDirectory(dir.resolve("data")).resolve("tapedeck.db");
        String script = "printf 'hello\\n\\033[32mgreen\\033[0m\\r\\n'; printf 'warn\\n' >&2; exit 4";
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", "claude",
                "--session-id", "cli-1", "--", "sh", "-c", script);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.stdout()).isEqualTo("hello\n\u001b[32mgreen\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run.stderr()).isEqualTo("tapedeck: session cli-1 recording to " + db + "\nwarn\n");
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("cli-1");
            assertThat(session.agentName()).isEqualTo("claude");
            assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
            assertThat(session.exitCode()).isEqualTo(4);
            assertThat(session.totals().lines()).isEqualTo(3);
            assertThat(database.output().listLines("cli-1", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactlyInAnyOrder("hello", "green", "warn");
        }
    }

    @Test
    void theDatabaseDefaultsToTapedeckDbAndTheAgentToTheCommandName() throws Exception {
        Path db = dir.resolve("env.db");
        TestSupport.Result run = tapedeck(dir, Map.of("TAPEDECK_DB", db.toString()), null,
                "run", "--quiet", "echo", "-n", "x");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("x");
        assertThat(run.stderr()).isEmpty();
        try (Database database = Database.open(db)) {
            Page<Session> sessions = database.sessions().list(SessionFilter.ALL, PageRequest.first(10));
            assertThat(sessions.items()).extracting(Session::agentName).containsExactly("echo");
            assertThat(sessions.items().get(0).status()).isEqualTo(SessionStatus.COMPLETED);
        }
    }

    @Test
    void withoutDbOrTapedeckDbTheDatabaseIsUnderHome() throws Exception {
        Path home = dir.resolve("home");
        TestSupport.Result run = tapedeck(dir, Map.of("HOME", home.toString()), null, "run", "--quiet", "true");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(home.resolve(".local/share/tapedeck/tapedeck.db")).isRegularFile();
    }

    @Test
    void stdinReachesTheCommandAndItsEndIsPassedOn() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of("TAPEDECK_DB", dir.resolve("t.db").toString()),
                "hello\nworld\n".getBytes(StandardCharsets.UTF_8), "run", "--quiet", "--", "head", "-1");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello\n");

        TestSupport.Result cat = tapedeck(dir, Map.of("TAPEDECK_DB", dir.resolve("t.db").toString()),
                "a\nb".getBytes(StandardCharsets.UTF_8), "run", "--quiet", "--", "cat");
        assertThat(cat.exitCode()).isZero();
        assertThat(cat.out()).isEqualTo("a\nb");
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndAPointerToHelp() throws Exception {
        TestSupport.Result unknown = tapedeck(dir, Map.of(), null, "run", "--bogus", "ls");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).isEqualTo("tapedeck: unknown option: '--bogus'\nSee 'tapedeck run --help'.\n");
        assertThat(unknown.stdout()).isEmpty();

        TestSupport.Result none = tapedeck(dir, Map.of(), null, "run");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).isEqualTo("tapedeck: missing required parameter: 'COMMAND'\n"
                + "See 'tapedeck run --help'.\n");

        TestSupport.Result bare = tapedeck(dir, Map.of(), null);
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.stderr()).isEqualTo("tapedeck: a command is required\nSee 'tapedeck --help'.\n");

        TestSupport.Result timeout = tapedeck(dir, Map.of(), null, "db", "query", "--timeout", "0", "select 1");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.stderr()).isEqualTo("tapedeck: --timeout must be in (0, 86400] seconds, got 0.0\n"
                + "See 'tapedeck db query --help'.\n");
    }

    @Test
    void helpTextKeepsPathsWholeAndSaysWhatEachArgumentIs() throws Exception {
        for (String[] command : new String[][] {{"run"}, {"serve"}, {"replay"}, {"export"}, {"db", "dump"},
                {"db", "query"}, {"db", "backup"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            String help = tapedeck(dir, Map.of(), null, args).out();
            assertThat(help).as(String.join(" ", command)).contains("~/.local/share/tapedeck/tapedeck.db)")
                    .doesNotContain("last:\n");
        }
        String run = tapedeck(dir, Map.of(), null, "run", "--help").out();
        String words = run.replaceAll("\\s+", " ");
        assertThat(words).contains("auto (when stdin and stdout are terminals), always or never (default: auto)")
                .contains("and that the command and its descendants are given after a SIGTERM, SIGHUP or SIGINT passed"
                        + " on to them before what is left is killed (SIGKILL)");
        // The old --pty help broke its sentence into a second line that started at the description column.
        assertThat(run.lines().filter(l -> l.strip().startsWith("always"))).isEmpty();
        String query = tapedeck(dir, Map.of(), null, "db", "query", "--help").out();
        assertThat(query).containsPattern("\n {6}SQL +The statement, in one argument");
    }

    @Test
    void quietHasTheShortFormQ() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(), "-q",
                "--", "true");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void sessionIdsThatAUrlCannotCarryAreRefusedWithOneLine() throws Exception {
        Path db = dir.resolve("ids.db");
        for (String bad : new String[] {"a b", "a/b", "", "x".repeat(129), "..", "last", "caf\u00e9"}) {
            TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--session-id", bad,
                    "--", "true");
            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.stderr().lines().toList()).as(bad).hasSize(2);
            assertThat(run.stderr()).as(bad).startsWith("tapedeck: --session-id ")
                    .endsWith("\nSee 'tapedeck run --help'.\n");
        }
        assertThat(Files.exists(db)).isFalse();
        TestSupport.Result space = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--session-id", "a b",
                "--", "true");
        assertThat(space.stderr()).startsWith("tapedeck: --session-id must be 1 to 128 letters, digits, '-', '_' or"
                + " '.', got 'a b' (3 characters)\n");
        TestSupport.Result good = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "-q", "--session-id",
                "A-z_0.9-" + "x".repeat(120), "--", "true");
        assertThat(good.exitCode()).isZero();
    }

    @Test
    void aMissingCommandExits127AndANonExecutableOne126WithOneLineAndNoStackTrace() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result missing = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--quiet",
                "--session-id", "nf", "--", "tapedeck-no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).isEqualTo("tapedeck: tapedeck-no-such-command: command not found\n");

        Path notExecutable = Files.writeString(dir.resolve("script.sh"), "echo hi\n");
        TestSupport.Result denied = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--quiet",
                "--", notExecutable.toString());
        assertThat(denied.exitCode()).isEqualTo(126);
        assertThat(denied.stderr().lines().count()).isEqualTo(1);
        try (Database database = Database.open(db)) {
            assertThat(database.sessions().get("nf").status()).isEqualTo(SessionStatus.FAILED_TO_START);
        }
    }

    @Test
    void anUnusableDatabaseRunsTheCommandUnrecordedUnlessRequired() throws Exception {
        Path notADb = Files.writeString(dir.resolve("bad.db"), "not a database, just some text that is long enough");
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", notADb.toString(), "--", "echo", "ok");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("ok\n");
        assertThat(run.stderr()).startsWith("tapedeck: warning: running unrecorded: ");

        TestSupport.Result required = tapedeck(dir, Map.of(), null, "run", "--require-db", "--db", notADb.toString(),
                "--", "echo", "ok");
        assertThat(required.exitCode()).isEqualTo(1);
        assertThat(required.out()).isEmpty();
        assertThat(required.stderr().lines().toList()).hasSize(1);
    }

    @Test
    void exportToDashWritesStdoutAndNoFileNamedDash() throws Exception {
        Path db = dir.resolve("t.db");
        assertThat(tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(), "--session-id", "e1",
                "--", "sh", "-c", "echo one; echo two").exitCode()).isZero();
        TestSupport.Result plain = tapedeck(dir, Map.of(), null, "export", "e1", "--db", db.toString(),
                "--format", "csv");
        assertThat(plain.exitCode()).as(plain.stderr()).isZero();
        assertThat(plain.out()).contains("\"one\"").contains("\"two\"");
        for (String[] dash : new String[][] {{"-o", "-"}, {"--output", "-"}, {"--output=-"}}) {
            String[] args = new String[5 + dash.length];
            System.arraycopy(new String[] {"export", "e1", "--db", db.toString(), "--format=csv"}, 0, args, 0, 5);
            System.arraycopy(dash, 0, args, 5, dash.length);
            TestSupport.Result toDash = tapedeck(dir, Map.of(), null, args);
            assertThat(toDash.exitCode()).as(toDash.stderr()).isZero();
            assertThat(toDash.out()).as(String.join(" ", dash)).isEqualTo(plain.out());
            assertThat(dir.resolve("-")).as(String.join(" ", dash)).doesNotExist();
        }
        // A file that is really named "-" is still reachable, as with every other tool.
        TestSupport.Result toFile = tapedeck(dir, Map.of(), null, "export", "e1", "--db", db.toString(),
                "--format", "csv", "-o", "./-");
        assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("-"))).isEqualTo(plain.out());
    }

    @Test
    void aDatabaseThatOpensButCannotBeWrittenIsRefusedBeforeTheCommandStarts() throws Exception {
        Path db = dir.resolve("t.db");
        assertThat(tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(), "true").exitCode()).isZero();
        long sizeBefore = Files.size(db);
        // Root is not stopped by file modes; an immutable file stops everyone.
        org.junit.jupiter.api.Assumptions.assumeTrue(TestSupport.run(List.of("chattr", "+i", db.toString()), dir,
                Map.of(), null).exitCode() == 0, "chattr +i works here");
        try {
            TestSupport.Result required = tapedeck(dir, Map.of(), null, "run", "--require-db", "--db", db.toString(),
                    "--", "sh", "-c", "touch ran; echo ok");
            assertThat(required.exitCode()).isEqualTo(1);
            assertThat(required.out()).isEmpty();
            assertThat(dir.resolve("ran")).doesNotExist();
            assertThat(required.stderr()).isEqualTo("tapedeck: database " + db + " opens but cannot be written:"
                    + " attempt to write a readonly database\n");

            TestSupport.Result warned = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(),
                    "--session-id", "u1", "--", "sh", "-c", "touch ran; echo ok");
            assertThat(warned.exitCode()).isZero();
            assertThat(warned.out()).isEqualTo("ok\n");
            assertThat(dir.resolve("ran")).exists();
            assertThat(warned.stderr().lines().toList()).containsExactly("tapedeck: warning: running unrecorded:"
                    + " database " + db + " opens but cannot be written: attempt to write a readonly database",
                    "tapedeck: session u1 (not recorded)");
        } finally {
            TestSupport.run(List.of("chattr", "-i", db.toString()), dir, Map.of(), null);
        }
        assertThat(Files.size(db)).isEqualTo(sizeBefore);

        // A folder where the WAL cannot be made (the file itself writable): it does not even open.
        Path folder = Files.createDirectory(dir.resolve("sealed"));
        Path inside = folder.resolve("t.db");
        assertThat(tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", inside.toString(), "true").exitCode())
                .isZero();
        assertThat(TestSupport.run(List.of("chattr", "+i", folder.toString()), dir, Map.of(), null).exitCode()).isZero();
        try {
            TestSupport.Result sealed = tapedeck(dir, Map.of(), null, "run", "--require-db", "--db", inside.toString(),
                    "--", "sh", "-c", "touch ran2; echo ok");
            assertThat(sealed.exitCode()).isEqualTo(1);
            assertThat(sealed.stderr().lines().toList()).hasSize(1);
            assertThat(dir.resolve("ran2")).doesNotExist();
        } finally {
            TestSupport.run(List.of("chattr", "-i", folder.toString()), dir, Map.of(), null);
        }
    }

    @Test
    void anExplicitDatabasePathsFolderMustExistAndIsNeverMade() throws Exception {
        Path missing = dir.resolve("no/such/folder");
        Path db = missing.resolve("x.db");
        String error = "tapedeck: database " + db + ": folder " + missing + " does not exist";

        TestSupport.Result required = tapedeck(dir, Map.of(), null, "run", "--require-db", "--db", db.toString(),
                "--", "sh", "-c", "touch ran; echo ok");
        assertThat(required.exitCode()).isEqualTo(1);
        assertThat(required.stderr()).isEqualTo(error + "\n");
        assertThat(dir.resolve("ran")).doesNotExist();

        TestSupport.Result warned = tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--", "echo", "ok");
        assertThat(warned.exitCode()).isZero();
        assertThat(warned.out()).isEqualTo("ok\n");
        assertThat(warned.stderr()).isEqualTo("tapedeck: warning: running unrecorded: database " + db + ": folder "
                + missing + " does not exist\n");

        TestSupport.Result fromEnv = tapedeck(dir, Map.of("TAPEDECK_DB", db.toString()), null, "run",
                "--require-db", "--", "echo", "ok");
        assertThat(fromEnv.exitCode()).isEqualTo(1);
        assertThat(fromEnv.stderr()).isEqualTo(error + "\n");

        TestSupport.Result serve = tapedeck(dir, Map.of(), null, "serve", "--port", "0", "--db", db.toString());
        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.stderr()).isEqualTo("tapedeck: no database at " + db + " (give --create to make a new one"
                + " there)\n");
        TestSupport.Result create = tapedeck(dir, Map.of(), null, "serve", "--port", "0", "--db", db.toString(),
                "--create");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderr()).isEqualTo(error + "\n");

        for (List<String> reader : List.of(List.of("export", "s1"), List.of("replay", "s1"), List.of("db", "check"),
                List.of("db", "query", "SELECT 1"), List.of("db", "dump"), List.of("db", "backup", "copy.db"))) {
            List<String> args = new java.util.ArrayList<>(reader);
            args.addAll(List.of("--db", db.toString()));
            TestSupport.Result result = tapedeck(dir, Map.of(), null, args.toArray(String[]::new));
            assertThat(result.exitCode()).as(reader.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(reader.toString()).isEqualTo("tapedeck: no database at " + db + "\n");
        }
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void aSessionIdThatExistsAlreadyIsRefused() throws Exception {
        Path db = dir.resolve("t.db");
        assertThat(tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--session-id", "dup", "true")
                .exitCode()).isZero();
        TestSupport.Result again = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--session-id", "dup",
                "echo", "never");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.out()).isEmpty();
        assertThat(again.stderr()).contains("session 'dup' already exists");
    }

    @Test
    void extractionEventsAndCodeBlocksAreRecordedWithTheSession() throws Exception {
        Path db = dir.resolve("t.db");
        String script = "echo 'Error: connection refused'; echo '$ sudo rm -rf /var/cache/app';"
                + " printf '```sh\\necho hi\\n```\\n'; echo 'Tests run: 3, Failures: 1, Errors: 0, Skipped: 0'";
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--quiet",
                "--session-id", "ex-1", "--", "sh", "-c", script);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        try (Database database = Database.open(db)) {
            List<Extraction> events = database.extractions()
                    .list(ExtractionFilter.ALL.session("ex-1"), PageRequest.first(100)).items();
            assertThat(events).extracting(Extraction::eventType, Extraction::matchedValue, Extraction::lineNumber)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("error", "connection refused", 1L),
                            org.assertj.core.groups.Tuple.tuple("shell_command", "sudo rm -rf /var/cache/app", 2L),
                            org.assertj.core.groups.Tuple.tuple("test_result", "Tests run: 3, Failures: 1, Errors: 0, Skipped: 0", 6L));
            assertThat(events.stream().filter(e -> e.eventType().equals("shell_command")).findFirst().orElseThrow()
                    .riskLevel()).isEqualTo(RiskLevel.HIGH);
            assertThat(database.codeBlocks().list(CodeBlockFilter.ALL.session("ex-1"), PageRequest.first(10)).items())
                    .extracting(StoredCodeBlock::content, StoredCodeBlock::language).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("echo hi", "sh"));
            Session session = database.sessions().get("ex-1");
            assertThat(session.totals().extractionEvents()).isEqualTo(3);
            assertThat(session.totals().codeBlocks()).isEqualTo(1);
            assertThat(session.extractionConfigVersion()).isEqualTo("tapedeck-default-1");
        }
    }

    @Test
    void aBadPatternFileExitsTwoNamingFilePatternAndErrorBeforeTheCommandStarts() throws Exception {
        Path patterns = Files.writeString(dir.resolve("p.json"),
                "{\"patterns\": [{\"name\": \"mine\", \"event_type\": \"error\", \"regex\": \"(oops\"}]}");
        Path marker = dir.resolve("started");
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--patterns", patterns.toString(), "--", "touch", marker.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        String error = "tapedeck: patterns file " + patterns
                + ": pattern 'mine': regex /(oops/ does not compile: Unclosed group near index 5\n";
        assertThat(run.stderr()).isEqualTo(error);
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve("t.db")).as("a usage error leaves no database behind").doesNotExist();

        // A database that exists is opened while the patterns are read: the error is the same.
        assertThat(tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", dir.resolve("t.db").toString(), "--",
                "true").exitCode()).isZero();
        TestSupport.Result again = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--patterns", patterns.toString(), "--", "touch", marker.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderr()).isEqualTo(error);
        assertThat(marker).doesNotExist();
    }

    @Test
    void theLauncherScriptRunsTheJar() throws Exception {
        TestSupport.Result version = TestSupport.run(List.of(TestSupport.ROOT.resolve("tapedeck").toString(),
                "--version"), dir, Map.of(), null);
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.out()).startsWith("tapedeck 0.");
    }

    /**
     * The launcher keeps a class-data-sharing archive beside the jar; one the JVM cannot use (here
     * garbage) is ignored without a word, and JVM warnings never reach the wrapped command's stdout.
     */
    @Test
    void theLaunchersClassArchiveNeverTouchesStdout() throws Exception {
        Path launcher = TestSupport.ROOT.resolve("tapedeck");
        Path archive = TestSupport.ROOT.resolve("api/target/tapedeck.jsa");
        List<String> command = List.of(launcher.toString(), "run", "--quiet", "--db", dir.resolve("t.db").toString(),
                "--", "printf", "a\\nb");
        TestSupport.Result first = TestSupport.run(command, dir, Map.of(), null);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.out()).isEqualTo("a\nb");
        assertThat(archive).as("made on the first run").exists();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(TestSupport.JAR));
        try {
            Files.delete(archive);
            Files.writeString(archive, "not an archive");
            TestSupport.Result broken = TestSupport.run(command, dir, Map.of(), null);
            assertThat(broken.exitCode()).isZero();
            assertThat(broken.out()).isEqualTo("a\nb");
            assertThat(broken.stderr()).isEmpty();
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /**
     * The launcher's archive maps picocli's classes (Java 5 class files, which an archive made with
     * -XX:ArchiveClassesAtExit leaves out) and those of the reading commands, not only a run's.
     */
    @Test
    void theLaunchersClassArchiveHoldsPicocliAndTheReadingCommands() throws Exception {
        Path launcher = TestSupport.ROOT.resolve("tapedeck");
        Path db = dir.resolve("t.db");
        TestSupport.Result recorded = TestSupport.run(List.of(launcher.toString(), "run", "--quiet", "--db",
                db.toString(), "--", "true"), dir, Map.of(), null);
        assertThat(recorded.exitCode()).as(recorded.stderr()).isZero();
        Path archive = TestSupport.ROOT.resolve("api/target/tapedeck.jsa");
        // The launcher's own JVM options (an archive is refused under others), the archive required.
        TestSupport.Result ls = TestSupport.run(List.of(TestSupport.javaBin(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:NewRatio=1", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-Xlog:class+load=info", "-jar", TestSupport.ROOT.resolve("api/target/tapedeck.jar").toString(), "ls",
                "--db", db.toString()), dir, Map.of(), null);
        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        for (String type : List.of("picocli.CommandLine", "dev.tapedeck.api.LsCommand",
                "dev.tapedeck.store.SessionSummaries", "dev.tapedeck.api.cli.Table")) {
            assertThat(ls.out().lines().filter(l -> l.contains(" " + type + " source: ")))
                    .as(type).singleElement().asString().endsWith("source: shared objects file");
        }
    }

    /** The launcher unpacks SQLite's native library beside the jar once, not into the temporary folder per start. */
    @Test
    void theLauncherUnpacksTheSqliteLibraryOnceNotOnEveryStart() throws Exception {
        String arch = System.getProperty("os.arch");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64")), "the launcher unpacks it on Linux x86_64 and aarch64");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path launcher = TestSupport.ROOT.resolve("tapedeck");
        TestSupport.Result result = TestSupport.run(List.of(launcher.toString(), "run", "--quiet", "--db",
                dir.resolve("t.db").toString(), "--", "ls", "-A", tmp.toString()), dir,
                Map.of("TAPEDECK_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + tmp), null);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        // The folder of the command's output FIFOs is there while it runs (see OutputFifos); nothing else.
        assertThat(result.out().lines().filter(name -> !name.startsWith("tapedeck-child-")))
                .as("nothing unpacked into the temporary folder while it ran").isEmpty();
        assertThat(result.stderr()).isEmpty();
        Path library = TestSupport.ROOT.resolve("api/target/native/libsqlitejdbc.so");
        assertThat(library).exists();
        assertThat(Files.getLastModifiedTime(library)).isGreaterThan(Files.getLastModifiedTime(TestSupport.JAR));
    }
}
