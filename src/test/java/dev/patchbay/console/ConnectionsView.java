package dev.patchbay.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Set;

/**
 * The connection parts of the console as a user sees them: the connect form and its popup, the
 * connection list and a connection's page. Waits as {@link Console} does.
 */
final class ConnectionsView {
    private final Console console;
    private final WebDriver driver;

    ConnectionsView(Console console) {
        this.console = console;
        this.driver = console.driver();
    }

    /** Fills in the connect form on this page and submits it; the popup opens. */
    void startConnecting(String owner, String tags) {
        console.waitFor(By.id("connect-owner")).sendKeys(owner);
        driver.findElement(By.id("connect-tags")).sendKeys(tags);
        driver.findElement(By.id("connect-start")).click();
    }

    /** In the popup, clicks the consent page's {@code approve} or {@code deny} button; back in the console after. */
    void decideInPopup(String button) {
        String console = driver.getWindowHandle();
        String popup = this.console.waitUntil(d -> {
            Set<String> handles = d.getWindowHandles();
            return handles.size() == 2 ? handles.stream().filter(h -> !h.equals(console)).findFirst().orElseThrow() : null;
        });
        driver.switchTo().window(popup);
        try {
            this.console.waitFor(By.id(button)).click();
        } finally {
            driver.switchTo().window(console);
        }
    }

    /** What the connect form says once the flow ended. */
    String connectResult() {
        return console.waitUntil(d -> {
            String text = d.findElement(By.id("connect-result")).getText();
            return text.isEmpty() || text.startsWith("Waiting") ? null : text;
        });
    }

    /** The message of a connection's page once it says something. */
    String connectionMessage() {
        return console.waitUntil(d -> {
            String alert = d.findElement(By.id("connection-alert")).getText();
            String text = d.findElement(By.id("connection-message")).getText();
            return !alert.isEmpty() ? alert : text.isEmpty() || text.startsWith("Waiting") ? null : text;
        });
    }

    Console openConnection(String id) {
        console.open("#/connections/" + id);
        console.waitFor(By.id("connection-facts"));
        return console;
    }

    /** The ids on the connection list, once it is drawn. */
    List<String> listedIds() {
        console.waitFor(By.id("connection-count"));
        return driver.findElements(By.cssSelector("#connections li.connection")).stream()
                .map(item -> item.getAttribute("data-id")).toList();
    }

    String badgeOf(String id) {
        return console.waitFor(By.cssSelector("li.connection[data-id='" + id + "'] .badge")).getText();
    }

    String pageBadge() {
        return console.waitFor(By.cssSelector("main > p .badge")).getText();
    }

    void disconnect() {
        console.waitFor(By.id("disconnect")).click();
        console.waitUntil(d -> d.findElement(By.id("disconnect-dialog")).isDisplayed());
        driver.findElement(By.id("disconnect-confirm")).click();
    }

    WebElement button(String id) {
        return console.waitFor(By.id(id));
    }
}
