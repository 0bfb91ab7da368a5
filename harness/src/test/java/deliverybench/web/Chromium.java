package deliverybench.web;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Debian's headless Chromium driven by its chromedriver at paths given explicitly, so that Selenium Manager never runs and nothing is downloaded. */
public final class Chromium {

    public static final Path BINARY = Path.of(System.getProperty("deliverybench.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("deliverybench.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** A fresh browser with a profile of its own in {@code profile}; fails saying how to install it when absent. */
    public static ChromeDriver start(Path profile, int width, int height) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            fail("the browser tests need Debian's chromium and chromium-driver at " + BINARY + " and " + DRIVER
                    + " (apt-get install -y chromium chromium-driver; .ci/run installs them), or their paths in "
                    + "-Ddeliverybench.chromium and -Ddeliverybench.chromedriver");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        // What Chromium needs to run headless as root in a container, and to stay off the network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as a PNG. */
    public static Path screenshot(ChromeDriver browser, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
