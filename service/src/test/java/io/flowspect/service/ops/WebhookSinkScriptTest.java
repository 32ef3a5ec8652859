package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.service.webhook.WebhookSigner;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The compose webhook sink (deploy/compose/webhook-sink.py) accepts what the service signs and
 * refuses what it does not: bad, stale (replayed) and unknown-secret signatures, while a rotation's
 * previous secret is still accepted. Runs where python3 is installed; the compose file runs it in
 * python:3-alpine.
 */
class WebhookSinkScriptTest {

  private static final String SECRET = "sink-test-secret";
  private static final String PREVIOUS = "sink-test-previous-secret";

  private static Path python() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "python3");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Assumptions.abort("python3 is not installed");
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void shouldAcceptSignedAlertsOnceAndRefuseBadSignatures() throws Exception {
    Path python = python();
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                python.toString(), Repo.deploy().resolve("compose/webhook-sink.py").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", String.valueOf(port));
    pb.environment().put("WEBHOOK_SECRET", SECRET);
    pb.environment().put("WEBHOOK_PREVIOUS_SECRET", PREVIOUS);
    Process sink = pb.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI uri = URI.create("http://127.0.0.1:" + port + "/hooks");
      byte[] body = "{\"image_id\":\"a-1\",\"line\":\"l\"}".getBytes(StandardCharsets.UTF_8);
      String signature = new WebhookSigner(SECRET).sign(body, Instant.now());
      // Retry the first request until the sink listens (connection refused until then).
      int status =
          await("the webhook sink to answer")
              .atMost(Duration.ofSeconds(20))
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(100))
              .ignoreExceptionsInstanceOf(IOException.class)
              .until(() -> post(http, uri, body, signature, "k1"), s -> s >= 0);
      assertThat(status).isEqualTo(204);
      assertThat(post(http, uri, body, signature, "k1")).isEqualTo(204);
      assertThat(post(http, uri, body, "t=" + Instant.now().getEpochSecond() + ",v1=00", "k2"))
          .isEqualTo(401);
      // A sender still on the previous secret during a rotation is accepted.
      assertThat(post(http, uri, body, new WebhookSigner(PREVIOUS).sign(body, Instant.now()), "k3"))
          .isEqualTo(204);
      // A request captured ten minutes ago and replayed is refused.
      String stale = new WebhookSigner(SECRET).sign(body, Instant.now().minusSeconds(600));
      assertThat(post(http, uri, body, stale, "k4")).isEqualTo(401);
      // An unknown secret is refused.
      assertThat(post(http, uri, body, new WebhookSigner("other").sign(body, Instant.now()), "k5"))
          .isEqualTo(401);
      String counts =
          http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(counts)
          .contains("\"received\": 2")
          .contains("\"duplicates\": 1")
          .contains("\"rejected\": 3");
    } finally {
      sink.destroy();
      sink.waitFor();
    }
  }

  private static int post(HttpClient http, URI uri, byte[] body, String signature, String key)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("X-Flowspect-Signature", signature)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
