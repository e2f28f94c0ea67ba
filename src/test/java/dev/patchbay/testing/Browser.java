package dev.patchbay.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A real headless Chromium per test, driven through its chromedriver: Debian's {@code chromium} and
 * {@code chromium-driver} unless {@code PATCHBAY_TEST_CHROMIUM} and {@code PATCHBAY_TEST_CHROMEDRIVER}
 * name others. Nothing is downloaded. Without a browser the test is skipped with the reason printed,
 * unless {@code PATCHBAY_TEST_BROWSER=required} (as CI sets it), which makes it fail instead. A test
 * that fails leaves a screenshot in {@code target/console-screenshots/}.
 */
public final class Browser implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String REQUIRED = "PATCHBAY_TEST_BROWSER";
    // Held so the setting sticks (JUL keeps loggers weakly): the console tests use no DevTools
    // protocol, so Selenium's note that it has no bindings for this Chromium version is noise.
    private static final java.util.logging.Logger CDP_NOTES = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private ChromeDriver driver;
    private Path profile;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        File chromium = executable("PATCHBAY_TEST_CHROMIUM", "/usr/bin/chromium");
        File chromedriver = executable("PATCHBAY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (chromium == null || chromedriver == null) {
            String reason = "no browser for the console tests: install Debian's chromium and chromium-driver "
                    + "(or set PATCHBAY_TEST_CHROMIUM and PATCHBAY_TEST_CHROMEDRIVER)";
            if ("required".equals(System.getenv(REQUIRED))) {
                throw new AssertionError(reason + "; " + REQUIRED + "=required makes this a failure");
            }
            System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
            Assumptions.abort(reason);
        }
        profile = Files.createTempDirectory("patchbay-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // The machine has no internet: without the background-networking switches Chromium keeps
        // trying to reach Google's services at every start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (driver != null) {
            try {
                screenshot(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        PatchbayServerExtension.deleteTree(profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Narrows (or widens) the viewport, as a phone or a desktop would have it. */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows as {@code target/console-screenshots/<name>.png}; answers the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    private static File executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        File file = new File(configured == null || configured.isBlank() ? fallback : configured);
        return file.canExecute() ? file : null;
    }
}
