package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.flowspect.service.support.RateLimitedProfile;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/score} past {@code flowspect.api.score-rate}: the burst is scored, the next
 * request gets 429 with a {@code Retry-After} and a message naming the setting, and the rest of the
 * API keeps answering.
 */
@QuarkusTest
@TestProfile(RateLimitedProfile.class)
class ScoreRateLimitTest {

  private static Response score() {
    return given()
        .contentType("application/x-raw")
        .body(TestImages.stripePixels(3))
        .queryParam("width", 28)
        .queryParam("height", 28)
        .queryParam("channels", 1)
        .when()
        .post("/api/v1/score");
  }

  @Test
  void answers429WithRetryAfterPastTheRate() {
    score().then().statusCode(200);
    score().then().statusCode(200);
    Response refused = score();
    refused
        .then()
        .statusCode(429)
        .body("status", equalTo(429))
        .body("error", containsString("flowspect.api.score-rate"));
    // 0.2 requests/s: the next token is up to five seconds away.
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 5L);
    given().when().get("/api/v1/models").then().statusCode(200);
  }
}
