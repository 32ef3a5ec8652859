package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.flowspect.service.support.Api;
import io.flowspect.service.support.ConditionalProfile;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/score?condition=} with a conditional bundle (the tiny cvae on {@code
 * line-c}): scored under the class given, refused with 400 naming the classes without one or with
 * an unknown one; the default (unconditional) model ignores the parameter.
 */
@QuarkusTest
@TestProfile(ConditionalProfile.class)
class ConditionalScoreResourceTest {

  private static final String SCORE = "/api/v1/score";

  @BeforeAll
  static void exactNumbers() {
    Api.readNumbersAsDoubles();
  }

  private static RequestSpecification raw(String line) {
    return given()
        .contentType("application/x-raw")
        .body(TestImages.stripePixels(3))
        .queryParam("width", 28)
        .queryParam("height", 28)
        .queryParam("channels", 1)
        .queryParam("line", line);
  }

  private static double iwae(String condition) {
    return raw("line-c")
        .queryParam("condition", condition)
        .when()
        .post(SCORE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo("fmnist-cvae-tiny"))
        .body("model.family", equalTo("cvae"))
        .body("scores.elbo", notNullValue())
        .extract()
        .jsonPath()
        .getDouble("scores.iwae");
  }

  @Test
  void shouldScoreUnderTheClassGiven() {
    double trouser = iwae("trouser");
    double bag = iwae("bag");
    assertThat(trouser).isNotEqualTo(bag);
    assertThat(iwae("trouser")).isEqualTo(trouser);
  }

  @Test
  void shouldRefuseAConditionalModelWithoutAKnownClass() {
    raw("line-c")
        .when()
        .post(SCORE)
        .then()
        .statusCode(400)
        .body("status", equalTo(400))
        .body("error", containsString("model fmnist-cvae-tiny is conditioned on label"))
        .body("error", containsString("[t-shirt, trouser, pullover"));
    raw("line-c")
        .queryParam("condition", "hat")
        .when()
        .post(SCORE)
        .then()
        .statusCode(400)
        .body("error", containsString("label 'hat' is not one of its classes [t-shirt"));
  }

  @Test
  void shouldIgnoreTheConditionForAnUnconditionalModel() {
    raw("line-a")
        .queryParam("condition", "hat")
        .when()
        .post(SCORE)
        .then()
        .statusCode(200)
        .body("model.id", equalTo("fmnist-made-tiny"));
  }
}
