package dev.wscommands.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given to Selenium, so its
 * Selenium Manager never looks for (or downloads) a browser or a driver. Missing packages fail the test with
 * the command that installs them: a browser test that skips itself would pass without testing anything.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser with a fresh profile in {@code profile}. */
    static HeadlessChromium start(Path profile) {
        for (Path required : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException(required + " is missing: the web console tests need Debian's "
                        + "chromium and chromium-driver (apt-get install -y chromium chromium-driver; ./test.sh does)");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // root in a container has no user namespace for the sandbox
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--user-data-dir=" + profile.toAbsolutePath(),
                        "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new HeadlessChromium(driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves what the page looks like at desktop and at phone width as {@code target/screenshots/NAME-*.png}. */
    void screenshots(String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "screenshots"));
            driver.manage().window().setSize(DESKTOP);
            save(folder.resolve(name + "-desktop.png"));
            driver.manage().window().setSize(PHONE);
            save(folder.resolve(name + "-phone.png"));
            driver.manage().window().setSize(DESKTOP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, not only the window: on a phone the log is below the fold. */
    @SuppressWarnings("unchecked")
    private void save(Path file) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Number> size = (Map<String, Number>) metrics.get("cssContentSize");
        // Captured beyond the viewport the page is laid out without a scroll bar, so it is as wide as the window.
        Number window = (Number) driver.executeScript("return window.innerWidth");
        Map<String, Object> clip = Map.of("x", 0, "y", 0,
                "width", Math.max(size.get("width").doubleValue(), window.doubleValue()),
                "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
