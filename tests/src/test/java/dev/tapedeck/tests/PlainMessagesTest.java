package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says when something is wrong: one line in a person's words, and the right exit code. */
class PlainMessagesTest {
    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void record() throws Exception {
        db = dir.resolve("t.db");
        assertThat(tapedeck(dir, Map.of(), null, "run", "-q", "--db", db.toString(), "--session-id", "s1", "--", "sh",
                "-c", "echo one; echo two").exitCode()).isZero();
    }

    private TestSupport.Result cli(String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--db";
        all[args.length + 1] = db.toString();
        return tapedeck(dir, Map.of(), null, all);
    }

    private static void assertOneLine(TestSupport.Result result, int exitCode, String stderr) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
        assertThat(result.stderr()).isEqualTo(stderr);
    }

    @Test
    void replayFromPastTheEndSaysSoAndExits1() throws Exception {
        assertOneLine(cli("replay", "s1", "--from", "line:999"), 1,
                "tapedeck: --from line:999 is past the end of session s1, which has 2 lines\n");
        TestSupport.Result late = cli("replay", "s1", "--from", "999");
        assertThat(late.exitCode()).isEqualTo(1);
        assertThat(late.stderr()).matches("tapedeck: --from 999 is past the end of session s1, whose last line is at"
                + " \\d+\\.\\d{3} s\\n");
        assertThat(cli("replay", "s1", "--from", "line:2").out()).isEqualTo("two\n");
    }

    @Test
    void dbQueryTakesOneStatementAndSaysWhatSqliteSaidOnce() throws Exception {
        TestSupport.Result two = cli("db", "query", "select 1; select 2");
        assertThat(two.exitCode()).isEqualTo(1);
        assertThat(two.stderr()).startsWith("tapedeck: query refused: it holds 2 statements; give exactly one")
                .hasLineCount(1);
        assertThat(two.out()).isEmpty();
        assertOneLine(cli("db", "query", "select * from nope"), 1, "tapedeck: query failed: no such table: nope\n");
    }

    @Test
    void backupChecksItsTargetBeforeSayingItIsBackingUp() throws Exception {
        assertOneLine(cli("db", "backup", db.toString()), 1, "tapedeck: backup target " + db + " already exists\n");
        Path missing = dir.resolve("no-such-folder/b.db");
        assertOneLine(cli("db", "backup", missing.toString()), 1, "tapedeck: backup target " + missing + ": folder "
                + missing.getParent() + " does not exist\n");
    }

    @Test
    void fileErrorsAreWordsNotJavaExceptionNames() throws Exception {
        assertOneLine(cli("export", "s1", "-o", dir.toString()), 2, "tapedeck: -o " + dir
                + " is a folder; give a file name\n");
        Path missing = dir.resolve("no-such-folder/s.cast");
        assertOneLine(cli("export", "s1", "-o", missing.toString()), 1, "tapedeck: write " + missing
                + " failed: no such file or directory\n");
        assertOneLine(tapedeck(dir, Map.of(), null, "run", "--patterns", dir.resolve("nope.yml").toString(), "--db",
                db.toString(), "--", "true"), 2,
                "tapedeck: patterns file " + dir.resolve("nope.yml") + ": cannot read: no such file or directory\n");
        Files.writeString(dir.resolve("not-a-db"), "hello\n".repeat(200));
        assertOneLine(tapedeck(dir, Map.of(), null, "replay", "s1", "--db", dir.resolve("not-a-db").toString()), 1,
                "tapedeck: open database " + dir.resolve("not-a-db") + " failed: file is not a database\n");
    }
}
