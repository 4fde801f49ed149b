package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.store.QuarantineStatus;
import dev.backstop.testing.Browser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium, driven through chromedriver: log in, look, search and release a quarantined
 * message and see it leave the quarantine, use a phone-sized window, log out. Fails on any browser console error;
 * screenshots go to {@code target/screenshots}.
 */
class WebBrowserIT {
    WebFixture web;
    Browser browser;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        browser = new Browser(dir.resolve("chromium-profile"), "web");
        driver = browser.driver;
        wait = browser.wait;
        web = new WebFixture(dir, true);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void loginSearchReleaseNarrowScreenAndLogout() throws IOException {
        driver.get(web.base() + "/quarantine");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(driver.getCurrentUrl()).contains("/login?next=");
        shot("01-login");
        driver.findElement(By.id("password")).sendKeys(WebFixture.PASSWORD);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("items")));
        assertThat(driver.getCurrentUrl()).endsWith("/quarantine");
        checkConsole();

        driver.get(web.base() + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart")));
        assertThat(driver.findElement(By.id("total-backscatter")).getText()).isEqualTo("5");
        assertThat(driver.findElements(By.cssSelector("svg.chart rect.s-backscatter"))).hasSize(5);
        shot("02-overview");
        checkConsole();

        driver.get(web.base() + "/quarantine");
        driver.findElement(By.id("q-recipient")).sendKeys("bob@example.com");
        driver.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("count"), "1 message"));
        driver.findElement(By.id("pick-" + web.heldToBob)).click();
        shot("03-search");
        driver.findElement(By.id("release")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Release 1 message?");
        shot("04-confirm");
        driver.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Released 1 message"));
        assertThat(driver.findElements(By.id("item-" + web.heldToBob))).as("left the quarantine list").isEmpty();
        assertThat(driver.findElements(By.id("item-" + web.heldToAlice))).isNotEmpty();
        assertThat(web.store.quarantine().get(web.heldToBob).orElseThrow().item().status())
                .isEqualTo(QuarantineStatus.RELEASED);
        assertThat(web.sendmailCalls()).contains("bob@example.com");
        shot("05-released");
        checkConsole();

        driver.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/", "/quarantine", "/bounces?recipient=x%40remote.example", "/settings", "/audit",
                "/quarantine/" + web.heldToAlice)) {
            driver.get(web.base() + page);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
            long overflow = browser.sidewaysOverflow();
            assertThat(overflow).as("no sideways scrolling at 390 px on " + page).isLessThanOrEqualTo(0);
            shot("06-narrow" + page.replaceAll("[^a-z0-9]+", "-"));
        }
        checkConsole();

        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        driver.get(web.base() + "/audit");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(driver.getCurrentUrl()).contains("/login");
        shot("07-logged-out");
        checkConsole();

        // the console check itself can fail: a missing page is an error in the console
        driver.get(web.base() + "/static/missing.css");
        List<LogEntry> after = browser.consoleSinceLastCheck();
        assertThat(after).anyMatch(e -> e.getLevel() == Level.SEVERE && e.getMessage().contains("404"));
    }

    private void checkConsole() {
        browser.checkConsole();
    }

    private void shot(String name) throws IOException {
        browser.shot(name);
    }
}
