package io.flowspect.service.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one chaos run.
 *
 * @param scenario kill, rebalance or broker-restart
 * @param cycles faults injected
 * @param rate images per second sent
 * @param sent images the broker acknowledged to the camera
 * @param failedSends images the camera's client gave up on (not expected downstream)
 * @param records score records a read_committed consumer read
 * @param lost acknowledged images without a score record
 * @param duplicated score records beyond the first for an image
 * @param longestStall the longest time one line went without a new score record while images flowed
 * @param recoveries per fault, from the fault (or the broker's return) to the service's readiness
 * @param drained from the camera's last image to the last score record: the backlog the faults left
 * @param wall the whole run
 * @param work where the broker data and service logs are
 * @param notes further figures of the scenario (a soak's vitals), or empty
 * @param vitals a soak's readings of the service (after the warm-up, half way, at the end), else
 *     empty
 */
public record ChaosResult(
    String scenario,
    int cycles,
    int rate,
    long sent,
    long failedSends,
    long records,
    long lost,
    long duplicated,
    Duration longestStall,
    List<Duration> recoveries,
    Duration drained,
    Duration wall,
    Path work,
    String notes,
    List<ProcessVitals> vitals) {

  /**
   * Returns the one line of figures the command ends with.
   *
   * @return e.g. "kill: 10 faults at 200 images/s: sent 18000, scored 18000 records, lost 0,
   *     duplicated 0, ..."
   */
  public String line() {
    if (scenario.equals("webhook-faults")) {
      return String.format(
          Locale.ROOT,
          "%s: %d faulty receivers and one sound at %d images/s: alerts %d, each receiver's alerts"
              + " answered 2xx or dead-lettered %d, lost %d, duplicated (an alert under a second"
              + " idempotency key) %d, accounted for %.1f s after the camera stopped, wall %.0f s"
              + "%s (logs in %s)",
          scenario,
          cycles,
          rate,
          sent,
          records,
          lost,
          duplicated,
          Chaos.seconds(drained),
          Chaos.seconds(wall),
          notes.isEmpty() ? "" : "; " + notes,
          work);
    }
    double worst = recoveries.stream().mapToDouble(Chaos::seconds).max().orElse(0);
    return String.format(
        Locale.ROOT,
        "%s: %s at %d images/s: sent %d, score records %d, lost %d, duplicated %d,"
            + " failed sends %d, longest line stall %.1f s, slowest recovery %.1f s, backlog drained in"
            + " %.1f s, wall %.0f s%s"
            + " (logs in %s)",
        scenario,
        scenario.equals("soak") ? "no faults" : cycles + " fault(s)",
        rate,
        sent,
        records,
        lost,
        duplicated,
        failedSends,
        Chaos.seconds(longestStall),
        worst,
        Chaos.seconds(drained),
        Chaos.seconds(wall),
        notes.isEmpty() ? "" : "; " + notes,
        work);
  }
}
