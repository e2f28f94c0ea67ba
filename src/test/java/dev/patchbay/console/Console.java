package dev.patchbay.console;

import dev.patchbay.testing.Browser;
import dev.patchbay.testing.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The console as a user sees it, in a real browser: what a test can look at and do, by the names
 * and labels on the page. Waits until the page shows what it is asked for (a generous limit for
 * a loaded machine; no test measures time).
 */
final class Console {
    private final WebDriver driver;
    private final String base;
    private final WebDriverWait wait;

    Console(Browser browser, TestServer server) {
        this.driver = browser.driver();
        this.base = server.baseUrl();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * Opens {@code /console} at {@code hash} (e.g. {@code #/providers/github}), in the same tab. The
     * empty hash opens the provider list, where most tests begin; the console's own first page, the
     * overview, is {@code #/}.
     */
    Console open(String hash) {
        driver.get(base + "/console" + (hash.isEmpty() ? "#/providers" : hash));
        return this;
    }

    Console signIn(String key) {
        open("");
        typeKey(key);
        waitUntil(d -> d.findElement(By.id("session")).isDisplayed() && !d.findElements(By.id("providers")).isEmpty());
        return this;
    }

    void typeKey(String key) {
        WebElement input = waitFor(By.id("api-key"));
        input.sendKeys(key, Keys.ENTER);
    }

    String signInError() {
        return textOf(By.id("sign-in-error"));
    }

    String signedInAs() {
        return driver.findElement(By.id("who")).getText();
    }

    void signOut() {
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("api-key"));
    }

    // The list

    void filter(String query, String authType, String category, String state) {
        WebElement search = waitFor(By.id("filter-q"));
        search.clear();
        search.sendKeys(query);
        new Select(driver.findElement(By.id("filter-auth_type"))).selectByValue(authType);
        new Select(driver.findElement(By.id("filter-category"))).selectByValue(category);
        new Select(driver.findElement(By.id("filter-setup_complete"))).selectByValue(state);
        List<WebElement> shown = driver.findElements(By.id("providers"));
        String before = driver.getCurrentUrl();
        driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        waitUntil(d -> !d.getCurrentUrl().equals(before) || query.isEmpty());
        if (!driver.getCurrentUrl().equals(before)) {
            shown.forEach(list -> waitUntil(d -> isStale(list))); // the list drawn for the new address
        }
        waitFor(By.id("providers"));
    }

    List<String> listedSlugs() {
        return waitUntil(d -> d.findElement(By.id("providers")).findElements(By.cssSelector("li.provider")).stream()
                .map(item -> item.getAttribute("data-slug")).toList());
    }

    String badgeOf(String slug) {
        return waitFor(By.cssSelector("li.provider[data-slug='" + slug + "'] .badge")).getText();
    }

    String resultCount() {
        return waitFor(By.id("result-count")).getText();
    }

    void nextPage() {
        WebElement shown = waitFor(By.id("providers"));
        driver.findElement(By.cssSelector("nav.pager a[rel=next]")).click();
        waitUntil(d -> isStale(shown)); // the next page's list has replaced it
        waitFor(By.id("providers"));
    }

    /** Searches the list for {@code slug}, as a user would in a catalog of several pages, and follows its link. */
    void openProviderFromList(String slug) {
        filter(slug, "", "", "");
        waitFor(By.cssSelector("li.provider[data-slug='" + slug + "'] a")).click();
        waitFor(By.id("setup-form"));
    }

    // One provider

    Console openProvider(String slug) {
        open("#/providers/" + slug);
        waitFor(By.id("setup-form"));
        return this;
    }

    WebElement field(String name) {
        return waitFor(By.cssSelector("#setup-form [name='" + name + "']"));
    }

    void type(String name, String text) {
        WebElement field = field(name);
        field.clear();
        field.sendKeys(text);
    }

    String fieldError(String name) {
        return waitFor(By.cssSelector("#setup-form [data-field='" + name + "'] .error")).getText();
    }

    String fieldHelp(String name) {
        return waitFor(By.cssSelector("#setup-form [data-field='" + name + "'] .help")).getText();
    }

    /** Clicks Save and waits for the page to say how it went: the message, or the alert. */
    String save() {
        return clickAndWaitForOutcome(By.id("save"));
    }

    String verify() {
        waitFor(By.id("verify")).click();
        return waitUntil(d -> {
            String text = d.findElement(By.id("form-message")).getText();
            String alert = d.findElement(By.id("form-alert")).getText();
            return !alert.isEmpty() ? alert : text.isEmpty() || text.startsWith("Checking") ? null : text;
        });
    }

    String message() {
        return waitFor(By.id("form-message")).getText();
    }

    String alert() {
        return waitUntil(d -> {
            String text = d.findElement(By.id("form-alert")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    String setupState() {
        return waitFor(By.id("setup-state")).getText();
    }

    String status() {
        return waitFor(By.id("setup-status")).getText();
    }

    void clickReset() {
        waitFor(By.id("reset")).click();
        waitUntil(d -> d.findElement(By.id("reset-dialog")).isDisplayed());
    }

    void cancelReset() {
        driver.findElement(By.id("reset-cancel")).click();
        waitUntil(d -> !d.findElement(By.id("reset-dialog")).isDisplayed());
    }

    String confirmReset() {
        WebElement old = driver.findElement(By.id("setup-form"));
        driver.findElement(By.id("reset-confirm")).click();
        waitUntil(d -> isStale(old));
        return message();
    }

    List<String> auditLines() {
        return waitUntil(d -> {
            List<String> lines = d.findElements(By.cssSelector("#audit-events li")).stream().map(WebElement::getText).toList();
            return lines.isEmpty() ? null : lines;
        });
    }

    boolean isEnabled(By by) {
        return waitFor(by).isEnabled();
    }

    // The page as a whole

    /** The text of the first element {@code by} finds, once it has some. */
    String textOf(By by) {
        return waitUntil(d -> {
            List<WebElement> found = d.findElements(by);
            String text = found.isEmpty() ? "" : found.get(0).getText();
            return text.isEmpty() ? null : text;
        });
    }

    /**
     * The text of the first element {@code by} finds once it reads {@code expected}, or what it reads
     * after the wait: for an element the page draws again, such as a heading while a view loads.
     */
    String textOnceItReads(By by, String expected) {
        try {
            return waitUntil(d -> expected.equals(textNow(d, by)) ? expected : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            return textNow(driver, by);
        }
    }

    private static String textNow(WebDriver driver, By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    WebElement waitFor(By by) {
        return waitUntil(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    String pageSource() {
        return driver.getPageSource();
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Everything the page keeps in web storage, as one string. */
    String webStorage() {
        return String.valueOf(script("return JSON.stringify({session: {...sessionStorage}, local: {...localStorage}});"));
    }

    /** The value of every input and text area on the page, as one string (the DOM source omits typed values). */
    String inputValues() {
        return String.valueOf(script("return [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n');"));
    }

    WebDriver driver() {
        return driver;
    }

    private String clickAndWaitForOutcome(By button) {
        WebElement form = waitFor(By.id("setup-form"));
        driver.findElement(button).click();
        return waitUntil(d -> {
            if (isStale(form)) {
                String text = d.findElement(By.id("form-message")).getText();
                return text.isEmpty() ? null : text;
            }
            String alert = d.findElement(By.id("form-alert")).getText();
            String message = d.findElement(By.id("form-message")).getText();
            return !alert.isEmpty() ? alert : message.isEmpty() ? null : message;
        });
    }

    /** Whether the page has drawn {@code element} away (replaced it or removed it). */
    static boolean isStale(WebElement element) {
        try {
            element.isDisplayed();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        }
    }
}
