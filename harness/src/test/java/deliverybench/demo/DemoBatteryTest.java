package deliverybench.demo;

import deliverybench.core.ServerConfig;
import deliverybench.strategy.Strategy;
import deliverybench.web.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classroom page's batteries in a real browser (headless Chromium): at the page's defaults (a short poll every
 * 2 s, nothing sent) the LTE model keeps short poll's radio on (every poll inside the 10.12 s tail, 3,969 J an hour
 * in theory) while WebSocket's sleeps once its connection's tail is over, so short poll's panel drains faster.
 */
@Tag("browser")
class DemoBatteryTest {

    private DemoServer demo;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) throws Exception {
        demo = DemoServer.start(ServerConfig.forTests("battery-test-secret"));
        browser = Chromium.start(profile, 1400, 1700);
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
    void everyPanelsBatteryGrowsAndShortPollDrainsFasterThanWebSocket() throws Exception {
        browser.get(demo.page().toString());
        waitUntil(Duration.ofSeconds(15), () -> "yes".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
        for (Strategy strategy : demo.panels()) {
            waitUntil(Duration.ofSeconds(15), () -> energyJ(strategy.name()) > 0);
        }
        Map<String, Double> first = new HashMap<>();
        demo.panels().forEach(s -> first.put(s.name(), energyJ(s.name())));
        // Past WebSocket's promotion and tail (10.38 s), so that its radio has been idle for a while.
        Thread.sleep(20_000);
        for (Strategy strategy : demo.panels()) {
            String name = strategy.name();
            assertTrue(energyJ(name) > first.get(name), name + ": " + first.get(name) + " J, then " + energyJ(name));
            assertTrue(battery(name).findElement(By.cssSelector(".gauge-text")).getText().contains("of a 15 Wh battery"), name);
        }
        Chromium.screenshot(browser, Path.of("target", "demo-battery.png"));
        // The physics at these settings: a poll every 2 s never lets the radio sleep; one idle connection does.
        assertTrue(energyJ("short-poll") > 1.5 * energyJ("websocket"),
                "short poll " + energyJ("short-poll") + " J against websocket " + energyJ("websocket") + " J");
        assertTrue(number("short-poll", "per-hour-j") > 3000, "near the theory's 3,969 J an hour: " + number("short-poll", "per-hour-j"));
        assertTrue(!"idle".equals(battery("short-poll").getAttribute("data-radio-state")), "short poll's radio never sleeps");
        assertEquals("idle", battery("websocket").getAttribute("data-radio-state"), "websocket's radio sleeps between letters");
        assertTrue(text("short-poll", ".radio-why").contains("never sleeps"), text("short-poll", ".radio-why"));
        assertTrue(text("websocket", ".radio-why").startsWith("Only letters wake the radio"), text("websocket", ".radio-why"));

        // The 3G model on the same timelines: the same order.
        new Select(browser.findElement(By.id("radio"))).selectByValue("3g");
        waitUntil(Duration.ofSeconds(10), () -> "3g".equals(battery("websocket").getAttribute("data-model"))
                && "3g".equals(battery("short-poll").getAttribute("data-model")));
        assertTrue(energyJ("short-poll") > 1.5 * energyJ("websocket"),
                "3G: short poll " + energyJ("short-poll") + " J against websocket " + energyJ("websocket") + " J");
        assertTrue(text("websocket", ".battery-title").contains("3G"));

        // Letters twice a second come inside any tail: the sentence says so once the sender runs.
        browser.findElement(By.id("auto-toggle")).click();
        waitUntil(Duration.ofSeconds(10), () -> text("websocket", ".radio-why").contains("it never sleeps"));
    }

    @Test
    void aLongTimelineSettledInPartsCostsWhatItCostsWhole() throws Exception {
        browser.get(demo.page().toString());
        waitUntil(Duration.ofSeconds(15), () -> "yes".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
        // The page's Battery on a scripted clock: 2,600 transfers, one every 0.5 s to 1,300 s, through the settling
        // of the older ones (and a second answer after it), against the same timeline sent whole in one request.
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const {Battery} = await import('/demo/battery.js');
                  const element = document.createElement('div');
                  element.innerHTML = document.querySelector('.battery').innerHTML;
                  let now = 0;
                  const battery = new Battery(element, () => now);
                  const all = [];
                  const meta = (nowS, panels) => ({model: 'lte', now_s: nowS, poll_interval_ms: 2000, poll_wait_s: 10,
                                                   rate_per_user: 0, panels});
                  const post = async body => (await fetch('/demo/api/radio', {method: 'POST',
                      headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})).json();
                  const step = async (count) => {
                    for (let i = 0; i < count; i++) {
                      now += 0.5 + (i % 7 === 0 ? 12 : 0);
                      battery.mark(i % 2 === 0);
                      battery.wire(i % 2 === 0 ? 300 : 0, i % 2 === 0 ? 0 : 200);
                      all.push([Math.round(now * 1000) / 1000, i % 2 === 0 ? 1 : 0, i % 2 === 0 ? 300 : 200]);
                    }
                    const answer = await post(meta(now, [battery.request('websocket')]));
                    battery.show(answer.panels.websocket, answer, now);
                    const whole = await post(meta(now, [{name: 'websocket', from_s: 0, transfers: all}]));
                    return [Number(element.dataset.energyJ), whole.panels.websocket.usage.energy_j,
                            answer.panels.websocket.settled !== undefined, battery.transfers.length];
                  };
                  done([await step(2600), await step(300)]);
                })().catch(e => done(String(e)));
                """);
        assertTrue(result instanceof java.util.List, String.valueOf(result));
        java.util.List<?> steps = (java.util.List<?>) result;
        java.util.List<?> first = (java.util.List<?>) steps.get(0);
        java.util.List<?> second = (java.util.List<?>) steps.get(1);
        assertEquals(true, first.get(2), "the first answer settled the older transfers");
        assertTrue(((Number) first.get(3)).intValue() < 2000, "and the page dropped them: " + first.get(3));
        for (java.util.List<?> step : java.util.List.of(first, second)) {
            double settled = ((Number) step.get(0)).doubleValue();
            double whole = ((Number) step.get(1)).doubleValue();
            assertEquals(whole, settled, whole * 1e-6, "settled in parts against whole: " + step);
        }
    }

    private WebElement battery(String strategy) {
        return browser.findElement(By.cssSelector("section.panel[data-strategy='" + strategy + "'] .battery"));
    }

    private String text(String strategy, String css) {
        return battery(strategy).findElement(By.cssSelector(css)).getText();
    }

    private double number(String strategy, String data) {
        String value = battery(strategy).getAttribute("data-" + data);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private double energyJ(String strategy) {
        double value = number(strategy, "energy-j");
        return Double.isNaN(value) ? -1 : value;
    }

    private void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(200)).until(driver -> condition.getAsBoolean());
    }
}
