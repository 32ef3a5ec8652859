package io.flowspect.service.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The configured admin token ({@link ApiSettings#adminToken()}) and its comparison.
 *
 * <p>A bean of its own because JAX-RS filters are created while the application is built, before
 * runtime configuration exists: {@link AdminFilter} gets a proxy and reads the token on first use.
 */
@ApplicationScoped
public class AdminToken {

  private final Optional<byte[]> token;

  /**
   * Reads the token.
   *
   * @param settings the API settings
   */
  public AdminToken(ApiSettings settings) {
    this.token =
        settings
            .adminToken()
            .filter(t -> !t.isBlank())
            .map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Tells whether a token is configured.
   *
   * @return false when the admin endpoints are disabled
   */
  public boolean configured() {
    return token.isPresent();
  }

  /**
   * Compares a presented token with the configured one in time independent of where they differ
   * ({@link MessageDigest#isEqual}), so that it cannot be guessed byte by byte from response times.
   *
   * @param presented the bearer token of a request
   * @return true when a token is configured and equals it
   */
  public boolean matches(String presented) {
    return token.isPresent()
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get());
  }
}
