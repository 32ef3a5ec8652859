package io.flowspect.service.api;

import io.flowspect.service.output.AlertRecord;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/alerts?limit=N}: the newest alerts the pipeline committed, newest first, as
 * they were written to {@code flowspect.alerts} (see {@link RecentAlerts}).
 */
@Path("/api/v1/alerts")
public class AlertResource {

  private final RecentAlerts alerts;

  /**
   * Creates the resource.
   *
   * @param alerts the buffer
   */
  public AlertResource(RecentAlerts alerts) {
    this.alerts = alerts;
  }

  /**
   * Returns recent alerts.
   *
   * @param limit how many, 1 to the buffer size (default 50)
   * @return newest first
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Recent alerts, newest first (in memory, flowspect.api.recent-alerts)")
  public List<AlertRecord> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > alerts.capacity()) {
      throw new ApiException(
          400,
          "limit must be between 1 and "
              + alerts.capacity()
              + " (flowspect.api.recent-alerts), got "
              + limit);
    }
    return alerts.latest(limit);
  }
}
