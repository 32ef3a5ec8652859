package io.flowspect.service.chaos;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one {@link Chaos} run, from its command line.
 *
 * @param scenario kill, rebalance, broker-restart or webhook-faults
 * @param model the bundle folder the service scores with, as given (resolved like the service's)
 * @param jar the service's {@code quarkus-run.jar}
 * @param rate images per second the camera sends
 * @param cycles faults to inject (kill: SIGKILLs; broker-restart: restarts)
 * @param upSeconds seconds of steady traffic before the first fault, between faults and after the
 *     last
 * @param partitions partitions of every topic
 * @param drainSeconds the longest wait, after the camera stops, for the last score records
 * @param work the folder for the broker's data and the services' logs
 * @param minutes how long a soak runs
 * @param delivery the service's delivery guarantee, exactly-once (what is shipped) or at-least-once
 *     (to see what the figures catch: duplicates after kills)
 * @param outageSeconds webhook-faults: how long the down receiver is down
 */
public record ChaosOptions(
    String scenario,
    Path model,
    Path jar,
    int rate,
    int cycles,
    double upSeconds,
    int partitions,
    double drainSeconds,
    Path work,
    double minutes,
    String delivery,
    double outageSeconds) {

  /** The scenarios this command runs. */
  public static final List<String> SCENARIOS =
      List.of("kill", "rebalance", "broker-restart", "webhook-faults", "soak");

  /** The usage text of {@code ./flowspect chaos}. */
  public static final String USAGE =
      """
      usage: ./flowspect chaos kill|rebalance|broker-restart|webhook-faults [--cycles N] [--rate R]
                               [--up-seconds S] [--partitions P] [--model DIR] [--drain-seconds S]
                               [--work DIR] [--delivery exactly-once|at-least-once]

      Runs the real service (its quarkus-run.jar, in child JVMs) against a broker in this process,
      on 127.0.0.1 only, while a camera sends images at a steady rate; injects faults; then counts
      the score records a read_committed consumer sees per image. Ends with one line of figures,
      including "lost N" and "duplicated N".

        kill            SIGKILL the service every --up-seconds, --cycles times; it restarts at once
        rebalance       two replicas in one group: one killed and restarted, then a third added
        broker-restart  stop the broker and start it on the same data and port, --cycles times
        webhook-faults  alerts (one image in ten a digit) to six receivers: one fine, one answering
                        500, one hanging, one slow (5 s), one closing the connection, one down for
                        --outage-seconds; every alert must reach each receiver or its dead-letter topic
        soak            steady traffic for --minutes: heap after GC, RSS, threads, descriptors and
                        the p99 end to end, early against late

        --cycles N          faults to inject (kill: 10, broker-restart: 1)
        --rate R            images per second (200; webhook-faults: 10; soak: 150, about half
                            of what the default bundle sustains on two cores)
        --up-seconds S      steady traffic before, between and after faults (8)
        --partitions P      partitions of each topic (6)
        --model DIR         bundle the service scores with (models/fmnist-glow)
        --drain-seconds S   longest wait for the last records after the camera stops (120;
                            webhook-faults: 300)
        --work DIR          broker data and service logs (a temporary folder)
        --minutes M         soak: how long (30)
        --delivery D        the service's guarantee: exactly-once (as shipped) or at-least-once
                            (shows what the figures catch: kills then duplicate records)
        --outage-seconds S  webhook-faults: how long the down receiver is down (60); the service's
                            heap after GC, RSS and threads are read a fifth into the outage, half
                            way and at its end
      """;

  /** Validates, naming the flag at fault. */
  public ChaosOptions {
    if (!SCENARIOS.contains(scenario)) {
      throw new IllegalArgumentException(
          "scenario must be one of " + String.join(", ", SCENARIOS) + ", got " + scenario);
    }
    if (rate < 1 || rate > 10_000) {
      throw new IllegalArgumentException("--rate must be in 1..10000 images/s, got " + rate);
    }
    if (cycles < 1 || cycles > 1000) {
      throw new IllegalArgumentException("--cycles must be in 1..1000, got " + cycles);
    }
    if (!(upSeconds >= 1 && upSeconds <= 3600)) {
      throw new IllegalArgumentException("--up-seconds must be in 1..3600, got " + upSeconds);
    }
    if (partitions < 1 || partitions > 64) {
      throw new IllegalArgumentException("--partitions must be in 1..64, got " + partitions);
    }
    if (!(minutes > 0 && minutes <= 24 * 60)) {
      throw new IllegalArgumentException("--minutes must be in (0, 1440], got " + minutes);
    }
    if (!delivery.equals("exactly-once") && !delivery.equals("at-least-once")) {
      throw new IllegalArgumentException(
          "--delivery must be exactly-once or at-least-once, got " + delivery);
    }
    if (!(outageSeconds >= 1 && outageSeconds <= 24 * 3600)) {
      throw new IllegalArgumentException(
          "--outage-seconds must be in 1..86400, got " + outageSeconds);
    }
    if (!(drainSeconds > 0 && drainSeconds <= 3600)) {
      throw new IllegalArgumentException(
          "--drain-seconds must be in (0, 3600], got " + drainSeconds);
    }
  }

  /**
   * Parses a command line.
   *
   * @param args the scenario, then flags
   * @param defaultJar the jar when none is given (the launcher passes the built one)
   * @return the options
   * @throws IllegalArgumentException naming the flag or value at fault
   */
  public static ChaosOptions parse(List<String> args, Path defaultJar) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("name a scenario: " + String.join(", ", SCENARIOS));
    }
    String scenario = args.get(0).toLowerCase(Locale.ROOT);
    Path model = Path.of("models/fmnist-glow");
    Path jar = defaultJar;
    Integer rate = null;
    Integer cycles = null;
    double up = 8;
    int partitions = 6;
    Double drain = null;
    Path work = null;
    String delivery = "exactly-once";
    double minutes = 30;
    double outage = 60;
    for (int i = 1; i < args.size(); i++) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args.get(++i);
      try {
        switch (flag) {
          case "--model" -> model = Path.of(value);
          case "--jar" -> jar = Path.of(value);
          case "--rate" -> rate = Integer.parseInt(value);
          case "--cycles" -> cycles = Integer.parseInt(value);
          case "--up-seconds" -> up = Double.parseDouble(value);
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--drain-seconds" -> drain = Double.parseDouble(value);
          case "--work" -> work = Path.of(value);
          case "--delivery" -> delivery = value;
          case "--minutes" -> minutes = Double.parseDouble(value);
          case "--outage-seconds" -> outage = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " " + value + ": not a number");
      }
    }
    if (jar == null) {
      throw new IllegalArgumentException(
          "--jar must name the service's quarkus-run.jar (./flowspect chaos passes it)");
    }
    int faults = cycles != null ? cycles : scenario.equals("kill") ? 10 : 1;
    // Webhook receivers take one alert at a time, and a faulty one spends a retry budget on each:
    // a low rate keeps the alerts to a few dozen, delivered or dead-lettered within minutes.
    boolean webhooks = scenario.equals("webhook-faults");
    return new ChaosOptions(
        scenario,
        model,
        jar,
        rate != null ? rate : webhooks ? 10 : scenario.equals("soak") ? 150 : 200,
        faults,
        up,
        partitions,
        drain != null ? drain : webhooks ? 300 : 120,
        work,
        minutes,
        delivery,
        outage);
  }
}
