package io.flowspect.service.api;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refusals into JSON {@link ApiError} answers, so that every error of the API has the same
 * shape and says what is wrong.
 */
public final class ApiExceptionMappers {

  /** Media types {@code POST /api/v1/score} reads. */
  static final String SCORE_TYPES =
      "image/png, image/jpeg, image/bmp, application/octet-stream (sniffed) or "
          + ScoreResource.RAW_TYPE;

  @ServerExceptionMapper
  Response refused(ApiException e) {
    Response error = error(e.status(), e.getMessage());
    if (e.retryAfterSeconds() == null) {
      return error;
    }
    return Response.fromResponse(error)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }

  @ServerExceptionMapper
  Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
    MediaType type = headers.getMediaType();
    boolean score = uri.getPath().endsWith("/score");
    return error(
        415,
        "unsupported media type "
            + (type == null ? "(none)" : "'" + type + "'")
            + "; "
            + uri.getPath()
            + " reads "
            + (score ? SCORE_TYPES : MediaType.APPLICATION_JSON));
  }

  /**
   * Builds an error answer.
   *
   * @param status the HTTP status
   * @param message the message
   * @return the JSON response
   */
  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(status, message))
        .build();
  }
}
