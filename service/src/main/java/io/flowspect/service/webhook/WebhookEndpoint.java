package io.flowspect.service.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One receiver of alerts.
 *
 * @param name a short stable name: the metric's {@code endpoint} tag, part of the consumer group
 *     (so renaming an endpoint restarts its delivery from {@code start-from}); letters, digits,
 *     {@code . _ -}
 * @param url where alerts are POSTed, http or https
 * @param secret the HMAC-SHA256 key of the signature header; never logged
 * @param timeout how long one request may take, connection included
 * @param previousSecret during a rotation, the secret being replaced: requests then carry a
 *     signature under each, so receivers on either accept them; null otherwise; never logged
 */
public record WebhookEndpoint(
    String name, URI url, String secret, Duration timeout, String previousSecret) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates. */
  public WebhookEndpoint {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a webhook endpoint name must be 1 to 64 letters, digits, '.', '_' or '-', got '"
              + name
              + "'");
    }
    String scheme = url == null || url.getScheme() == null ? "" : url.getScheme();
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(
          "the url of webhook endpoint " + name + " must be an http or https URL, got " + url);
    }
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(
          "the secret of webhook endpoint " + name + " must not be blank");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "the timeout of webhook endpoint " + name + " must be positive, got " + timeout);
    }
    if (previousSecret != null && previousSecret.isBlank()) {
      throw new IllegalArgumentException(
          "the previous secret of webhook endpoint " + name + " must not be blank when set");
    }
  }

  /**
   * An endpoint with one secret.
   *
   * @param name the endpoint's name
   * @param url where alerts are POSTed
   * @param secret the HMAC-SHA256 key
   * @param timeout how long one request may take
   */
  public WebhookEndpoint(String name, URI url, String secret, Duration timeout) {
    this(name, url, secret, timeout, null);
  }

  /**
   * Returns the secrets requests are signed with: the current one, then the previous one during a
   * rotation.
   *
   * @return one or two secrets
   */
  public List<String> secrets() {
    return previousSecret == null ? List.of(secret) : List.of(secret, previousSecret);
  }

  /**
   * Returns the URL without user info, query or fragment, which may carry credentials: what logs
   * and dead-letter headers show.
   *
   * @return {@code scheme://host[:port]/path}
   */
  public String safeUrl() {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return "WebhookEndpoint[name=" + name + ", url=" + safeUrl() + ", timeout=" + timeout + "]";
  }
}
