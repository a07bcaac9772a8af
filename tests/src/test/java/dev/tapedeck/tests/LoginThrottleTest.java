package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing the token through {@code POST /login} over real HTTP against a real {@code tapedeck
 * serve --token-file}: five wrong tokens go back to the login page, then the address is locked
 * out (429 with {@code Retry-After}, the right token included) for a time that doubles with each
 * further wrong one, and the right token works again once the lock has passed.
 */
class LoginThrottleTest {
    private static final String TOKEN = "s3cret-token-0123456789abcdef";

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void serve() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        served = Served.start(dir, dir.resolve("t.db"), "--token-file", token.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> logIn(String token) throws Exception {
        return served.http.send(HttpRequest.newBuilder(served.uri("/login"))
                .header("Origin", "http://127.0.0.1:" + served.port)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongTokensAreThrottledAndTheRightOneWorksAfterTheLock() throws Exception {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = logIn("wrong-" + i);
            assertThat(wrong.statusCode()).as("wrong token %d", i).isEqualTo(303);
            assertThat(wrong.headers().firstValue("location")).contains("/login?failed");
        }
        // The fifth locked the address for 1 s: every login is refused, the right token too.
        HttpResponse<String> locked = logIn(TOKEN);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("retry-after")).contains("1");
        assertThat(locked.headers().firstValue("set-cookie")).isEmpty();
        assertThat(served.get("/api/health").status()).isEqualTo(200);
        var error = com.google.gson.JsonParser.parseString(locked.body()).getAsJsonObject();
        assertThat(error.get("status").getAsInt()).isEqualTo(429);
        assertThat(error.get("detail").getAsString()).isEqualTo("too many wrong tokens from this address; try again in 1 s");

        // After the lock one more wrong token locks it for twice as long.
        assertThat(TestSupport.await(10, () -> status("still-wrong") == 303)).as("the 1 s lock passed").isTrue();
        HttpResponse<String> longer = logIn(TOKEN);
        assertThat(longer.statusCode()).isEqualTo(429);
        assertThat(longer.headers().firstValue("retry-after")).contains("2");
        // The login form's own post (a browser asks for a page) goes back to the form, which says how long to wait.
        HttpResponse<String> fromTheForm = served.http.send(HttpRequest.newBuilder(served.uri("/login"))
                .header("Origin", "http://127.0.0.1:" + served.port).header("Accept", "text/html,*/*;q=0.8")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromTheForm.statusCode()).isEqualTo(303);
        assertThat(fromTheForm.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).matches("/login\\?wait=[12]"));
        assertThat(fromTheForm.headers().firstValue("set-cookie")).isEmpty();

        // Once it has passed, the right token earns the cookie, and the address starts afresh.
        assertThat(TestSupport.await(10, () -> status(TOKEN) == 303)).as("the 2 s lock passed").isTrue();
        HttpResponse<String> right = logIn(TOKEN);
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("location")).contains("/");
        assertThat(right.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("tapedeck_session="));
        for (int i = 1; i <= 4; i++) {
            assertThat(logIn("wrong-again-" + i).statusCode()).as("wrong token %d after a success", i).isEqualTo(303);
        }
        assertThat(logIn(TOKEN).statusCode()).isEqualTo(303);
    }

    /** The status of a login with token, or -1 when it fails (for polling). */
    private int status(String token) {
        try {
            return logIn(token).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
