package io.flowspect.service.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health and API description as an orchestrator and a client generator see them. */
@QuarkusTest
class HealthEndpointTest {

  @Test
  void shouldBeReadyWithModelsLoadedAndKafkaReachable() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'flowspect' }.data.models", equalTo(2))
        .body("checks.find { it.name == 'flowspect' }.data.kafka_brokers", equalTo(1));
  }

  @Test
  void shouldBeLiveWhileThePipelineRuns() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'flowspect-pipeline' }.data.pipeline", equalTo("running"));
  }

  @Test
  void shouldDescribeTheApiInOpenApi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/v1/score"))
        .body("paths", hasKey("/api/v1/models/{id}/threshold"))
        .body("paths", hasKey("/api/v1/alerts"))
        .body("paths", hasKey("/api/v1/models/{id}/threshold/preview"))
        .body("paths", hasKey("/api/v1/models/{id}/histogram"))
        .body("paths", hasKey("/api/v1/lines"))
        .body(
            "components.schemas.ThresholdPreviewResponse.properties", hasKey("false_positive_rate"))
        .body("components.securitySchemes.admin.scheme", equalTo("bearer"))
        // Schemas name properties as the JSON bodies do.
        .body("components.schemas.ScoreResponse.properties", hasKey("p_value"))
        .body("components.schemas.ModelSummary.properties", hasKey("default_model"));
  }
}
