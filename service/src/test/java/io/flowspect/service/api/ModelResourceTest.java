package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/models}: the catalogue, a model's manifest and calibration, and the admin
 * endpoints with their token checks. Every test leaves the models as calibration.json has them.
 */
@QuarkusTest
class ModelResourceTest {

  private static final String MADE = "fmnist-made-tiny";
  private static final String NICE = "fmnist-nice-tiny";

  private static Calibration madeCalibration;

  @BeforeAll
  static void readCalibration() {
    Api.readNumbersAsDoubles();
    madeCalibration = CalibrationFile.read(Bundle.open(TestBundles.made())).orElseThrow();
  }

  @AfterEach
  void restoreThresholds() {
    for (String id : List.of(MADE, NICE)) {
      given().header("Authorization", Api.ADMIN).post("/api/v1/models/" + id + "/reload");
    }
  }

  @Test
  void shouldListTheLoadedModelsWithTheirLinesAndThresholds() {
    JsonPath json =
        given()
            .get("/api/v1/models")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .body("$", hasSize(2))
            .extract()
            .jsonPath();
    Map<String, Object> made = json.getMap("find { it.id == 'fmnist-made-tiny' }");
    assertThat(made)
        .containsEntry("bundle_id", MADE)
        .containsEntry("version", "0.1.0-test")
        .containsEntry("family", "made")
        .containsEntry("default_model", true)
        .containsEntry("lines", List.of())
        .containsEntry("decision_score", "complexity")
        .containsEntry("threshold", madeCalibration.threshold())
        .containsEntry("alpha", 0.02)
        .containsEntry("calibration", "file");
    Map<String, Object> nice = json.getMap("find { it.id == 'fmnist-nice-tiny' }");
    assertThat(nice)
        .containsEntry("family", "nice")
        .containsEntry("default_model", false)
        .containsEntry("lines", List.of("line-n"));
  }

  @Test
  void shouldDescribeAModelWithItsManifestAndCalibration() {
    given()
        .get("/api/v1/models/" + MADE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo(MADE))
        .body("manifest.id", equalTo(MADE))
        .body("manifest.family", equalTo("made"))
        .body("manifest.input.width", equalTo(28))
        .body("manifest.files.'model.onnx'", containsString("sha256:"))
        .body("calibration.score", equalTo("complexity"))
        .body("calibration.n", equalTo(500))
        .body("calibration.alpha", equalTo(0.02))
        .body("calibration.threshold", equalTo(madeCalibration.threshold()))
        .body("calibration.references.bpd", equalTo(500))
        .body("calibration.decision_min", equalTo(madeCalibration.decisionReference().sorted()[0]))
        .body("calibration.labelled", nullValue());
  }

  @Test
  void shouldAnswer404ForAnUnknownModel() {
    given()
        .get("/api/v1/models/no-such-model")
        .then()
        .statusCode(404)
        .body("status", equalTo(404))
        .body("error", containsString("no-such-model"));
    given()
        .header("Authorization", Api.ADMIN)
        .post("/api/v1/models/no-such-model/reload")
        .then()
        .statusCode(404);
  }

  @Test
  void shouldRefuseAdminCallsWithoutATokenWith401() {
    given()
        .post("/api/v1/models/" + MADE + "/reload")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("error", containsString("Authorization: Bearer"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 0.1))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .post("/api/v1/models/" + MADE + "/reload")
        .then()
        .statusCode(401);
  }

  @Test
  void shouldRefuseAdminCallsWithAWrongTokenWith403() {
    given()
        .header("Authorization", "Bearer not-the-token")
        .post("/api/v1/models/" + MADE + "/reload")
        .then()
        .statusCode(403)
        .body("error", equalTo("wrong admin token"));
    given()
        .header("Authorization", "Bearer " + Api.ADMIN_TOKEN + "x")
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 0.1))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(403);
    // Nothing changed.
    given().get("/api/v1/models/" + MADE).then().body("model.alpha", equalTo(0.02));
  }

  @Test
  void shouldReloadAModelFromDisk() {
    String before = given().get("/api/v1/models/" + MADE).jsonPath().getString("model.loaded_at");
    given()
        .header("Authorization", Api.ADMIN)
        .post("/api/v1/models/" + MADE + "/reload")
        .then()
        .statusCode(200)
        .body("id", equalTo(MADE))
        .body("default_model", equalTo(true))
        .body("calibration", equalTo("file"));
    String after = given().get("/api/v1/models/" + MADE).jsonPath().getString("model.loaded_at");
    assertThat(Instant.parse(after)).isAfter(Instant.parse(before));
    // The reloaded model scores.
    given()
        .contentType("image/png")
        .body(TestImages.stripes(3))
        .post("/api/v1/score")
        .then()
        .statusCode(200)
        .body("model.id", equalTo(MADE));
  }

  @Test
  void shouldSetAlphaAndRecomputeTheThresholdFromTheCalibration() {
    double expected = madeCalibration.decisionReference().threshold(0.1);
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 0.1))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(200)
        .body("alpha", equalTo(0.1))
        .body("threshold", equalTo(expected))
        .body("calibration", equalTo("api"));
    // Decisions follow at once: the REST scorer reports the new threshold.
    given()
        .contentType("image/png")
        .body(TestImages.stripes(3))
        .post("/api/v1/score")
        .then()
        .body("threshold", equalTo(expected));
    // A reload reads calibration.json again: the change was not persisted.
    given()
        .header("Authorization", Api.ADMIN)
        .post("/api/v1/models/" + MADE + "/reload")
        .then()
        .body("alpha", equalTo(0.02))
        .body("threshold", equalTo(madeCalibration.threshold()));
  }

  @Test
  void shouldSetAThresholdAndReportTheAlphaItImplies() {
    double[] sorted = madeCalibration.decisionReference().sorted();
    double threshold = sorted[sorted.length - 11];
    // Ten normal values lie above it: p <= (1 + 10) / 501 for every image above it.
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("threshold", threshold))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(200)
        .body("threshold", equalTo(threshold))
        .body("alpha", closeTo(11.0 / 501, 1e-12));
  }

  @Test
  void shouldRefuseInvalidThresholdRequests() {
    var admin = given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON);
    admin
        .body(Map.of())
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(400)
        .body("error", containsString("exactly one of alpha and threshold"));
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 0.1, "threshold", 3.0))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 0.0001))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(422)
        .body("error", containsString("500 normal images"));
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("alpha", 1.5))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(422)
        .body("error", containsString("(0, 1)"));
    given()
        .header("Authorization", Api.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("threshold", -1e9))
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(422)
        .body("error", containsString("every image would be anomalous"));
    given()
        .header("Authorization", Api.ADMIN)
        .contentType("text/plain")
        .body("alpha=0.1")
        .put("/api/v1/models/" + MADE + "/threshold")
        .then()
        .statusCode(415);
  }
}
