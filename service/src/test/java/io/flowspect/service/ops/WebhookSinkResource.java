package io.flowspect.service.ops;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook sink that answers 204 to everything, configured as the endpoint {@code sink}: the
 * application then exports {@code flowspect_webhook_deliveries_total}, which dashboards and rules
 * use, as a deployment with an endpoint would.
 */
public final class WebhookSinkResource implements QuarkusTestResourceLifecycleManager {

  /** The endpoint's name: the {@code endpoint} label of the delivery counter. */
  static final String ENDPOINT = "sink";

  static final AtomicInteger RECEIVED = new AtomicInteger();

  private HttpServer server;

  /**
   * The application with the sink as its one webhook endpoint, and a sensor line ({@value
   * #SENSOR_LINE}, the tiny sensor bundle) so that the sensor metrics exist too.
   */
  public static final class Profile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(WebhookSinkResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "flowspect.models.lines." + SENSOR_LINE,
          "src/test/resources/bundles/signals-wavenet-tiny");
    }
  }

  /** The sensor line of {@link Profile}. */
  static final String SENSOR_LINE = "ops-vibration";

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          RECEIVED.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    String prefix = "flowspect.webhooks.endpoints." + ENDPOINT + ".";
    return Map.of(
        prefix + "url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks",
        prefix + "secret",
        "ops-test-secret-0123456789");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
