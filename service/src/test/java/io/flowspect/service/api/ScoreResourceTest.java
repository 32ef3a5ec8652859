package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.flowspect.service.support.Api;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/score} over real HTTP with the test bundles: PNG, sniffed and raw bodies,
 * routing by line, and every refusal with its status and message.
 */
@QuarkusTest
class ScoreResourceTest {

  private static final String SCORE = "/api/v1/score";

  @BeforeAll
  static void exactNumbers() {
    Api.readNumbersAsDoubles();
  }

  @Test
  void shouldScoreAPngWithTheDefaultModelAndExplainIt() throws Exception {
    JsonPath json =
        given()
            .contentType("image/png")
            .body(TestImages.stripes(3))
            .when()
            .post(SCORE)
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .body("model.id", equalTo("fmnist-made-tiny"))
            .body("model.version", equalTo("0.1.0-test"))
            .body("model.family", equalTo("made"))
            .body("line", nullValue())
            .body("score_name", equalTo("complexity"))
            .body("threshold", closeTo(2.0932509687957572, 1e-12))
            .body("scores.bpd", notNullValue())
            .body("scores.log_px", notNullValue())
            .body("p_values.complexity", notNullValue())
            .body("location", nullValue())
            .body("explanation.method", equalTo("pixel_nll"))
            .body("explanation.width", equalTo(28))
            .body("latency_ms.inference", notNullValue())
            .extract()
            .jsonPath();
    double score = json.getDouble("score");
    double threshold = json.getDouble("threshold");
    double p = json.getDouble("p_value");
    assertThat(score).isEqualTo(json.getDouble("scores.complexity"));
    assertThat(p).isBetween(1.0 / 501, 1.0).isEqualTo(json.getDouble("p_values.complexity"));
    assertThat(json.getBoolean("anomaly")).isEqualTo(score > threshold);
    assertThat(json.getString("decision")).isEqualTo(score > threshold ? "anomaly" : "normal");
    assertThat(json.getList("explanation.hottest")).hasSize(10);
    BufferedImage heatmap =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(json.getString("explanation.heatmap_png"))));
    // The image next to its map, each 28 x 28 at scale 4, with a gap.
    assertThat(heatmap.getHeight()).isEqualTo(28 * 4);
    assertThat(heatmap.getWidth()).isGreaterThan(2 * 28 * 4);
  }

  @Test
  void shouldRouteByTheLineParameter() {
    given()
        .contentType("image/png")
        .queryParam("line", "line-n")
        .body(TestImages.stripes(3))
        .when()
        .post(SCORE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo("fmnist-nice-tiny"))
        .body("line", equalTo("line-n"))
        .body("threshold", closeTo(6.379291130165141, 1e-12))
        .body("explanation.method", equalTo("flow_energy"))
        .body("explanation.unit", equalTo("nats"))
        .body("explanation.hottest", org.hamcrest.Matchers.hasSize(10))
        .body("explanation.heatmap_png", notNullValue());
    // Any other line goes to the default model.
    given()
        .contentType("image/png")
        .queryParam("line", "line-zz")
        .body(TestImages.stripes(3))
        .when()
        .post(SCORE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo("fmnist-made-tiny"));
  }

  @Test
  void shouldScoreRawPixelsExactlyLikeTheSamePixelsAsPng() {
    byte[] pixels = TestImages.stripePixels(4);
    JsonPath png =
        given()
            .contentType("image/png")
            .body(TestImages.grayPng(pixels, 28, 28))
            .post(SCORE)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    JsonPath raw =
        given()
            .contentType(ScoreResource.RAW_TYPE)
            .queryParam("width", 28)
            .queryParam("height", 28)
            .queryParam("channels", 1)
            .body(pixels)
            .post(SCORE)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(raw.getMap("scores")).isEqualTo(png.getMap("scores"));
    assertThat(raw.getDouble("p_value")).isEqualTo(png.getDouble("p_value"));
  }

  @Test
  void shouldSniffAnOctetStream() {
    given()
        .contentType(ContentType.BINARY)
        .body(TestImages.stripes(2))
        .post(SCORE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo("fmnist-made-tiny"));
  }

  @Test
  void shouldRefuseRawPixelsWithoutTheirShape() {
    given()
        .contentType(ScoreResource.RAW_TYPE)
        .queryParam("width", 28)
        .body(new byte[28 * 28])
        .post(SCORE)
        .then()
        .statusCode(400)
        .body("status", equalTo(400))
        .body("error", containsString("width, height and channels"));
  }

  @Test
  void shouldRefuseABodyAboveTheLimitWith413() {
    // 300,000 bytes against the test limit of 200,000 (flowspect.api.max-image-bytes).
    byte[] large = Arrays.copyOf(TestImages.stripes(3), 300_000);
    given()
        .contentType("image/png")
        .body(large)
        .post(SCORE)
        .then()
        .statusCode(413)
        .body("status", equalTo(413))
        .body("error", containsString("200000 bytes (flowspect.api.max-image-bytes)"));
  }

  @Test
  void shouldRefuseADecompressionBombWith413() {
    given()
        .contentType("image/png")
        .body(TestImages.pngHeaderOnly(20_000, 20_000))
        .post(SCORE)
        .then()
        .statusCode(413)
        .body("error", containsString("400000000"));
  }

  @Test
  void shouldRefuseAnUnsupportedMediaTypeWith415() {
    given()
        .contentType("text/plain")
        .body("not an image")
        .post(SCORE)
        .then()
        .statusCode(415)
        .body("status", equalTo(415))
        .body("error", containsString("text/plain"))
        .body("error", containsString("image/png"));
  }

  @Test
  void shouldRefuseAnUndecodableImageWith422() {
    byte[] png = TestImages.stripes(3);
    given()
        .contentType("image/png")
        .body(Arrays.copyOf(png, png.length / 2))
        .post(SCORE)
        .then()
        .statusCode(422)
        .body("error", containsString("request body"));
    given()
        .contentType("image/jpeg")
        .body("this is not an image".getBytes())
        .post(SCORE)
        .then()
        .statusCode(422);
  }

  @Test
  void shouldRefuseAnEmptyBodyWith400() {
    given()
        .contentType("image/png")
        .body(new byte[0])
        .post(SCORE)
        .then()
        .statusCode(400)
        .body("error", containsString("request body"));
  }
}
