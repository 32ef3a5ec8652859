package io.flowspect.service.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.ThresholdPreview;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.routing.ModelService;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.DemoProfile;
import io.flowspect.service.support.HeadlessChromium;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator page at {@code /} in a real headless Chromium while the demo producer streams into
 * the embedded broker: alerts arrive on the page with their picture, scores, p-value and line; the
 * threshold preview shows the false-positive rate core computes on the calibration images; the
 * admin token applies the new threshold. Leaves a screenshot, {@code target/operator-page.png}.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
// The hostile images of showsHostileIdsAndLinesAsText come last, so the other tests read demo
// alerts.
@TestMethodOrder(MethodOrderer.MethodName.class)
class OperatorPageTest {

  /** The default model of the test profile: MADE, with pixel_nll heatmaps. */
  private static final String MODEL = "fmnist-made-tiny";

  /** The build artifact: the page after the threshold change. */
  static final Path SCREENSHOT = Path.of("target", "operator-page.png");

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TestHTTPResource("/")
  URL page;

  @Inject ModelService models;

  @Inject KafkaConnection kafka;

  @BeforeAll
  static void numbers() {
    Api.readNumbersAsDoubles();
  }

  @AfterEach
  void restoreThreshold() {
    given().header("Authorization", Api.ADMIN).post("/api/v1/models/" + MODEL + "/reload");
  }

  @Test
  void shouldShowLiveAlertsAndApplyAPreviewedThresholdWithTheAdminToken() throws IOException {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      ChromeDriver driver = chromium.driver();
      driver.get(page.toString());
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
      assertThat(driver.getTitle()).isEqualTo("Flowspect operator");

      // Alerts arrive while the page is open, each with its picture drawn.
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector(".alert-card canvas.alert-overlay[data-drawn='true']")));
      // Cards come and go with every poll: read one in a single script, not element by element.
      @SuppressWarnings("unchecked")
      Map<String, Object> card =
          (Map<String, Object>)
              driver.executeScript(
                  "const c = document.querySelector(\".alert-card canvas[data-drawn='true']\")"
                      + ".closest('.alert-card');"
                      + " const img = c.querySelector('img.alert-heatmap');"
                      + " const text = (sel) => c.querySelector(sel).textContent;"
                      + " return {id: c.dataset.imageId, shownId: text('.alert-id'),"
                      + " line: text('.alert-line'), score: text('.alert-score'),"
                      + " p: text('.alert-p'), pValue: c.querySelector('.alert-p').dataset.value,"
                      + " time: text('.alert-time'), overlayWidth: c.querySelector('canvas').width,"
                      + " picture: img.complete && img.naturalWidth > 0"
                      + " && img.src.startsWith('data:image/png;base64,')};");
      String imageId = (String) card.get("id");
      assertThat(imageId).startsWith("demo-");
      assertThat(card.get("shownId")).isEqualTo(imageId);
      assertThat(card.get("picture")).isEqualTo(true);
      assertThat((Long) card.get("overlayWidth")).isPositive();
      Map<String, Object> alert = alert(imageId);
      assertThat(card.get("line"))
          .isEqualTo(alert.get("line"))
          .isIn("line-1", "line-2", "line-3", "line-frames");
      assertThat((String) card.get("score"))
          .startsWith((String) alert.get("score_name"))
          .contains(" > ");
      assertThat((String) card.get("p")).startsWith("p = ");
      assertThat(Double.parseDouble((String) card.get("pValue"))).isEqualTo(alert.get("p_value"));
      assertThat((String) card.get("time")).contains("captured").contains("alerted");

      // Lines with their rates, from the service's counters.
      wait.until(
          d ->
              Boolean.TRUE.equals(
                  driver.executeScript(
                      "const rows = [...document.querySelectorAll('tr.line-row')];"
                          + " return ['line-1', 'line-2', 'line-3'].every(l =>"
                          + " rows.some(r => r.dataset.line === l"
                          + " && /^[0-9.]+$/.test(r.querySelector('.line-rate').textContent)));")));

      // The preview of a new threshold is what core computes on the calibration images.
      Calibration calibration = calibration();
      ConformalReference reference = calibration.decisionReference();
      double threshold = Math.round(reference.threshold(0.1) * 1e4) / 1e4;
      assertThat(threshold).isNotEqualTo(calibration.threshold());
      ThresholdPreview expected = reference.preview(threshold);
      WebElement input = driver.findElement(By.id("threshold-input"));
      wait.until(d -> !input.getAttribute("value").isEmpty()); // the page filled in the current one
      // One sendKeys: the field keeps focus, so the page's polling never refills it meanwhile.
      input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Double.toString(threshold));
      wait.until(
          d -> {
            String shown = d.findElement(By.id("preview")).getAttribute("data-threshold");
            return shown != null && !shown.isEmpty() && Double.parseDouble(shown) == threshold;
          });
      assertThat(dataValue(driver, "preview-fpr")).isEqualTo(expected.falsePositiveRate());
      assertThat(dataValue(driver, "preview-alpha")).isEqualTo(expected.alpha());
      assertThat(expected.falsePositiveRate()).isGreaterThan(0.05); // a visible change from alpha
      assertThat(driver.findElement(By.id("preview-fpr")).getText()).endsWith("%");

      // A wrong token is refused and changes nothing.
      WebElement token = driver.findElement(By.id("admin-token"));
      token.sendKeys("not-the-token");
      driver.findElement(By.id("apply-threshold")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("apply-result"), "data-state", "error"));
      assertThat(driver.findElement(By.id("apply-result")).getText()).contains("wrong admin token");
      assertThat(modelThreshold()).isEqualTo(calibration.threshold());

      // The admin token applies it; the API and the page report the new threshold.
      token.clear();
      token.sendKeys(Api.ADMIN_TOKEN);
      driver.findElement(By.id("apply-threshold")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("apply-result"), "data-state", "ok"));
      JsonPath model =
          given().get("/api/v1/models/" + MODEL).then().statusCode(200).extract().jsonPath();
      assertThat(model.getDouble("model.threshold")).isEqualTo(threshold);
      assertThat(model.getDouble("model.alpha")).isEqualTo(expected.alpha());
      assertThat(model.getString("model.calibration")).isEqualTo("api");
      wait.until(d -> dataValue(d, "current-threshold") == threshold);

      // Nothing on the page came from anywhere but the service.
      @SuppressWarnings("unchecked")
      List<String> resources =
          (List<String>)
              driver.executeScript(
                  "return performance.getEntriesByType('resource').map(e => e.name)"
                      + ".filter(n => !n.startsWith('data:'))");
      String origin = page.getProtocol() + "://" + page.getAuthority() + "/";
      assertThat(resources).isNotEmpty().allMatch(u -> u.startsWith(origin), "from " + origin);

      screenshot(driver);
    }
  }

  /**
   * An image id and a line key carrying HTML and script, as a compromised or careless producer
   * might send them, are shown as text: the card's id is the raw string, no element the markup
   * describes exists, and the script never ran.
   */
  @Test
  void showsHostileIdsAndLinesAsText() throws IOException {
    String id = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    String line = "<b onmouseover=\"window.__xss=3\">line-x</b>";
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int period : new int[] {2, 3, 4, 5}) {
      RecordHeaders h = new RecordHeaders();
      // Shaped like a demo digit's id, so that other tests of this application that sort the
      // stream by the demo's kinds see a kind, whatever order the tests run in.
      h.add(
          ImageHeaders.IMAGE_ID,
          ("demo-hostile-" + period + "-digit-" + id).getBytes(StandardCharsets.UTF_8));
      h.add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
      records.add(
          new ProducerRecord<>(
              "flowspect.images",
              null,
              line.getBytes(StandardCharsets.UTF_8),
              TestImages.stripes(period),
              h));
    }
    new KafkaTestClient(kafka.bootstrapServers()).produce(records);
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      ChromeDriver driver = chromium.driver();
      driver.get(page.toString());
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
      String find =
          "return [...document.querySelectorAll('.alert-card')]"
              + ".filter(c => c.dataset.imageId && c.dataset.imageId.endsWith(arguments[0]))"
              + ".map(c => ({id: c.dataset.imageId, shownId: c.querySelector('.alert-id').textContent,"
              + " line: c.querySelector('.alert-line').textContent}))";
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cards =
          wait.until(
              d -> {
                List<Map<String, Object>> found =
                    (List<Map<String, Object>>) ((ChromeDriver) d).executeScript(find, id);
                return found == null || found.isEmpty() ? null : found;
              });
      for (Map<String, Object> card : cards) {
        assertThat((String) card.get("shownId")).isEqualTo(card.get("id")).endsWith(id);
        assertThat(card.get("line")).isEqualTo(line);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> injected =
          (Map<String, Object>)
              driver.executeScript(
                  "return {xss: window.__xss === undefined ? null : window.__xss,"
                      + " images: document.querySelectorAll(\"img[src='x']\").length,"
                      + " bold: document.querySelectorAll('.alert-card b').length,"
                      + " scripts: [...document.querySelectorAll('script')]"
                      + ".filter(e => e.textContent.includes('__xss')).length}");
      assertThat(injected.get("xss")).as("a script of the id or line ran").isNull();
      assertThat(injected.get("images")).isEqualTo(0L);
      assertThat(injected.get("bold")).isEqualTo(0L);
      assertThat(injected.get("scripts")).isEqualTo(0L);
    }
  }

  @Test
  void shouldCountImagesPerLineAsTheMetricsDo() {
    JsonPath before = lines();
    PrometheusText metrics =
        new PrometheusText(given().get("/q/metrics").then().statusCode(200).extract().asString());
    JsonPath after = lines();
    for (String line : List.of("line-1", "line-2", "line-3")) {
      String at = "lines.find { it.line == '" + line + "' }";
      double scraped = metrics.sum("flowspect_images_total", "line", line);
      assertThat(before.getDouble(at + ".images")).isLessThanOrEqualTo(scraped);
      assertThat(after.getDouble(at + ".images")).isGreaterThanOrEqualTo(scraped);
      assertThat(after.getLong(at + ".normal") + after.getLong(at + ".anomaly"))
          .isEqualTo(after.getLong(at + ".images"));
    }
    assertThat(after.getString("at")).isNotBlank();
  }

  private static JsonPath lines() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonPath json;
    do {
      json = given().get("/api/v1/lines").then().statusCode(200).extract().jsonPath();
    } while (json.getList("lines").size() < 3 && System.nanoTime() < deadline);
    return json;
  }

  private Calibration calibration() {
    return models
        .router()
        .orElseThrow()
        .entry(MODEL)
        .orElseThrow()
        .model()
        .detector()
        .calibration()
        .orElseThrow();
  }

  private static double modelThreshold() {
    return given()
        .get("/api/v1/models/" + MODEL)
        .then()
        .extract()
        .jsonPath()
        .getDouble("model.threshold");
  }

  @Test
  void showsAFramesDefectsOutlinedOnTheFrame() throws IOException {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      ChromeDriver driver = chromium.driver();
      driver.get(page.toString());
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
      // A frame of the frames line alerts with regions; the page outlines each on the overlay.
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector(
                  ".alert-card canvas.alert-overlay[data-drawn='true']:not([data-regions='0'])")));
      @SuppressWarnings("unchecked")
      Map<String, Object> card =
          (Map<String, Object>)
              driver.executeScript(
                  "const c = document.querySelector(\".alert-card"
                      + " canvas[data-drawn='true']:not([data-regions='0'])\");"
                      + " const ctx = c.getContext('2d');"
                      + " const px = ctx.getImageData(0, 0, c.width, c.height).data;"
                      + " let outline = 0;"
                      + " for (let i = 0; i < px.length; i += 4) {"
                      + "   if (px[i] === 0 && px[i + 1] === 229 && px[i + 2] === 255) outline++; }"
                      + " const card = c.closest('.alert-card');"
                      + " return {id: card.dataset.imageId, regions: c.dataset.regions,"
                      + " line: card.querySelector('.alert-line').textContent, outline: outline,"
                      + " width: c.width};");
      String imageId = (String) card.get("id");
      assertThat(imageId).contains("-frame-");
      assertThat(card.get("line")).isEqualTo("line-frames");
      Map<String, Object> alert = alert(imageId);
      List<?> regions = (List<?>) alert.get("regions");
      assertThat(regions).isNotEmpty();
      assertThat(Integer.parseInt((String) card.get("regions"))).isEqualTo(regions.size());
      // The outline is drawn in the region colour: at least the perimeter of a 2 x 2 box.
      assertThat((Long) card.get("outline")).isGreaterThanOrEqualTo(4L);
      assertThat((Long) card.get("width")).isEqualTo(64L);
    }
  }

  @Test
  void showsASensorLinesSignalWithItsEvidenceAndHottestSpan() {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      ChromeDriver driver = chromium.driver();
      driver.get(page.toString());
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector(
                  "#signals-panel:not([hidden]) .signal-card canvas.signal-trace[data-trace='drawn']")));
      @SuppressWarnings("unchecked")
      Map<String, Object> card =
          (Map<String, Object>)
              driver.executeScript(
                  "const c = document.querySelector(\"#signals .signal-card"
                      + " canvas[data-trace='drawn']\");"
                      + " const card = c.closest('.signal-card');"
                      + " const ctx = c.getContext('2d');"
                      + " const x0 = Number(c.dataset.hotX0), x1 = Number(c.dataset.hotX1);"
                      + " const red = (x) => ctx.getImageData(x, 1, 1, 1).data[0];"
                      + " const outside = x0 > 4 ? 2 : c.width - 2;"
                      + " return {line: card.dataset.line, id: card.dataset.imageId,"
                      + " points: c.dataset.points, evidence: c.dataset.evidence, x0: x0, x1: x1,"
                      + " width: c.width, hot: red(Math.floor((x0 + x1) / 2)), cold: red(outside)};");
      assertThat(card.get("line")).isEqualTo("line-vibration");
      assertThat((String) card.get("id")).contains("-sensor-");
      // 1,024 samples drawn as 512 points of 2 samples, the evidence at every point.
      assertThat(card.get("points")).isEqualTo("512");
      assertThat(card.get("evidence")).isEqualTo("512");
      long x0 = ((Number) card.get("x0")).longValue();
      long x1 = ((Number) card.get("x1")).longValue();
      assertThat(x0).isBetween(0L, (Long) card.get("width"));
      assertThat(x1).isGreaterThan(x0).isLessThanOrEqualTo((Long) card.get("width") + 2);
      // The hottest span is shaded red over the dark background; elsewhere the row stays dark.
      assertThat((Long) card.get("hot")).isGreaterThan(50L);
      assertThat((Long) card.get("cold")).isLessThan(30L);
      List<Map<String, Object>> signals =
          given().get("/api/v1/signals").then().statusCode(200).extract().jsonPath().getList("");
      assertThat(signals)
          .anySatisfy(
              r -> {
                assertThat(r.get("line")).isEqualTo("line-vibration");
                assertThat((List<?>) ((Map<?, ?>) r.get("signal")).get("windows")).hasSize(4);
              });
      // A faulty recording's alert carries the same picture in its card.
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector(".alert-card .alert-visual.signal canvas[data-trace='drawn']")));
    }
  }

  private static Map<String, Object> alert(String imageId) {
    List<Map<String, Object>> alerts =
        given()
            .get("/api/v1/alerts?limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    return alerts.stream()
        .filter(a -> imageId.equals(a.get("image_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + imageId + " in GET /api/v1/alerts"));
  }

  private static double dataValue(WebDriver driver, String id) {
    String v = driver.findElement(By.id(id)).getAttribute("data-value");
    return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
  }

  private static void screenshot(ChromeDriver driver) throws IOException {
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
  }
}
