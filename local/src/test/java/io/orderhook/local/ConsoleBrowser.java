package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} through its {@code chromedriver}, which
 * .ci/run installs when missing) for one test class, pointed at a running local stack's console.
 * Without them the class is skipped with one line saying so, except where
 * {@code ORDERHOOK_BROWSER_TESTS=required} (.ci/run sets it), where their absence fails the run.
 * Screenshots go to {@code target/console-screenshots/}, the test run's artefacts.
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final int MAX_HEIGHT = 4000;

    private final RunningStack stack;
    private ChromeDriver driver;
    private WebDriverWait wait;

    ConsoleBrowser(RunningStack stack) {
        this.stack = stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
            String missing = "the console's browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver; .ci/run installs them)";
            if ("required".equals(System.getenv("ORDERHOOK_BROWSER_TESTS"))) {
                throw new IllegalStateException(missing);
            }
            System.out.println("Skipped: " + missing);
            Assumptions.assumeTrue(false, missing);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                // As root (CI) Chromium needs --no-sandbox; /dev/shm is small in containers.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1000", "--lang=en-GB");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile()).build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a console page ({@code "#/shops/demo"}) and waits until it has drawn its heading. */
    void open(String hash) {
        URI page = URI.create(stack.base() + "/console/" + hash);
        driver.get(page.toString());
        // A hash change alone does not reload the page: make the page draw it.
        driver.navigate().refresh();
        waitFor(By.cssSelector("main h1"));
    }

    WebElement waitFor(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until {@code locator}'s text contains {@code text}; answers that text. */
    String waitForText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator).getText();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves the whole page, top to bottom, as {@code target/console-screenshots/{name}.png}. */
    Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        Dimension window = driver.manage().window().getSize();
        long page = (Long) driver.executeScript("window.scrollTo(0, 0); return document.documentElement.scrollHeight");
        long chrome = (Long) driver.executeScript("return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(page + chrome, MAX_HEIGHT)));
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
        return file;
    }
}
