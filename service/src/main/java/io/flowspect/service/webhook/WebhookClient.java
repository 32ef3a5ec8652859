package io.flowspect.service.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends signed alert bodies to one endpoint with the JDK {@link HttpClient}: HTTP/1.1, no
 * redirects, the endpoint's timeout for connecting and for the answer.
 *
 * <p>Requests are asynchronous so that the dispatcher can stop waiting for one (a crash, or a
 * rebalance that moved the alert elsewhere) without waiting for its timeout.
 *
 * <p>Thread-safe.
 */
final class WebhookClient {

  /** The attempt number header: 1 for the first request of an alert at an endpoint. */
  static final String ATTEMPT_HEADER = "X-Flowspect-Attempt";

  /** The event header: what kind of body this is. */
  static final String EVENT_HEADER = "X-Flowspect-Event";

  private final WebhookEndpoint endpoint;
  private final WebhookSigner signer;
  private final HttpClient http;

  WebhookClient(WebhookEndpoint endpoint) {
    this.endpoint = endpoint;
    this.signer = new WebhookSigner(endpoint.secrets());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(endpoint.timeout())
            .build();
  }

  /**
   * Posts an alert.
   *
   * @param body the alert record's value, sent and signed as it is
   * @param idempotencyKey the alert's key at this endpoint
   * @param attempt 1 for the first request of this alert
   * @return the attempt's result; never completes exceptionally (failures are results)
   */
  CompletableFuture<Attempt> post(byte[] body, String idempotencyKey, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.url())
            .timeout(endpoint.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "flowspect-webhook/1")
            .header(EVENT_HEADER, "alert")
            .header(WebhookSigner.HEADER, signer.sign(body, Instant.now()))
            .header(AlertIdentity.IDEMPOTENCY_KEY_HEADER, idempotencyKey)
            .header(ATTEMPT_HEADER, Integer.toString(attempt))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> error == null ? answered(response) : failed(error));
  }

  private static Attempt answered(HttpResponse<?> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Attempt(DeliveryOutcome.SUCCESS, status, "", Optional.empty());
    }
    return new Attempt(
        DeliveryOutcome.HTTP_ERROR,
        status,
        "HTTP " + status,
        response.headers().firstValue("Retry-After").flatMap(WebhookClient::seconds));
  }

  private Attempt failed(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return new Attempt(
          DeliveryOutcome.TIMEOUT,
          0,
          "no answer within " + endpoint.timeout().toMillis() + " ms",
          Optional.empty());
    }
    // Refused, reset, unknown host, TLS failure; or a cancelled request (the dispatcher stopped
    // waiting), whose result nobody reads.
    String what = cause.getClass().getSimpleName();
    String message = cause.getMessage() == null ? what : what + ": " + cause.getMessage();
    return new Attempt(
        DeliveryOutcome.CONNECTION_ERROR,
        0,
        "connection failed (" + message + ")",
        Optional.empty());
  }

  /** Parses the delay-seconds form of {@code Retry-After}; the HTTP-date form is ignored. */
  private static Optional<Duration> seconds(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
  }
}
