package io.flowspect.service.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Checks the bearer token of {@link AdminOnly} endpoints: no {@code Authorization: Bearer} header
 * is 401 (with {@code WWW-Authenticate: Bearer}), any other token than {@link
 * ApiSettings#adminToken()} is 403, and so is every token when none is configured ({@link
 * AdminToken}).
 */
@AdminOnly
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminFilter implements ContainerRequestFilter {

  private static final String BEARER = "bearer ";

  private final AdminToken token;

  /**
   * Creates the filter.
   *
   * @param token the admin token
   */
  public AdminFilter(AdminToken token) {
    this.token = token;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      request.abortWith(
          Response.fromResponse(
                  ApiExceptionMappers.error(
                      401,
                      "this endpoint needs an admin token: Authorization: Bearer <token> (the"
                          + " value of flowspect.api.admin-token)"))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"flowspect\"")
              .build());
      return;
    }
    if (!token.configured()) {
      request.abortWith(
          ApiExceptionMappers.error(
              403, "admin endpoints are disabled: flowspect.api.admin-token is not set"));
      return;
    }
    if (!token.matches(header.substring(BEARER.length()).trim())) {
      request.abortWith(ApiExceptionMappers.error(403, "wrong admin token"));
    }
  }
}
