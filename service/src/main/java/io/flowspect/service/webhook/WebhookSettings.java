package io.flowspect.service.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Webhooks ({@code flowspect.webhooks.*}): where alerts are POSTed, and how hard the service tries.
 * With no endpoint configured the dispatcher does not start.
 *
 * <pre>
 * flowspect.webhooks.endpoints.ops.url=https://ops.example.com/flowspect
 * flowspect.webhooks.endpoints.ops.secret=${OPS_WEBHOOK_SECRET}
 * flowspect.webhooks.endpoints.ops.timeout=5s
 * </pre>
 */
@ConfigMapping(prefix = "flowspect.webhooks")
public interface WebhookSettings {

  /**
   * The receivers, by name. The name is the metric's {@code endpoint} tag and part of the
   * endpoint's consumer group: keep it stable.
   *
   * @return name to endpoint; empty turns webhooks off
   */
  Map<String, Endpoint> endpoints();

  /**
   * Attempts and back-off.
   *
   * @return the retry settings
   */
  Retry retry();

  /**
   * The circuit breaker of each endpoint.
   *
   * @return the breaker settings
   */
  Breaker breaker();

  /**
   * Where alerts go when an endpoint did not accept them within the retry budget: one record per
   * alert and endpoint, the alert unchanged, the reason and the endpoint in headers.
   *
   * @return default {@value WebhookOptions#DEFAULT_DLQ_TOPIC}
   */
  @WithDefault(WebhookOptions.DEFAULT_DLQ_TOPIC)
  String dlqTopic();

  /**
   * Prefix of the consumer groups, one per endpoint: {@code <prefix>-<endpoint name>}.
   *
   * @return default {@value WebhookOptions#DEFAULT_GROUP_PREFIX}
   */
  @WithDefault(WebhookOptions.DEFAULT_GROUP_PREFIX)
  String groupPrefix();

  /**
   * Where an endpoint without committed offsets (new, or renamed) starts: {@code earliest}
   * (default: no alert is missed, but a new endpoint also receives the retained history) or {@code
   * latest}.
   *
   * @return the start
   */
  @WithDefault("earliest")
  StartFrom startFrom();

  /** One receiver ({@code flowspect.webhooks.endpoints.<name>.*}). */
  interface Endpoint {

    /**
     * Where alerts are POSTed; http or https.
     *
     * @return the URL
     */
    String url();

    /**
     * The HMAC-SHA256 key of {@code X-Flowspect-Signature}; required. Pass it through an
     * environment variable rather than a file in version control.
     *
     * @return the secret
     */
    String secret();

    /**
     * During a secret rotation, the secret being replaced: every request then carries a signature
     * under each secret, so receivers still on the old one and those already on the new one both
     * accept it. Set it to the old secret, deploy the new secret as {@code secret}, move the
     * receivers over, then remove it.
     *
     * @return the previous secret, if any
     */
    Optional<String> previousSecret();

    /**
     * How long one request may take, connecting included. Default 5 s: a receiver should answer at
     * once and process later.
     *
     * @return the timeout
     */
    @WithDefault("5s")
    Duration timeout();
  }

  /** Retries of one alert at one endpoint ({@code flowspect.webhooks.retry.*}). */
  interface Retry {

    /**
     * Requests per alert and endpoint before the alert goes to the dead-letter topic. Default 12:
     * with the default back-off and breaker an alert is given up after about five minutes of
     * failures; while the circuit is open the alert waits without spending attempts.
     *
     * @return the retry budget, at least 1
     */
    @WithDefault("12")
    int maxAttempts();

    /**
     * Wait after the first failure, doubled after each further one (then jittered down by up to
     * half). Default 1 s.
     *
     * @return the base
     */
    @WithDefault("1s")
    Duration backoffBase();

    /**
     * Longest wait between two attempts, also the cap on a receiver's {@code Retry-After}. Default
     * 60 s.
     *
     * @return the cap
     */
    @WithDefault("60s")
    Duration backoffMax();
  }

  /** The circuit breaker of each endpoint ({@code flowspect.webhooks.breaker.*}). */
  interface Breaker {

    /**
     * Failed requests in a row that open the circuit. Default 5.
     *
     * @return the threshold
     */
    @WithDefault("5")
    int failureThreshold();

    /**
     * How long an open circuit sends nothing before one probe is let through. Default 30 s.
     *
     * @return the cool-down
     */
    @WithDefault("30s")
    Duration coolDown();

    /**
     * Successful probes in a row that close a half-open circuit. Default 1.
     *
     * @return the threshold
     */
    @WithDefault("1")
    int successThreshold();
  }

  /**
   * Returns the endpoints as validated records, sorted by name.
   *
   * @return the endpoints
   * @throws IllegalArgumentException naming the key of a wrong value
   */
  default List<WebhookEndpoint> toEndpoints() {
    List<WebhookEndpoint> out = new ArrayList<>();
    new TreeMap<>(endpoints())
        .forEach(
            (name, e) -> {
              URI url;
              try {
                url = new URI(e.url().trim());
              } catch (URISyntaxException ex) {
                throw new IllegalArgumentException(
                    "flowspect.webhooks.endpoints."
                        + name
                        + ".url is not a URL: "
                        + ex.getMessage(),
                    ex);
              }
              out.add(
                  new WebhookEndpoint(
                      name, url, e.secret(), e.timeout(), e.previousSecret().orElse(null)));
            });
    return out;
  }

  /**
   * Returns the retry settings as a record.
   *
   * @return the policy
   */
  default RetryPolicy toRetryPolicy() {
    return new RetryPolicy(retry().maxAttempts(), retry().backoffBase(), retry().backoffMax());
  }

  /**
   * Returns the breaker settings as a record.
   *
   * @return the policy
   */
  default BreakerPolicy toBreakerPolicy() {
    return new BreakerPolicy(
        breaker().failureThreshold(), breaker().coolDown(), breaker().successThreshold());
  }
}
