package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.demo.DemoStory;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in Debian's Chromium, as a newcomer would use it: log in, open the contact form's contained incident,
 * purge its held mail, release a quarantined bounce and see it leave the quarantine, look at every page on a
 * phone-sized screen, log out. Fails on any console error; screenshots go to {@code target/screenshots}.
 */
class DemoBrowserIT {
    static final String PASSWORD = "demo password 1";

    @Test
    void purgeTheContainedIncidentReleaseABounceAndLogOut(@TempDir Path dir) throws Exception {
        try (Browser browser = new Browser(dir.resolve("profile"), "demo");
             Demo demo = Demo.start(dir.resolve("demo"), "inet:127.0.0.1:0", "127.0.0.1:0", PASSWORD.toCharArray())) {
            demo.play(Duration.ZERO, line -> { });
            WebDriver driver = browser.driver;
            WebDriverWait wait = browser.wait;
            String base = demo.daemon.webUri().toString().replaceAll("/$", "");
            long id = demo.daemon.containment.incidents(true).get(0).id();
            int held = demo.daemon.containment.heldQueueIds(id).size();
            assertThat(held).isPositive();

            driver.get(base + "/incidents");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("incidents")));
            assertThat(driver.findElement(By.id("incident-" + id)).getText()).contains(DemoStory.FORM_SCRIPT);
            browser.shot("01-incidents");
            browser.checkConsole();

            driver.get(base + "/");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart")));
            assertThat(driver.findElement(By.id("total-backscatter")).getText()).isEqualTo("96");
            assertThat(driver.findElement(By.id("total-genuine")).getText()).isEqualTo("12");
            assertThat(driver.findElement(By.id("open-incidents")).getText()).isEqualTo("1");
            assertThat(driver.findElements(By.cssSelector("svg.chart rect.src-0"))).as("the busiest source's bar")
                    .isNotEmpty();
            assertThat(driver.getPageSource()).contains("script 33:" + DemoStory.FORM_SCRIPT);
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 600)");
            browser.shot("02-overview");
            browser.checkConsole();

            driver.get(base + "/sources");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sources")));
            int rows = driver.findElements(By.cssSelector("#sources tbody tr")).size();
            assertThat(rows).isGreaterThanOrEqualTo(4);
            assertThat(driver.findElements(By.cssSelector("#sources svg.spark polyline"))).as("a sparkline a source")
                    .hasSize(rows);
            browser.shot("02-sources");
            browser.checkConsole();

            driver.get(base + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-incidents")));
            driver.findElement(By.id("open-incidents")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("incident-" + id)));
            driver.findElement(By.cssSelector("#incident-" + id + " a")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("purge")));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Incident #" + id);
            assertThat(driver.findElements(By.cssSelector("svg.chart rect.src-1"))).as("the timeline's bars").isNotEmpty();
            assertThat(driver.findElement(By.id("sample")).getText()).contains("X-PHP-Originating-Script");
            browser.shot("03-incident");
            driver.findElement(By.id("purge")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
            assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("Purge held mail of incident #" + id);
            browser.shot("04-confirm-purge");
            driver.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            assertThat(demo.mta.heldCount()).as("the stand-in MTA's hold queue").isZero();
            assertThat(demo.mta.deletedCount()).isEqualTo(held);
            assertThat(demo.daemon.containment.heldQueueIds(id)).isEmpty();
            assertThat(driver.findElements(By.id("purge"))).as("nothing left to purge").isEmpty();
            browser.shot("05-purged");
            browser.checkConsole();

            List<QuarantineItem> items = demo.daemon.store.quarantine().list(QuarantineQuery.held(1));
            QuarantineItem bounce = items.get(0);
            int deliveredBefore = demo.mta.deliveredCount();
            driver.get(base + "/quarantine");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("item-" + bounce.id())));
            driver.findElement(By.id("pick-" + bounce.id())).click();
            driver.findElement(By.id("release")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
            driver.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Released 1 message"));
            assertThat(driver.findElements(By.id("item-" + bounce.id()))).as("left the quarantine list").isEmpty();
            assertThat(demo.daemon.store.quarantine().get(bounce.id()).orElseThrow().item().status())
                    .isEqualTo(QuarantineStatus.RELEASED);
            assertThat(demo.mta.deliveredCount()).isEqualTo(deliveredBefore + 1);
            assertThat(demo.mta.delivered().get(deliveredBefore)).startsWith("released <> -> ")
                    .contains(bounce.recipients().get(0));
            browser.shot("06-released");
            browser.checkConsole();

            driver.manage().window().setSize(new Dimension(390, 844));
            for (String page : List.of("/", "/incidents", "/incidents/" + id, "/sources", "/quarantine",
                    "/quarantine/" + bounce.id())) {
                driver.get(base + page);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
                assertThat(browser.sidewaysOverflow()).as("no sideways scrolling at 390 px on " + page)
                        .isLessThanOrEqualTo(0);
                browser.shot("07-narrow" + page.replaceAll("[^a-z0-9]+", "-"));
            }
            browser.checkConsole();

            driver.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
            driver.get(base + "/incidents/" + id);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
            assertThat(driver.getCurrentUrl()).contains("/login");
            browser.shot("08-logged-out");
            browser.checkConsole();
        }
    }
}
