package deliverybench.web;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Takes the README's pictures by hand, in a real browser: {@code Tour URL OUT.png SECONDS [WIDTH HEIGHT] [click-id...]}
 * opens the page, clicks the elements named (by id) in order, waits, and saves a screenshot.
 */
public final class Tour {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path out = Path.of(args[1]);
        long seconds = Long.parseLong(args[2]);
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 1400;
        int height = args.length > 4 ? Integer.parseInt(args[4]) : 1600;
        Path profile = Files.createTempDirectory("tour-profile");
        ChromeDriver browser = Chromium.start(profile, width, height);
        try {
            browser.get(url);
            Thread.sleep(2_000);
            for (int i = 5; i < args.length; i++) {
                browser.findElement(By.id(args[i])).click();
            }
            Thread.sleep(seconds * 1_000);
            Chromium.screenshot(browser, out);
            // What the page's panels counted, for the record beside the picture.
            for (var panel : browser.findElements(By.cssSelector("section.panel"))) {
                System.out.println("== " + panel.getAttribute("data-strategy"));
                System.out.println(panel.findElement(By.cssSelector(".counters")).getText());
            }
            browser.manage().logs().getAvailableLogTypes().forEach(type ->
                    browser.manage().logs().get(type).forEach(entry -> System.out.println(type + ": " + entry)));
        } finally {
            browser.quit();
        }
    }
}
