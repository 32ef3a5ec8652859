package io.flowspect.service.api;

import io.flowspect.service.output.ScoreRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/signals}: the newest recording of each sensor line as its score record was
 * written to {@code flowspect.scores}, with the windows, hottest time span and trace in {@code
 * signal} (see {@link RecentSignals}); an empty list when no sensor line has sent one.
 */
@Path("/api/v1/signals")
public class SignalResource {

  private final RecentSignals signals;

  /**
   * Creates the resource.
   *
   * @param signals the buffer
   */
  public SignalResource(RecentSignals signals) {
    this.signals = signals;
  }

  /**
   * Returns the newest recording of every sensor line.
   *
   * @return one score record per line, ordered by line
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The newest recording of each sensor line, with its trace (in memory)")
  public List<ScoreRecord> latest() {
    return signals.latest();
  }
}
