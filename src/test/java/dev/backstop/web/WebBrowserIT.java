package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backstop.store.QuarantineStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium, driven through chromedriver: log in, look, search and release a quarantined
 * message and see it leave the quarantine, use a phone-sized window, log out. Fails on any browser console error;
 * screenshots go to {@code target/screenshots}.
 */
class WebBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");

    WebFixture web;
    ChromeDriverService service;
    ChromeDriver driver;
    WebDriverWait wait;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: install Debian's chromium and chromium-driver (scripts/setup-test-deps.sh)");
        web = new WebFixture(dir, true);
        // Never let Selenium Manager look for (or download) a driver: Debian's is given explicitly.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--window-size=1280,900",
                "--user-data-dir=" + dir.resolve("chromium-profile").toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
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
            long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
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
        assertThat(consoleErrors).isEmpty();

        // the console check itself can fail: a missing page is an error in the console
        driver.get(web.base() + "/static/missing.css");
        List<LogEntry> after = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(after).anyMatch(e -> e.getLevel() == Level.SEVERE && e.getMessage().contains("404"));
    }

    private void checkConsole() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                consoleErrors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertThat(consoleErrors).as("browser console").isEmpty();
    }

    private void shot(String name) throws IOException {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
