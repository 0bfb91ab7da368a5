package deliverybench.demo;

import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Strategy;
import deliverybench.web.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classroom page in a real browser (headless Chromium) against a real demo server on free ports. */
@Tag("browser")
class DemoPageTest {

    private static final String SECRET = "demo-test-secret";
    private static final Path SCREENSHOTS = Path.of("target");

    private DemoServer demo;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) throws Exception {
        demo = DemoServer.start(ServerConfig.forTests(SECRET));
        browser = Chromium.start(profile, 1400, 1500);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyPanelReceivesEveryMessageInOrderAndOnlyPollsHearNothingNew() throws Exception {
        open();
        slide("interval", 500);
        slide("rate", 5);
        // Let short poll ask a few times with nothing to find.
        waitUntil(Duration.ofSeconds(10), () -> number(panel("short-poll"), "empty") >= 2);
        click("auto-toggle");
        waitUntil(Duration.ofSeconds(20), () -> Long.parseLong(text("auto-sent")) >= 15);
        click("auto-toggle");
        long sent = settledSends();
        assertEquals("0", text("auto-errors"));

        for (Strategy strategy : demo.panels()) {
            if (demo.browserClients().contains(strategy.name())) {
                WebElement panel = panel(strategy.name());
                waitUntil(Duration.ofSeconds(15), () -> number(panel, "lastSeq") == sent);
                assertEquals(sent, number(panel, "received"), strategy.name() + " received");
                assertEquals(0, number(panel, "gaps"), strategy.name() + " missed some");
                assertEquals(0, number(panel, "repeats"), strategy.name() + " got some twice");
                assertTrue(panel.findElement(By.cssSelector("td[data-counter=order]")).getText().contains("in order"));
                if (strategy.kind() == Kind.PUSH) {
                    assertEquals(0, number(panel, "empty"), strategy.name() + " is pushed: it never hears 'nothing new'");
                    assertEquals(1, number(panel, "requests"), strategy.name() + " opened one connection");
                }
            } else {
                // A strategy the browser cannot speak: its in-process client, seen through the server's counters.
                WebElement delivered = panel(strategy.name()).findElement(By.cssSelector("td[data-counter=serverDelivered]"));
                waitUntil(Duration.ofSeconds(10), () -> delivered.getText().equals(Long.toString(sent)));
            }
        }
        WebElement shortPoll = panel("short-poll");
        assertTrue(number(shortPoll, "empty") >= 2, "short poll heard 'nothing new'");
        assertTrue(number(shortPoll, "requests") > number(shortPoll, "received") / 5, "short poll kept asking");
        Chromium.screenshot(browser, SCREENSHOTS.resolve("demo-page.png"));
    }

    @Test
    void theLanguageSwitchChangesEveryLabel() throws Exception {
        open();
        Map<WebElement, String> english = labels();
        assertEquals("How does a new message reach its user?", browser.findElement(By.tagName("h1")).getText());
        click("lang");
        Map<WebElement, String> chinese = labels();
        assertEquals("一条新消息是怎样到达用户的？", browser.findElement(By.tagName("h1")).getText());
        List<String> unchanged = new ArrayList<>();
        english.forEach((element, text) -> {
            if (text.equals(chinese.get(element)) && !text.matches("[\\d.,\\s%–BKiMms]*")) {
                unchanged.add(text);
            }
        });
        assertTrue(unchanged.isEmpty(), "labels left in English: " + unchanged);
        assertEquals("短轮询", panel("short-poll").findElement(By.tagName("h2")).getText());
        Chromium.screenshot(browser, SCREENSHOTS.resolve("demo-page-zh.png"));
        click("lang");
        assertEquals("Short poll", panel("short-poll").findElement(By.tagName("h2")).getText());
    }

    @Test
    void theFormsShowWhatTheServerRefusedInItsOwnWords() throws Exception {
        open();
        browser.findElement(By.id("to")).sendKeys("not a user!");
        browser.findElement(By.id("body")).sendKeys("hello");
        click("send");
        WebElement result = browser.findElement(By.id("send-result"));
        waitUntil(Duration.ofSeconds(5), () -> "400".equals(result.getAttribute("data-status")));
        assertTrue(result.getText().contains("'to' is not a valid user id: it must match [A-Za-z0-9_-]{1,64}"),
                result.getText());

        browser.findElement(By.id("to")).clear();
        browser.executeScript("const body = document.getElementById('body');"
                + "body.value = 'x'.repeat(70000); body.dispatchEvent(new Event('input'));");
        assertTrue(browser.findElement(By.id("body-bytes")).getAttribute("class").contains("over"));
        click("send");
        waitUntil(Duration.ofSeconds(5), () -> "413".equals(result.getAttribute("data-status")));
        assertTrue(result.getText().contains("65536"), result.getText());
        Chromium.screenshot(browser, SCREENSHOTS.resolve("demo-page-refused.png"));

        // Nothing refused reached an inbox.
        browser.executeScript("document.getElementById('body').value = 'fine';");
        browser.findElement(By.id("to")).sendKeys("sse");
        click("send");
        waitUntil(Duration.ofSeconds(5), () -> "202".equals(result.getAttribute("data-status")));
        assertTrue(result.getText().contains("sse #1"), result.getText());
    }

    @Test
    void aClosedAndReopenedPageResumesEveryPanelWithoutLoss() throws Exception {
        open();
        for (int i = 0; i < 3; i++) {
            click("send");
            int expected = i + 1;
            waitUntil(Duration.ofSeconds(5), () -> browser.findElement(By.id("send-result")).getText().contains("#" + expected));
        }
        for (String name : demo.browserClients()) {
            waitUntil(Duration.ofSeconds(10), () -> number(panel(name), "lastSeq") == 3);
        }
        browser.get("about:blank");
        // Sent while no page is open: each panel must find them when it comes back.
        HttpClient http = HttpClient.newHttpClient();
        String token = new TokenMinter(SECRET).mint("outside", Duration.ofMinutes(5));
        for (int i = 4; i <= 7; i++) {
            for (String name : demo.browserClients()) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(demo.http().resolve("/messages"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + name + "\",\"body\":\"while closed " + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(202, answer.statusCode(), answer.body());
            }
        }
        open();
        for (String name : demo.browserClients()) {
            WebElement panel = panel(name);
            waitUntil(Duration.ofSeconds(15), () -> number(panel, "lastSeq") == 7);
            assertEquals(4, number(panel, "received"), name + ": only what it had not seen");
            assertEquals(0, number(panel, "gaps"), name);
            assertEquals(0, number(panel, "repeats"), name);
            // Read at once: the list is redrawn as the page works.
            Object seqs = browser.executeScript("return [...arguments[0].querySelectorAll('.messages li')]"
                    + ".map(li => li.dataset.seq);", panel);
            assertEquals(List.of("7", "6", "5", "4", "3", "2", "1"), seqs, name + "'s list");
        }
        Chromium.screenshot(browser, SCREENSHOTS.resolve("demo-page-reopened.png"));
    }

    @Test
    void aPageKeptFromBeforeAServerRestartIsToldAndStartsOverInTheNewInboxes() throws Exception {
        open();
        click("send");
        for (String name : demo.browserClients()) {
            waitUntil(Duration.ofSeconds(10), () -> number(panel(name), "lastSeq") == 1);
        }
        browser.get("about:blank");
        // A new server at the same address: empty inboxes and another epoch, while the page keeps the old one.
        ServerConfig config = demo.server().config();
        int port = demo.server().httpPort();
        demo.close();
        demo = DemoServer.start(config.withPorts(port, 0));
        open();
        click("send");
        click("send");
        for (String name : demo.browserClients()) {
            WebElement panel = panel(name);
            waitUntil(Duration.ofSeconds(15), () -> number(panel, "lastSeq") == 2);
            assertEquals(2, number(panel, "received"), name);
            assertEquals(0, number(panel, "gaps"), name);
            assertEquals(0, number(panel, "repeats"), name);
        }
    }

    private void open() {
        URI page = demo.page();
        browser.get(page.toString());
        waitUntil(Duration.ofSeconds(15), () -> "yes".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
        for (String name : demo.browserClients()) {
            waitUntil(Duration.ofSeconds(10), () -> number(panel(name), "requests") >= 1);
        }
    }

    /** The count of automatic sends once every one started before Stop has been answered. */
    private long settledSends() {
        waitUntil(Duration.ofSeconds(15), () -> "0".equals(browser.findElement(By.id("auto-sent")).getAttribute("data-in-flight")));
        return Long.parseLong(text("auto-sent"));
    }

    private Map<WebElement, String> labels() {
        Map<WebElement, String> texts = new HashMap<>();
        List<WebElement> elements = new ArrayList<>(browser.findElements(By.cssSelector("[data-i18n], h2, th, .picture, .why, .kind, #lang")));
        for (WebElement element : elements) {
            texts.put(element, element.getText());
        }
        assertFalse(texts.isEmpty());
        return texts;
    }

    private WebElement panel(String strategy) {
        return browser.findElement(By.cssSelector("section.panel[data-strategy='" + strategy + "']"));
    }

    private static long number(WebElement panel, String data) {
        String value = panel.getAttribute("data-" + data.replaceAll("([A-Z])", "-$1").toLowerCase());
        return value == null ? -1 : Long.parseLong(value);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    private void slide(String id, double value) {
        browser.executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input'));", id, value);
    }

    private void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(100)).until(driver -> condition.getAsBoolean());
    }
}
