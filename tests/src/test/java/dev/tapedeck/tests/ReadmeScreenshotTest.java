package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's screenshot ({@code docs/images/sessions.png}), made through the real Chromium: the
 * sessions page of a real {@code tapedeck serve} over sessions recorded by real {@code tapedeck
 * run}s (a Claude stream-json run with tokens and cost, a failed build, a coloured demo, and one
 * still running). Every run writes it to {@code tests/target/screenshots/readme-sessions.png} and
 * checks it stays under {@link #MAX_BYTES}; with {@code -Dtapedeck.readme.images=update} it also
 * replaces the README's copy (the methods run by name, so the check of the copy comes after):
 *
 * <pre>mvn -B -o -q -pl tests -am package -Dtest=ReadmeScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtapedeck.readme.images=update</pre>
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class ReadmeScreenshotTest {
    static final long MAX_BYTES = 200 * 1024;
    static final Path README_IMAGE = TestSupport.ROOT.resolve("docs/images/sessions.png");

    @TempDir
    static Path dir;
    static Path db;
    static Served served;
    static Browser browser;

    @BeforeAll
    static void serve() throws Exception {
        db = dir.resolve("readme.db");
        served = Served.start(dir, db);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (served != null) {
            served.close();
        }
    }

    private static void record(String agent, String script, int exit) throws Exception {
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", agent,
                "--", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(exit);
    }

    @Test
    void sessionsPageScreenshotForTheReadme() throws Exception {
        record("claude", "printf '%s\\n' "
                + "'{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
                + "\"name\":\"Bash\",\"input\":{\"command\":\"git reset --hard origin/main\"}}]}}' "
                + "'{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"total_cost_usd\":0.4213,"
                + "\"usage\":{\"input_tokens\":48210,\"output_tokens\":3120},\"session_id\":\"c1\"}'", 0);
        record("codex", "echo 'Compiling app v0.1.0'; echo 'error[E0425]: cannot find value `conn` in this scope';"
                + " echo 'error: could not compile `app` (bin \"app\") due to 1 previous error'; exit 101", 101);
        record("demo", "printf '\\033[32mok\\033[0m all 12 tests passed\\n'; echo 'warning: unused import'", 0);
        Process running = TestSupport.start(dir, "run", "--db", db.toString(), "--agent", "aider", "--", "sh", "-c",
                "echo 'Aider v0.86.1'; echo 'Tokens: 12k sent, 1.1k received.'; while [ ! -e gate ]; do sleep 0.05; done");
        try {
            assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/sessions?agent=aider")
                    .contains("\"total_lines_processed\":2"))).isTrue();
            browser.open("http://127.0.0.1:" + served.port + "/", "readme-sessions-first");
            browser.waitUntil(10, () -> browser.findAll("#sessions tbody tr[data-session]").size() == 4
                    && browser.find("#sessions tbody").getText().contains("live"));
            browser.screenshot("readme-sessions");
        } finally {
            Files.writeString(dir.resolve("gate"), "");
            running.waitFor(30, TimeUnit.SECONDS);
            running.destroyForcibly();
        }
        Path shot = Browser.SCREENSHOTS.resolve("readme-sessions.png");
        assertThat(Files.size(shot)).as("the screenshot's size").isLessThan(MAX_BYTES);
        if ("update".equals(System.getProperty("tapedeck.readme.images"))) {
            Files.createDirectories(README_IMAGE.getParent());
            Files.copy(shot, README_IMAGE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theReadmesScreenshotIsASmallPng() throws Exception {
        assertThat(Files.readString(TestSupport.ROOT.resolve("README.md"))).contains("](docs/images/sessions.png)");
        byte[] png = Files.readAllBytes(README_IMAGE);
        assertThat(png.length).isLessThan((int) MAX_BYTES);
        assertThat(java.util.Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }
}
