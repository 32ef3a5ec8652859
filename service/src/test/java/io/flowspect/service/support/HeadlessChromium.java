package io.flowspect.service.support;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through chromedriver, both from Debian ({@code apt-get install
 * chromium chromium-driver}; {@code .ci/run} installs them). Nothing is downloaded: the driver and
 * the browser are named by path, so Selenium never runs Selenium Manager (it only looks for a
 * driver when none is given), and Chromium starts without its background traffic (component
 * updates, sync, safe-browsing lists). Where either is missing the test fails and says how to
 * install them: a browser test must never pass by not running.
 *
 * <p>Other paths: system properties {@code flowspect.test.chromium} and {@code
 * flowspect.test.chromedriver}.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Debian's Chromium launcher. */
  public static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";

  /** Debian's chromedriver. */
  public static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";

  /** The switches every run uses: headless, no sandbox (root in CI), no traffic of its own. */
  static final String[] SWITCHES = {
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1440,1200",
  };

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /**
   * Starts the browser.
   *
   * @return a browser with one window, 1440 x 1200
   */
  public static HeadlessChromium start() {
    Path chromium = executable("flowspect.test.chromium", DEFAULT_CHROMIUM, "chromium");
    Path chromedriver =
        executable("flowspect.test.chromedriver", DEFAULT_CHROMEDRIVER, "chromium-driver");
    // Also where Selenium looks before it would ask Selenium Manager.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(SWITCHES);
    try {
      return new HeadlessChromium(service, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  private static Path executable(String property, String fallback, String debianPackage) {
    Path path = Path.of(System.getProperty(property, fallback));
    if (!Files.isExecutable(path)) {
      fail(
          "%s is missing: the operator page test needs a real headless Chromium. Install it with"
              + " `apt-get install -y --no-install-recommends chromium chromium-driver` (.ci/run"
              + " does), or name another executable with -D%s=PATH. Package: %s",
          path, property, debianPackage);
    }
    return path;
  }

  /**
   * Returns the driver.
   *
   * @return the WebDriver of the browser's window
   */
  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
