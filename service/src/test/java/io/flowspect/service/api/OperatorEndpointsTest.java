package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.ThresholdPreview;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.TestBundles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator page reads besides the model list and the alerts: {@code GET
 * /api/v1/models/{id}/threshold/preview} (core's numbers, nothing changed) and {@code GET
 * /api/v1/models/{id}/histogram}. The page itself is tested in a browser ({@code
 * OperatorPageTest}).
 */
@QuarkusTest
class OperatorEndpointsTest {

  private static final String MADE = "fmnist-made-tiny";

  private static Calibration calibration;

  @BeforeAll
  static void readCalibration() {
    Api.readNumbersAsDoubles();
    calibration = CalibrationFile.read(Bundle.open(TestBundles.made())).orElseThrow();
  }

  @Test
  void shouldPreviewAThresholdAsCoreComputesItWithoutApplyingIt() {
    ConformalReference ref = calibration.decisionReference();
    double t = (ref.sorted()[470] + ref.sorted()[471]) / 2;
    ThresholdPreview expected = ref.preview(t);
    JsonPath p = preview(String.valueOf(t)).then().statusCode(200).extract().jsonPath();
    assertThat(p.getString("model")).isEqualTo(MADE);
    assertThat(p.getString("score")).isEqualTo("complexity");
    assertThat(p.getDouble("threshold")).isEqualTo(t);
    assertThat(p.getLong("n")).isEqualTo(ref.n());
    assertThat(p.getDouble("flagged")).isEqualTo(expected.flagged());
    assertThat(p.getDouble("false_positive_rate")).isEqualTo(expected.falsePositiveRate());
    assertThat(p.getDouble("alpha")).isEqualTo(expected.alpha());
    assertThat(p.getBoolean("applicable")).isTrue();
    assertThat(p.getDouble("current.threshold")).isEqualTo(calibration.threshold());
    assertThat(p.getDouble("current.alpha")).isEqualTo(calibration.alpha());
    assertThat(p.getDouble("current.false_positive_rate"))
        .isEqualTo(ref.preview(calibration.threshold()).falsePositiveRate());
    assertThat(p.getInt("recent.flagged")).isBetween(0, p.getInt("recent.n"));
    // Nothing changed.
    assertThat(
            given()
                .get("/api/v1/models/" + MADE)
                .then()
                .extract()
                .jsonPath()
                .getDouble("model.threshold"))
        .isEqualTo(calibration.threshold());
  }

  @Test
  void shouldSayThatAThresholdBelowEveryNormalValueWouldBeRefused() {
    double below = calibration.decisionReference().sorted()[0] - 1;
    JsonPath p = preview(String.valueOf(below)).then().statusCode(200).extract().jsonPath();
    assertThat(p.getBoolean("applicable")).isFalse();
    assertThat(p.getDouble("false_positive_rate")).isEqualTo(1.0);
  }

  @Test
  void shouldRefuseAPreviewWithoutAFiniteThreshold() {
    given()
        .get("/api/v1/models/" + MADE + "/threshold/preview")
        .then()
        .statusCode(400)
        .body("error", containsString("threshold is required"));
    for (String bad : List.of("abc", "NaN", "Infinity")) {
      preview(bad).then().statusCode(400).body("error", containsString("threshold must be"));
    }
    given()
        .queryParam("threshold", "1")
        .get("/api/v1/models/nope/threshold/preview")
        .then()
        .statusCode(404);
  }

  @Test
  void shouldBinTheCalibrationValuesAroundTheThreshold() {
    JsonPath h =
        given()
            .queryParam("bins", 20)
            .get("/api/v1/models/" + MADE + "/histogram")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Double> edges = h.getList("edges", Double.class);
    List<Double> counts = h.getList("calibration.counts", Double.class);
    assertThat(edges).hasSize(21).isSorted();
    assertThat(counts).hasSize(20);
    double[] sorted = calibration.decisionReference().sorted();
    assertThat(edges.get(0)).isEqualTo(sorted[0]);
    assertThat(edges.get(20)).isEqualTo(sorted[sorted.length - 1]);
    assertThat(h.getDouble("threshold"))
        .isEqualTo(calibration.threshold())
        .isBetween(edges.get(0), edges.get(20));
    double total = counts.stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total + h.getDouble("calibration.below") + h.getDouble("calibration.above"))
        .isEqualTo(calibration.decisionReference().n());
    assertThat(h.getDouble("calibration.n")).isEqualTo(calibration.decisionReference().n());
    assertThat(h.getList("recent.counts")).hasSize(20);
    for (int bins : new int[] {0, 401}) {
      given()
          .queryParam("bins", bins)
          .get("/api/v1/models/" + MADE + "/histogram")
          .then()
          .statusCode(400)
          .body("error", containsString("bins must be between 1 and 400"));
    }
  }

  private static io.restassured.response.Response preview(String threshold) {
    return given()
        .queryParam("threshold", threshold)
        .get("/api/v1/models/" + MADE + "/threshold/preview");
  }
}
