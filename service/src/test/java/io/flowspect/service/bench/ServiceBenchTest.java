package io.flowspect.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.frames.Surface;
import io.flowspect.service.pipeline.Delivery;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark on the tiny test bundle with sub-second slices: it runs every phase and prints
 * its tables. Speed itself is never asserted here; {@code ./flowspect bench-service} measures it.
 */
class ServiceBenchTest {

  @Test
  void shouldMeasureEveryPhaseAndPrintTheTables() {
    QuietKafkaLogs.apply();
    BenchOptions options = shortRun(8, 2);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    BenchResult result =
        ServiceBench.run(
            options, TestBundles.made(), new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.bundle()).isEqualTo("fmnist-made-tiny");
    assertThat(result.raw()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.endToEnd()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.latency().rate()).isEqualTo(result.endToEndRate() / 2);
    assertThat(result.latency().images()).isPositive();
    assertThat(result.latency().p50()).isPositive().isLessThanOrEqualTo(result.latency().p99());
    assertThat(result.markdown())
        .contains("| bundle | batch | delivery | raw scorer, images/s |")
        .contains("| fmnist-made-tiny | 8 | exactly-once |")
        .contains("end to end p50, ms")
        .contains("Rounds, images/s: raw ");
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("round 2/2: Kafka end to end")
        .contains("left");
  }

  /**
   * The secured path end to end: broker, service, camera and dashboard consumer on TLS with SCRAM
   * logins; every phase still measures images, and the run says how it was secured.
   */
  @Test
  void shouldMeasureThroughTlsWithScramLogins() {
    QuietKafkaLogs.apply();
    BenchOptions options = shortRun(8, 1, "--security", "tls");
    assertThat(options.tls()).isTrue();
    BenchResult result =
        ServiceBench.run(
            options,
            TestBundles.made(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(result.endToEnd()).hasSize(1).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.latency().images()).isPositive();
    assertThat(result.markdown()).contains("batch 8, TLS with SASL/SCRAM-SHA-512,");
    assertThatThrownBy(() -> BenchOptions.parse("--security", "ssl"))
        .hasMessage("--security must be plaintext or tls, got ssl");
  }

  @Test
  void shouldBenchAFramesBundleOnWholeCameraFrames() {
    QuietKafkaLogs.apply();
    BenchOptions options = shortRun(2, 1, "--surface", "grid");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    BenchResult result =
        ServiceBench.run(
            options, TestBundles.frames(), new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.bundle()).isEqualTo("frames-grid-tiny");
    assertThat(result.raw()).hasSize(1).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.endToEnd()).hasSize(1).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.markdown()).contains("| frames-grid-tiny | 2 | exactly-once |");
  }

  @Test
  void shouldParseDefaultsAndNameTheFlagAtFault() {
    BenchOptions defaults = BenchOptions.parse();
    assertThat(defaults.model()).isEqualTo(Path.of("models/fmnist-glow"));
    assertThat(defaults.batch()).isEqualTo(64);
    assertThat(defaults.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
    assertThat(BenchOptions.parse("--delivery", "at-least-once").delivery())
        .isEqualTo(Delivery.AT_LEAST_ONCE);

    assertThatThrownBy(() -> BenchOptions.parse("--batch", "0")).hasMessageContaining("--batch");
    assertThatThrownBy(() -> BenchOptions.parse("--seconds", "ten"))
        .hasMessageContaining("--seconds must be a number");
    assertThatThrownBy(() -> BenchOptions.parse("--rounds")).hasMessageContaining("needs a value");
    assertThat(defaults.surface()).isEqualTo(Surface.FABRIC);
    assertThatThrownBy(() -> BenchOptions.parse("--surface", "marble"))
        .hasMessage(
            "--surface unknown surface 'marble'; known: fabric, metal, wood, grid, leather");
    assertThatThrownBy(() -> BenchOptions.parse("--speed", "1"))
        .hasMessageContaining("unknown option --speed");
  }

  @Test
  void shouldTakeNearestRankPercentiles() {
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(ServiceBench.percentile(values, 0.5)).isEqualTo(3.0);
    assertThat(ServiceBench.percentile(values, 0.99)).isEqualTo(5.0);
    assertThat(ServiceBench.percentile(values, 0.2)).isEqualTo(1.0);
    assertThat(ServiceBench.percentile(List.of(), 0.5)).isNaN();
  }

  /** Seconds-long settings: half-second slices, a second of paced images, one ONNX thread. */
  private static BenchOptions shortRun(int batch, int rounds, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "--batch",
                Integer.toString(batch),
                "--seconds",
                "0.5",
                "--rounds",
                Integer.toString(rounds),
                "--latency-seconds",
                "1",
                "--warmup",
                "0.2",
                "--threads",
                "1"));
    args.addAll(java.util.List.of(more));
    return BenchOptions.parse(args.toArray(String[]::new));
  }
}
