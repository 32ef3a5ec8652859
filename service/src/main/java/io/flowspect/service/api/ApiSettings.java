package io.flowspect.service.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The REST API under {@code /api/v1} ({@code flowspect.api.*}). */
@ConfigMapping(prefix = "flowspect.api")
public interface ApiSettings {

  /**
   * Bearer token of the admin endpoints (reload, threshold): {@code Authorization: Bearer <token>}.
   * Without it the admin endpoints answer 403 to everyone: the service never runs with a default
   * password.
   *
   * @return the token
   */
  Optional<String> adminToken();

  /**
   * Largest image body of {@code POST /api/v1/score}, in bytes. Default 8 MiB: a large camera frame
   * as PNG; larger bodies get 413. It must stay below {@code quarkus.http.limits.max-body-size} (10
   * MiB by default), where the HTTP server itself refuses with an empty 413.
   *
   * @return the byte limit
   */
  @WithDefault("8388608")
  long maxImageBytes();

  /**
   * Alerts kept for {@code GET /api/v1/alerts}, newest first. Default 1000: about 1 MB of memory
   * with heatmaps.
   *
   * @return the buffer size, at least 1
   */
  @WithDefault("1000")
  int recentAlerts();

  /**
   * Decision values kept per model for {@code GET /api/v1/models/{id}/histogram} and the live side
   * of the threshold preview: the last N images the pipeline committed. Default 2000: a few minutes
   * of a line at 10 images/s, 16 KB per model.
   *
   * @return values per model, at least 1
   */
  @WithDefault("2000")
  int recentScores();

  /**
   * Requests per second {@code POST /api/v1/score} takes on average, all clients together; more get
   * 429 with {@code Retry-After}. Default 100: the API is for spot checks and integrations, the
   * stream goes through Kafka, and each request runs the model on the request thread.
   *
   * @return requests per second, positive
   */
  @WithDefault("100")
  double scoreRate();

  /**
   * Requests {@code POST /api/v1/score} takes at once above {@link #scoreRate()} (the bucket's
   * size). Default 200.
   *
   * @return requests, at least 1
   */
  @WithDefault("200")
  int scoreBurst();
}
