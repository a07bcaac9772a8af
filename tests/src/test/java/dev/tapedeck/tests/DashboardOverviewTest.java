package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The overview page ({@code /agents}) in a real headless Chromium against a real {@code tapedeck
 * serve} on a database filled by real {@code tapedeck run}s: a demo agent with a repeated error,
 * a Claude stream-json session with a high-risk command, tokens and cost, and an agent whose
 * errors are the XSS corpus. The charts are drawn from the API's numbers, error values show as
 * text and run nothing, and the range in the URL survives a reload.
 */
class DashboardOverviewTest {
    private static final String CLAUDE = "printf '%s\\n' "
            + "'{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
            + "\"name\":\"Bash\",\"input\":{\"command\":\"rm -rf /tmp/overview-x\"}}]}}' "
            + "'{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"total_cost_usd\":0.25,"
            + "\"usage\":{\"input_tokens\":1200,\"output_tokens\":300},\"session_id\":\"c1\"}'";

    @TempDir
    static Path dir;
    static Served served;
    static Browser browser;
    static String demo;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("d.db");
        record(db, "demo", "echo 'error: disk quota exceeded'; echo fine; echo 'error: disk quota exceeded'");
        record(db, "demo", "echo 'error: disk quota exceeded'; echo 'error: network unreachable'");
        record(db, "claude", CLAUDE);
        StringBuilder hostile = new StringBuilder();
        for (String line : DashboardTest.XSS) {
            hostile.append("printf '%s\\n' 'error: ").append(line.replace("'", "'\\''")).append("'; ");
        }
        record(db, "hostile", hostile.append("true").toString());
        served = Served.start(dir, db);
        demo = served.get("/api/query/sessions?agent=demo&limit=1").json().getAsJsonArray("sessions").get(0)
                .getAsJsonObject().get("session_id").getAsString();
        browser = Browser.start();
    }

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

    private static void record(Path db, String agent, String script) throws Exception {
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", agent,
                "--", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    private static double drawnTotal(String chart) {
        return Double.parseDouble(browser.find("#" + chart).getAttribute("data-total"));
    }

    @Test
    void chartsAreDrawnFromTheSeededSessions() throws Exception {
        browser.open(url("/agents?range=24h"), "agents");
        JsonObject totals = served.get("/api/query/overview?since=24h&bucket=hour").json().getAsJsonObject("totals");
        assertThat(totals.get("sessions").getAsLong()).isEqualTo(4);
        for (String chart : List.of("chart-sessions", "chart-lines", "chart-problems", "chart-usage")) {
            assertThat(browser.findAll("#" + chart + " .uplot canvas")).as(chart).hasSize(1);
        }
        assertThat(drawnTotal("chart-sessions")).isEqualTo(4);
        assertThat(drawnTotal("chart-lines")).isEqualTo(totals.get("lines").getAsDouble()).isGreaterThan(0);
        assertThat(totals.get("high_risk_commands").getAsLong()).isEqualTo(1);
        assertThat(drawnTotal("chart-problems")).isEqualTo(totals.get("errors").getAsDouble() + 1);
        assertThat(drawnTotal("chart-usage")).isEqualTo(1500.25);
        assertThat(browser.find("#totals").getText()).contains("4 completed", "$0.25", "1,200 in, 300 out");
        // A canvas with something on it: not every pixel of the lines chart is the same.
        Object distinct = browser.script("const c = document.querySelector('#chart-lines canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " const seen = new Set(); for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2] + ',' + d[i + 3]);"
                + " return seen.size;");
        assertThat(((Number) distinct).intValue()).isGreaterThan(2);
    }

    @Test
    void anAgentsMostFrequentErrorShowsAsTextAndLinksToItsSessionAndSearch() throws Exception {
        browser.open(url("/agents?agent=demo&range=7d"), "agents-demo");
        JsonObject top = served.get("/api/query/overview?agent=demo&since=7d").json()
                .getAsJsonArray("frequent_errors").get(0).getAsJsonObject();
        assertThat(top.get("count").getAsLong()).isEqualTo(3);
        assertThat(top.get("sessions").getAsLong()).isEqualTo(2);
        WebElement first = browser.find("#errors tbody tr");
        assertThat(first.findElement(By.cssSelector("td.value")).getText()).isEqualTo(top.get("value").getAsString())
                .contains("disk quota exceeded");
        assertThat(first.findElement(By.cssSelector("td:nth-child(1)")).getText()).isEqualTo("3");
        assertThat(first.findElement(By.cssSelector("a.last")).getAttribute("href"))
                .startsWith(url("/sessions/" + demo + "?at="));
        String search = first.findElement(By.cssSelector("a.search")).getAttribute("href");
        assertThat(search).startsWith(url("/search?q=")).endsWith("&agent=demo");
        first.findElement(By.cssSelector("a.search")).click();
        browser.waitUntil(10, () -> "true".equals(browser.script("return document.body.dataset.loaded"))
                && browser.driver.getCurrentUrl().startsWith(url("/search")));
        browser.waitUntil(10, () -> !browser.findAll("#hits tbody tr[data-session]").isEmpty());
        assertThat(browser.find("#hits").getText()).contains("disk quota exceeded");
        browser.assertNoConsoleErrors("the search a frequent error links to");
    }

    @Test
    void xssCorpusAsErrorValuesShowsAsTextAndRunsNothing() throws Exception {
        browser.open(url("/agents?agent=hostile&range=24h"), "agents-hostile");
        List<String> values = new ArrayList<>();
        for (WebElement cell : browser.findAll("#errors tbody td.value")) {
            values.add(cell.getText());
        }
        List<String> api = new ArrayList<>();
        served.get("/api/query/overview?agent=hostile&since=24h&errors=100").json().getAsJsonArray("frequent_errors")
                .forEach(e -> api.add(e.getAsJsonObject().get("value").getAsString()));
        assertThat(values).containsExactlyInAnyOrderElementsOf(api).hasSize(DashboardTest.XSS.size());
        for (String line : DashboardTest.XSS) {
            assertThat(values).as(line).anySatisfy(v -> assertThat(v).contains(line));
        }
        assertThat(browser.alertOpen()).isFalse();
        assertThat(browser.findAll("#errors img, #errors svg, #errors script, #errors style, #errors textarea")).isEmpty();
        assertThat(browser.find("body").isDisplayed()).isTrue();
    }

    @Test
    void theRangeInTheUrlSurvivesAReload() throws Exception {
        browser.open(url("/agents?agent=demo&range=30d&bucket=day"), "agents-30d");
        assertRange("demo", "30d", "", "day");
        assertThat(browser.find("#range").getText()).startsWith("Agent demo, ").endsWith("per day.");
        browser.driver.navigate().refresh();
        browser.waitUntil(15, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        assertRange("demo", "30d", "", "day");
        // The form writes the range into the URL: 24 h in hours, for every agent.
        new Select(browser.find("#filters select[name=range]")).selectByValue("24h");
        new Select(browser.find("#filters select[name=bucket]")).selectByValue("");
        new Select(browser.find("#filters select[name=agent]")).selectByValue("");
        browser.find("#filters button").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().equals(url("/agents?range=24h")));
        browser.waitUntil(15, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        browser.driver.navigate().refresh();
        browser.waitUntil(15, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        assertRange("", "24h", "", "");
        assertThat(browser.find("#range").getText()).startsWith("Every agent, ").endsWith("per hour.");
        // A range of one's own: since and until as typed, in the URL.
        browser.open(url("/agents?since=2026-01-01&until=2026-01-03"), "agents-custom");
        assertRange("", "", "2026-01-01", "");
        assertThat(browser.find("#filters input[name=until]").getAttribute("value")).isEqualTo("2026-01-03");
        assertThat(browser.find("#range").getText()).endsWith("per hour.");
        assertThat(browser.find("#errors tbody").getText()).isEqualTo("No errors.");
    }

    private static void assertRange(String agent, String range, String since, String bucket) {
        assertThat(browser.script("return document.querySelector('#filters select[name=agent]').value")).isEqualTo(agent);
        assertThat(browser.script("return document.querySelector('#filters select[name=range]').value")).isEqualTo(range);
        assertThat(browser.find("#filters input[name=since]").getAttribute("value")).isEqualTo(since);
        assertThat(browser.script("return document.querySelector('#filters select[name=bucket]').value")).isEqualTo(bucket);
    }
}
