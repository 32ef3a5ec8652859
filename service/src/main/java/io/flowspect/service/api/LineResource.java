package io.flowspect.service.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/lines}: images, decisions and alerts per line since start-up, read from the
 * pipeline's own Micrometer counters (the numbers {@code /q/metrics} exports), so that the operator
 * page shows per-line rates without parsing Prometheus text.
 */
@Path("/api/v1/lines")
public class LineResource {

  private static final String LINE = "line";

  private final MeterRegistry registry;
  private final Clock clock;

  /**
   * Creates the resource.
   *
   * @param registry the registry the pipeline's metrics live in
   */
  public LineResource(MeterRegistry registry) {
    this.registry = registry;
    this.clock = Clock.systemUTC();
  }

  /**
   * Reads the counters.
   *
   * @return per line, by name
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Images, decisions and alerts per line since start-up",
      description =
          "Read from the counters behind flowspect_images_total, flowspect_alerts_total and"
              + " flowspect_drift_ks; a rate is the difference of two readings over their 'at'.")
  public LineRates lines() {
    String at = clock.instant().toString();
    Map<String, long[]> images = new TreeMap<>(); // normal, anomaly, unknown
    for (Counter c : registry.find("flowspect.images").counters()) {
      long[] counts = images.computeIfAbsent(tag(c, LINE), l -> new long[3]);
      int slot =
          switch (String.valueOf(c.getId().getTag("decision"))) {
            case "normal" -> 0;
            case "anomaly" -> 1;
            default -> 2;
          };
      counts[slot] += (long) c.count();
    }
    Map<String, Long> alerts = new TreeMap<>();
    for (Counter c : registry.find("flowspect.alerts").counters()) {
      alerts.merge(tag(c, LINE), (long) c.count(), Long::sum);
      images.computeIfAbsent(tag(c, LINE), l -> new long[3]);
    }
    Map<String, Double> drift = new TreeMap<>();
    for (Gauge g : registry.find("flowspect.drift.ks").gauges()) {
      double v = g.value();
      if (Double.isFinite(v)) {
        drift.put(tag(g, LINE), v);
      }
    }
    List<LineRates.Line> lines = new ArrayList<>();
    images.forEach(
        (line, c) -> {
          long decided = c[0] + c[1];
          lines.add(
              new LineRates.Line(
                  line,
                  c[0] + c[1] + c[2],
                  c[0],
                  c[1],
                  c[2],
                  alerts.getOrDefault(line, 0L),
                  decided == 0 ? null : (double) c[1] / decided,
                  drift.get(line)));
        });
    long deadLetters = 0;
    for (Counter c : registry.find("flowspect.dlq").counters()) {
      deadLetters += (long) c.count();
    }
    return new LineRates(at, lines, deadLetters);
  }

  private static String tag(Meter m, String key) {
    String v = m.getId().getTag(key);
    return v == null ? "none" : v;
  }
}
