package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page and a skill-gap report page in real headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs): sign in with the token, ask for a
 * report, watch the job appear and end in the job list without a reload (the server's events),
 * open the report and check that its charts are drawn. Screenshots go to {@code
 * target/screenshots}. The test is skipped, saying why, only when the browser cannot start.
 */
class WebPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Selenium notes that it has no DevTools bindings for this exact Chromium; the test uses none. Kept
   * here because the logging framework holds loggers weakly. */
  private static final java.util.logging.Logger DEVTOOLS_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  @TempDir static Path dir;
  static ServerFixture server;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    DEVTOOLS_LOG.setLevel(java.util.logging.Level.SEVERE);
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "skipped: no headless browser here (" + CHROMIUM + " and " + DRIVER + "; .ci/run installs Debian's"
            + " chromium and chromium-driver)");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    try {
      browser = new ChromeDriver(service, options);
    } catch (SessionNotCreatedException e) {
      Assumptions.abort("skipped: the headless browser could not start: " + e.getMessage().lines().findFirst()
          .orElse(""));
    }
    SmallWorld.seed(dir.resolve("data"));
    server = ServerFixture.start(dir.resolve("data"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static WebDriverWait waiting(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static void screenshot(String name) throws Exception {
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(shots.resolve(name + ".png"), png);
    assertTrue(png.length > 1000, "a screenshot of " + name);
  }

  @Test
  void page_updatesLive_andTheReportDrawsItsCharts() throws Exception {
    browser.get(server.base() + "/");
    WebElement token = waiting(20).until(d -> d.findElement(By.id("token")));
    token.sendKeys(ServerFixture.TOKEN);
    token.submit();
    waiting(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

    new Select(browser.findElement(By.id("student"))).selectByVisibleText("s0");
    new Select(browser.findElement(By.id("dataset"))).selectByVisibleText("validation");
    browser.findElement(By.id("report-button")).click();
    WebElement row = waiting(30).until(d -> d.findElement(By.cssSelector("tr[data-job]")));
    String job = row.getAttribute("data-job");
    waiting(180).until(d -> "succeeded".equals(d.findElement(By.cssSelector("tr[data-job='" + job + "']"))
        .getAttribute("data-state")));
    WebElement done = browser.findElement(By.cssSelector("tr[data-job='" + job + "']"));
    assertEquals("skill-gaps", done.findElement(By.className("kind")).getText());
    assertFalse(done.findElement(By.className("stage")).getText().isBlank(), "the row shows the stage it reached");
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"),
        "the list was updated in place, not by reloading the page");
    WebElement link = waiting(30).until(d -> d.findElement(By.id("skill-gap-link")));
    assertFalse(browser.findElements(By.cssSelector("#report-list a.report-link")).isEmpty(), "the report is listed");
    screenshot("web-page");

    link.click();
    waiting(30).until(d -> d.getTitle().startsWith("Skill gaps of s0"));
    List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
    assertFalse(charts.isEmpty(), "the report has charts");
    for (WebElement chart : charts) {
      assertTrue(chart.getRect().getWidth() > 300 && chart.getRect().getHeight() > 50,
          "a chart is drawn at a readable size: " + chart.getRect());
    }
    // Bars are the rects that carry a title (their numbers); the profile's counts are all above zero.
    Long bars = (Long) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#profile-chart rect')).filter(r => r.querySelector('title')"
            + " && r.getBoundingClientRect().width > 0 && r.getBoundingClientRect().height > 0).length;");
    assertTrue(bars > 0, "the profile chart's bars are drawn with a size on screen: " + bars);
    screenshot("skill-gap-report");
  }
}
