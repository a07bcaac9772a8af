package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

/**
 * The dashboard of a daemon with {@code --token-file}: pages send a browser to the login page,
 * posting the token there earns an HttpOnly, SameSite=Strict cookie that opens the pages and the
 * routes they read (the player's export included), and nothing opens without it. The token never
 * appears in a URL, the cookie or the daemon's log.
 */
class DashboardLoginTest {
    private static final String TOKEN = "s3cret-token-0123456789abcdef";

    @TempDir
    static Path dir;
    static Served served;
    static Browser browser;
    static String session;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("d.db");
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", "demo",
                "--", "sh", "-c", "echo 'error: behind the login'");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        session = r.stderr().replaceAll("(?s).*session (\\S+) recording.*", "$1");
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        served = Served.start(dir, db, "--token-file", token.toString());
        browser = Browser.start();
    }

    /** Whatever a test did after its last check, the console stays clean. */
    @AfterEach
    void consoleHasNoErrors(org.junit.jupiter.api.TestInfo test) {
        if (browser != null) {
            browser.assertNoConsoleErrors("the page " + test.getDisplayName() + " left open");
        }
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

    private String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    @Test
    void pagesWorkAfterTheTokenIsEnteredAndNotBefore() throws Exception {
        browser.driver.manage().deleteAllCookies();
        browser.open(url("/sessions/" + session), "login");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(url("/login"));
        browser.find("input[name=token]").sendKeys("not-the-token-at-all");
        browser.find("#login button").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().equals(url("/login?failed")));
        assertThat(browser.find("#failed").isDisplayed()).isTrue();
        assertThat(browser.driver.manage().getCookieNamed("tapedeck_session")).isNull();

        browser.find("input[name=token]").sendKeys(TOKEN);
        browser.find("#login button").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().equals(url("/")));
        browser.open(url("/"), "sessions-logged-in");
        assertThat(browser.findAll("#sessions tbody tr")).extracting(e -> e.getAttribute("data-session"))
                .containsExactly(session);
        Cookie cookie = browser.driver.manage().getCookieNamed("tapedeck_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getValue()).doesNotContain(TOKEN).matches("[0-9a-f]{64}");
        // The cookie is not readable by the page's scripts.
        assertThat(browser.script("return document.cookie")).isEqualTo("");

        browser.open(url("/sessions/" + session), "session-logged-in");
        browser.find(".ap-player").click();
        browser.waitUntil(10, () -> String.valueOf(browser.script(
                "const t = document.querySelector('pre.ap-term-text'); return t ? t.textContent : ''"))
                .contains("behind the login"));
        assertThat(browser.find("#events").getText()).contains("error: behind the login");
        assertThat(served.log()).doesNotContain(TOKEN);
    }

    @Test
    void withoutTheTokenOrCookieEveryRouteRefuses() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(served.uri("/")).build());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).contains("/login");
        assertThat(served.get("/api/query/sessions").status()).isEqualTo(401);
        assertThat(served.get("/api/replay/export/" + session + "?format=asciicast").status()).isEqualTo(401);
        assertThat(served.get("/api/query/sessions").status()).isEqualTo(401);
        HttpResponse<String> overview = send(HttpRequest.newBuilder(served.uri("/agents?range=30d")).build());
        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("location")).contains("/login");
        assertThat(served.get("/api/query/overview").status()).isEqualTo(401);
        // A made-up cookie opens nothing.
        assertThat(send(HttpRequest.newBuilder(served.uri("/api/query/sessions"))
                .header("Cookie", "tapedeck_session=" + "0".repeat(64)).build()).statusCode()).isEqualTo(401);
        // Open: the login page and the assets, which hold no recorded data.
        assertThat(served.get("/login").status()).isEqualTo(200);
        assertThat(served.get("/assets/session.js").status()).isEqualTo(200);
    }

    @Test
    void cookieOpensReadsAndAPostOnlyFromTheDaemonsOwnOrigin() throws Exception {
        String origin = "http://127.0.0.1:" + served.port;
        HttpResponse<String> login = send(HttpRequest.newBuilder(served.uri("/login")).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build());
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).matches("tapedeck_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(send(HttpRequest.newBuilder(served.uri("/api/query/sessions")).header("Cookie", cookie).build())
                .statusCode()).isEqualTo(200);
        // Another port of the same host is the same site, so the browser would send the cookie: refused.
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(served.uri("/api/replay/session/" + session))
                .header("Cookie", cookie).header("Origin", "http://127.0.0.1:1").POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(foreign.statusCode()).isEqualTo(401);
        HttpResponse<String> foreignLogin = send(HttpRequest.newBuilder(served.uri("/login"))
                .header("Origin", "http://127.0.0.1:1").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build());
        assertThat(foreignLogin.statusCode()).isEqualTo(403);
        assertThat(foreignLogin.headers().firstValue("set-cookie")).isEmpty();
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(served.uri("/api/replay/session/" + session))
                .header("Cookie", cookie).header("Sec-Fetch-Site", "same-site").POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(crossSite.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return served.http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
