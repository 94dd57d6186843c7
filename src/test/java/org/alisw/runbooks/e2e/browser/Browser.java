package org.alisw.runbooks.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A headless Chromium, driven by Debian's chromedriver, on the {@code @SandboxTest} application.
 *
 * <p>Register it in a {@code *BrowserIT} with {@code @RegisterExtension Browser browser = new
 * Browser();}. Before each test it finds the application's random port; the first call that needs
 * a page opens the session. After a failed test it saves a screenshot and the page's HTML under
 * {@code target/browser/}; after each test it quits the browser. {@link #login} signs in to one of
 * the Camunda webapps as a sandbox user, {@link #waitForText} and {@link #waitForVisible} wait for
 * what an operator would see.
 *
 * <p>The browser and the driver are the paths below, given to Selenium explicitly so that Selenium
 * Manager never looks for (or downloads) anything. Where either is missing the test is skipped with
 * a message naming the Debian packages, unless {@code RUNBOOKS_BROWSER_REQUIRED=true} (set by
 * {@code .ci/run}): then it fails, so CI can never go green without a browser.
 *
 * <p>Several sessions at once (two operators side by side): {@link #another()} opens a second
 * browser on the same application, closed with this one.
 */
public final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback, AutoCloseable {

  /** Debian's chromium package. */
  public static final Path CHROMIUM = Path.of(System.getProperty("runbooks.browser.chromium", "/usr/bin/chromium"));
  /** Debian's chromium-driver package. */
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("runbooks.browser.chromedriver", "/usr/bin/chromedriver"));
  /** Set by .ci/run: a missing browser fails the test instead of skipping it. */
  public static final String REQUIRED_ENV = "RUNBOOKS_BROWSER_REQUIRED";

  /** Long enough for a cold webapp on a loaded machine, short enough to fail a test in time. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  /** The webapps a sandbox user signs in to. */
  public enum App {
    COCKPIT,
    TASKLIST,
    ADMIN;

    String path() {
      return "/camunda/app/" + name().toLowerCase(Locale.ROOT) + "/default/";
    }
  }

  private String baseUrl;
  private String testName = "browser";
  private WebDriver driver;
  private final List<Browser> others = new ArrayList<>();

  /** For {@code @RegisterExtension}: the port comes from the test's Spring context. */
  public Browser() {}

  /** Stand-alone (try-with-resources) on an application at this base URL, e.g. http://localhost:8080. */
  public Browser(String baseUrl, String name) {
    this.baseUrl = stripSlash(baseUrl);
    this.testName = name;
    requireInstalled();
  }

  // ---------------------------------------------------------------- JUnit 5 extension

  @Override
  public void beforeEach(ExtensionContext context) {
    requireInstalled();
    String port =
        SpringExtension.getApplicationContext(context).getEnvironment().getRequiredProperty("local.server.port");
    baseUrl = "http://localhost:" + port;
    testName = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      saveEvidence(testName);
      for (int i = 0; i < others.size(); i++) {
        others.get(i).saveEvidence(testName + "-other" + (i + 1));
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  // ---------------------------------------------------------------- availability

  /** Skips (or, in CI, fails) the current test when the browser or its driver is not installed. */
  public static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM.toString());
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      missing.add(CHROMEDRIVER.toString());
    }
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "Browser tests need Debian's headless browser and its driver, missing: " + missing
            + ". Install them with: apt-get install chromium chromium-driver";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
      throw new IllegalStateException(message + " (" + REQUIRED_ENV + "=true: browser tests may not be skipped)");
    }
    Assumptions.abort(message);
  }

  // ---------------------------------------------------------------- session

  /** The WebDriver, started on first use. */
  public WebDriver driver() {
    if (driver == null) {
      if (baseUrl == null) {
        throw new IllegalStateException("Browser used outside a test: register it with @RegisterExtension");
      }
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-dev-shm-usage",
          "--disable-gpu",
          "--disable-extensions",
          "--no-first-run",
          "--window-size=1600,1000",
          "--lang=en-US");
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }
    return driver;
  }

  /** A second browser (another operator) on the same application, quit with this one. */
  public Browser another() {
    if (baseUrl == null) {
      throw new IllegalStateException("Browser used outside a test: register it with @RegisterExtension");
    }
    Browser other = new Browser(baseUrl, testName + "-other" + (others.size() + 1));
    others.add(other);
    return other;
  }

  /** http://localhost:port of the application. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Loads a path of the application (starting with /), e.g. /camunda/app/cockpit/default/#/processes. */
  public Browser open(String path) {
    driver().get(baseUrl + path);
    return this;
  }

  /** The page of a webapp, e.g. (COCKPIT, "#/process-definition/abc/runtime"). */
  public Browser open(App app, String fragment) {
    return open(app.path() + (fragment == null ? "" : fragment));
  }

  /**
   * Signs in to a webapp through its own login form, as an operator would. Any earlier session of
   * this browser is dropped first. Fails with the page's message when the login is refused.
   */
  public Browser login(App app, String user, String password) {
    if (driver != null) {
      // One session per browser: sign out of any earlier user (cookies are the session).
      open(app, "");
      driver.manage().deleteAllCookies();
    }
    open(app, "#/login");
    WebElement form = waitForVisible(By.cssSelector("form[name='signinForm']"));
    WebElement name = form.findElement(By.cssSelector("input[ng-model='username']"));
    WebElement secret = form.findElement(By.cssSelector("input[type='password']"));
    name.clear();
    name.sendKeys(user);
    secret.clear();
    secret.sendKeys(password);
    form.findElement(By.cssSelector("button[type='submit']")).click();
    try {
      until(
          DEFAULT_WAIT,
          d -> {
            if (!d.findElements(By.xpath("//*[contains(normalize-space(.),'Login Failed')]"))
                .stream()
                .filter(WebElement::isDisplayed)
                .toList()
                .isEmpty()) {
              throw new IllegalStateException("login as " + user + " to " + app + " refused: " + bodyText());
            }
            // Signed in: no login form shown any more (Tasklist keeps it in the page, hidden).
            return d.findElements(By.cssSelector("form[name='signinForm']")).stream().noneMatch(WebElement::isDisplayed)
                && !d.findElements(By.cssSelector("[cam-widget-header]")).isEmpty();
          });
    } catch (TimeoutException e) {
      throw new AssertionError("login as " + user + " to " + app + " did not finish; page says: " + bodyText(), e);
    }
    return this;
  }

  // ---------------------------------------------------------------- waits

  /** Waits until some visible element shows this text (substring, whitespace normalised). */
  public WebElement waitForText(String text) {
    return waitForText(text, DEFAULT_WAIT);
  }

  /** As {@link #waitForText(String)}, with its own deadline. */
  public WebElement waitForText(String text, Duration timeout) {
    By by = By.xpath("//body//*[contains(normalize-space(.)," + xpathLiteral(text) + ")]");
    try {
      return until(
          timeout,
          d -> {
            // The innermost visible element holding the text (the last in document order).
            List<WebElement> found = d.findElements(by);
            for (int i = found.size() - 1; i >= 0; i--) {
              try {
                if (found.get(i).isDisplayed()) {
                  return found.get(i);
                }
              } catch (WebDriverException stale) {
                // Re-rendered meanwhile: look again.
              }
            }
            return null;
          });
    } catch (TimeoutException e) {
      throw new AssertionError("no visible \"" + text + "\" within " + timeout + "; page says: " + bodyText(), e);
    }
  }

  /** Waits until no visible element shows this text. */
  public void waitForNoText(String text, Duration timeout) {
    By by = By.xpath("//body//*[contains(normalize-space(.)," + xpathLiteral(text) + ")]");
    try {
      until(
          timeout,
          d -> d.findElements(by).stream().noneMatch(e -> {
            try {
              return e.isDisplayed();
            } catch (WebDriverException stale) {
              return false;
            }
          }));
    } catch (TimeoutException e) {
      throw new AssertionError("\"" + text + "\" still visible after " + timeout + "; page says: " + bodyText(), e);
    }
  }

  /** Waits until an element is visible. */
  public WebElement waitForVisible(By by) {
    return waitForVisible(by, DEFAULT_WAIT);
  }

  /** Waits until an element is visible, with its own deadline. */
  public WebElement waitForVisible(By by, Duration timeout) {
    try {
      return new WebDriverWait(driver(), timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (TimeoutException e) {
      throw new AssertionError("no visible " + by + " within " + timeout + "; page says: " + bodyText(), e);
    }
  }

  /** Waits until an element is visible and enabled, then clicks it. */
  public void click(By by) {
    try {
      new WebDriverWait(driver(), DEFAULT_WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
    } catch (TimeoutException e) {
      throw new AssertionError("nothing clickable at " + by + "; page says: " + bodyText(), e);
    }
  }

  /** Waits until a visible button or link showing this text can be clicked, then clicks it. */
  public void clickText(String text) {
    click(By.xpath("(//button|//a)[contains(normalize-space(.)," + xpathLiteral(text) + ")]"));
  }

  /** Polls a condition on the driver until it returns something other than null or false. */
  public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver(), timeout, Duration.ofMillis(250));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait.until(condition::apply);
  }

  /** The visible text of the whole page (for messages). */
  public String bodyText() {
    try {
      return driver().findElement(By.tagName("body")).getText();
    } catch (WebDriverException e) {
      return "(page unreadable: " + e.getMessage() + ")";
    }
  }

  /** The current address. */
  public String currentUrl() {
    return driver().getCurrentUrl();
  }

  /** Runs a script in the page (tests' own look-ups, e.g. reading the Angular scope). */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver()).executeScript(script, args);
  }

  // ---------------------------------------------------------------- evidence

  /** Saves target/browser/{name}.png and .html, the page as the browser last showed it. */
  public void saveEvidence(String name) {
    if (driver == null) {
      return;
    }
    try {
      Path dir = Path.of("target", "browser");
      Files.createDirectories(dir);
      String file = name.replaceAll("[^A-Za-z0-9._-]", "_");
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(file + ".png"), png);
      Files.writeString(
          dir.resolve(file + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (WebDriverException e) {
      // A browser that died leaves nothing to save; the test's own failure says why.
    }
  }

  @Override
  public void close() {
    for (Browser other : others) {
      other.close();
    }
    others.clear();
    if (driver != null) {
      try {
        driver.quit();
      } finally {
        driver = null;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A string as an XPath 1.0 literal, quotes included. */
  static String xpathLiteral(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    if (!text.contains("\"")) {
      return "\"" + text + "\"";
    }
    return "concat('" + text.replace("'", "',\"'\",'") + "')";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
