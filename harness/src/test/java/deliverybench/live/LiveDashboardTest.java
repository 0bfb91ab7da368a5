package deliverybench.live;

import deliverybench.options.RunOptions;
import deliverybench.results.RunResult;
import deliverybench.run.BenchmarkRun;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategies;
import deliverybench.web.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --live} in a real browser: a short run against spawned servers, its numbers moving on the page. */
@Tag("browser") @Tag("spawned")
class LiveDashboardTest {

    @Test
    void thePageShowsTheRunAsItGoes(@TempDir Path results, @TempDir Path profile) throws Exception {
        RunOptions config = RunOptions.parse("--strategy", "short-poll,websocket", "--clients", "20", "--rate", "20",
                "--arrival", "constant", "--duration", "5s", "--warmup", "1s", "--warmup-max", "4s", "--poll-interval",
                "500ms", "--poll-wait", "5s", "--connect-rate", "1000", "--grace", "2s", "--sender-connections", "2",
                "--server-jvm-args", "-Xmx256m");
        ChromeDriver browser = Chromium.start(profile, 1300, 1300);
        try (LiveDashboard dashboard = LiveDashboard.start("127.0.0.1", 0, config, "live test")) {
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BenchmarkRun(config, BenchmarkRun.newRunDir(results), dashboard::progress, dashboard).execute();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            browser.get(dashboard.url().toString());
            WebElement shortPoll = browser.findElement(By.cssSelector(".card[data-strategy='short-poll']"));
            waitUntil(browser, Duration.ofSeconds(60), () -> shortPoll.getAttribute("data-sent") != null);
            long first = Long.parseLong(shortPoll.getAttribute("data-sent"));
            waitUntil(browser, Duration.ofSeconds(10), () -> Long.parseLong(shortPoll.getAttribute("data-sent")) > first);
            assertTrue(browser.findElement(By.id("log")).getText().contains("short-poll"), "progress lines shown");

            WebElement websocket = browser.findElement(By.cssSelector(".card[data-strategy='websocket']"));
            waitUntil(browser, Duration.ofSeconds(60), () -> websocket.getAttribute("data-second") != null);
            Chromium.screenshot(browser, Path.of("target", "live-dashboard.png"));
            RunResult result = run.get(2, TimeUnit.MINUTES);
            assertTrue(result.completed(), result.failure());

            WebElement state = browser.findElement(By.id("state"));
            waitUntil(browser, Duration.ofSeconds(10), () -> "finished".equals(state.getAttribute("data-state")));
            List<String> columns = browser.findElements(By.cssSelector("#costs thead th")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("", "short-poll", "websocket"), columns);
            String lost = browser.findElement(By.cssSelector("#costs tr[data-key=lost]")).getText();
            assertEquals("lost 0 0", lost);
            assertEquals("5", shortPoll.getAttribute("data-second"), "every second of the window shown");
            Chromium.screenshot(browser, Path.of("target", "live-dashboard-finished.png"));
        } finally {
            browser.quit();
        }
    }

    private static void waitUntil(ChromeDriver browser, Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(100)).until(driver -> condition.getAsBoolean());
    }
}
