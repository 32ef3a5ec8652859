package io.flowspect.service.bench;

import io.flowspect.core.frames.Surface;
import io.flowspect.service.pipeline.Delivery;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Settings of one {@link ServiceBench} run, from its command line.
 *
 * @param model the bundle folder, as given (resolved like the service's)
 * @param batch images per scoring call: the pipeline's {@code max-records} and the raw scorer's
 *     batch
 * @param seconds measured time of each throughput slice (raw scorer, then Kafka end to end)
 * @param rounds slices of each kind, interleaved, so that changes in background load hit both
 * @param latencySeconds how long images are paced at half the end-to-end rate
 * @param warmupSeconds untimed raw scoring before the first round, then about as long of Kafka end
 *     to end (the broker's and clients' code needs warming up as much as the model's)
 * @param threads ONNX Runtime intra-op threads (0: ONNX Runtime's choice, the service's default)
 * @param delivery the pipeline's delivery guarantee
 * @param surface for a bundle calibrated for whole frames, the surface its frames are made of (the
 *     benchmark's generator; half good, half with a defect)
 * @param tls whether every client reaches the broker over TLS with SASL/SCRAM-SHA-512 logins, as a
 *     plant's secured cluster asks; the cost of encryption shows against a plaintext run
 */
public record BenchOptions(
    Path model,
    int batch,
    double seconds,
    int rounds,
    double latencySeconds,
    double warmupSeconds,
    int threads,
    Delivery delivery,
    Surface surface,
    boolean tls) {

  /** The usage text of {@code ./flowspect bench-service}. */
  public static final String USAGE =
      """
      usage: ./flowspect bench-service [--model DIR] [--batch N] [--seconds S] [--rounds R]
                                       [--latency-seconds S] [--warmup S] [--threads T]
                                       [--delivery exactly-once|at-least-once]
                                       [--surface fabric|metal|wood|grid|leather]
                                       [--security plaintext|tls]

      Measures the streaming service on this machine with an embedded broker: sustained images/s
      from Kafka in to committed score records out, the raw scorer's images/s on the same images
      at the same batch size, and end-to-end latency (captured-at to a read_committed consumer)
      with images paced at half the measured end-to-end rate. Prints markdown tables.

        --model DIR           bundle folder (models/fmnist-glow)
        --batch N             images per scoring call, the pipeline's max-records (64)
        --seconds S           measured seconds per throughput slice (10)
        --rounds R            interleaved raw / end-to-end slices of each kind (3)
        --latency-seconds S   seconds of paced images for the latency (20)
        --warmup S            untimed seconds of raw scoring, then about as long end to end (5)
        --threads T           ONNX Runtime intra-op threads; 0 = one per core, as served (0)
        --delivery D          exactly-once (default) or at-least-once
        --surface S           for a bundle calibrated for whole frames: the frames' surface
                              (fabric); its images are then camera frames of that size
        --security S          plaintext (default) or tls: the embedded broker's client listener,
                              the service, the camera and the dashboard consumer all on TLS with
                              SASL/SCRAM-SHA-512 logins (a self-signed certificate made by keytool)
      """;

  /** Validates, naming the flag at fault. */
  public BenchOptions {
    if (model == null) {
      throw new IllegalArgumentException("--model must name a bundle folder");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    if (!(latencySeconds > 0)) {
      throw new IllegalArgumentException(
          "--latency-seconds must be positive, got " + latencySeconds);
    }
    if (!(warmupSeconds >= 0)) {
      throw new IllegalArgumentException("--warmup must not be negative, got " + warmupSeconds);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must not be negative, got " + threads);
    }
    if (delivery == null) {
      throw new IllegalArgumentException("--delivery must be exactly-once or at-least-once");
    }
    if (surface == null) {
      throw new IllegalArgumentException("--surface must name a surface");
    }
  }

  /**
   * Parses a command line.
   *
   * @param args the arguments after {@code bench-service}
   * @return the options, defaults where a flag is absent
   * @throws IllegalArgumentException naming the flag at fault
   */
  public static BenchOptions parse(String... args) {
    Path model = Path.of("models/fmnist-glow");
    int batch = 64;
    double seconds = 10;
    int rounds = 3;
    double latencySeconds = 20;
    double warmup = 5;
    int threads = 0;
    Delivery delivery = Delivery.EXACTLY_ONCE;
    Surface surface = Surface.FABRIC;
    boolean tls = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + flag + "; see --help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--model" -> model = Path.of(value);
        case "--batch" -> batch = integer(flag, value);
        case "--seconds" -> seconds = number(flag, value);
        case "--rounds" -> rounds = integer(flag, value);
        case "--latency-seconds" -> latencySeconds = number(flag, value);
        case "--warmup" -> warmup = number(flag, value);
        case "--threads" -> threads = integer(flag, value);
        case "--delivery" -> delivery = delivery(value);
        case "--surface" -> surface = surface(value);
        case "--security" -> tls = tls(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "; see --help");
      }
    }
    return new BenchOptions(
        model, batch, seconds, rounds, latencySeconds, warmup, threads, delivery, surface, tls);
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be an integer, got " + value, e);
    }
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got " + value, e);
    }
  }

  private static Surface surface(String value) {
    try {
      return Surface.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--surface " + e.getMessage(), e);
    }
  }

  private static boolean tls(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "plaintext" -> false;
      case "tls" -> true;
      default ->
          throw new IllegalArgumentException("--security must be plaintext or tls, got " + value);
    };
  }

  private static Delivery delivery(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "exactly-once" -> Delivery.EXACTLY_ONCE;
      case "at-least-once" -> Delivery.AT_LEAST_ONCE;
      default ->
          throw new IllegalArgumentException(
              "--delivery must be exactly-once or at-least-once, got " + value);
    };
  }
}
