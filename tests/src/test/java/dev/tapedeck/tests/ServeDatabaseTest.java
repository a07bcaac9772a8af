package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --db}: a mistyped path is refused, and a serve that does not start leaves no file. */
class ServeDatabaseTest {
    @TempDir
    Path dir;

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> all = Files.list(folder)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.contains(".db")).sorted().toList();
        }
    }

    @Test
    void aGivenPathThatDoesNotExistIsRefusedUnlessCreate() throws Exception {
        Path typo = dir.resolve("tapedek.db");
        TestSupport.Result serve = tapedeck(dir, Map.of(), null, "serve", "--db", typo.toString(), "--port", "0");
        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.stderr()).isEqualTo("tapedeck: no database at " + typo
                + " (give --create to make a new one there)\n");
        assertThat(files(dir)).isEmpty();
        TestSupport.Result env = tapedeck(dir, Map.of("TAPEDECK_DB", typo.toString()), null, "serve", "--port", "0");
        assertThat(env.exitCode()).isEqualTo(1);
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void aServeThatCannotListenLeavesNoFileBehindButKeepsAnExistingOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Path created = dir.resolve("new.db");
            TestSupport.Result serve = tapedeck(dir, Map.of(), null, "serve", "--db", created.toString(), "--create",
                    "--port", port);
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).startsWith("tapedeck: cannot listen on 127.0.0.1:" + port + ": ")
                    .hasLineCount(1);
            assertThat(files(dir)).isEmpty();

            Path existing = dir.resolve("old.db");
            assertThat(tapedeck(dir, Map.of(), null, "run", "-q", "--db", existing.toString(), "--", "true")
                    .exitCode()).isZero();
            TestSupport.Result again = tapedeck(dir, Map.of(), null, "serve", "--db", existing.toString(), "--port",
                    port);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(Files.exists(existing)).isTrue();

            // The default database: created when missing, but not left behind by a serve that failed.
            Path home = Files.createDirectory(dir.resolve("home"));
            TestSupport.Result byDefault = tapedeck(dir, Map.of("HOME", home.toString()), null, "serve", "--port", port);
            assertThat(byDefault.exitCode()).isEqualTo(1);
            assertThat(home.resolve(".local/share/tapedeck")).doesNotExist();
        }
    }

    @Test
    void theDefaultDatabaseIsStillCreated() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "serve", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("TAPEDECK_DB");
        builder.environment().put("HOME", home.toString());
        Process serve = builder.start();
        try {
            assertThat(TestSupport.await(30, () -> {
                try {
                    return Files.readString(log).contains("tapedeck: serving http://") || !serve.isAlive();
                } catch (java.io.IOException e) {
                    return false;
                }
            })).isTrue();
            assertThat(Files.readString(log)).contains("tapedeck: serving http://");
            assertThat(home.resolve(".local/share/tapedeck/tapedeck.db")).exists();
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }
}
