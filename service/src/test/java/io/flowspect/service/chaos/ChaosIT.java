package io.flowspect.service.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of {@code ./flowspect chaos} against the packaged service (run by failsafe after
 * {@code package}): SIGKILLs and a broker restart under steady traffic lose no image and duplicate
 * none. The full runs (ten kills at 200 images/s, the rebalance) are in docs/reliability.md.
 */
class ChaosIT {

  private static final Path JAR = Path.of(System.getProperty("flowspect.chaos.jar", "missing"));
  private static final Path MODEL = Path.of("src/test/resources/bundles/fmnist-made-tiny");

  @TempDir Path work;

  private ChaosResult run(String scenario, int cycles) {
    return run(scenario, cycles, 1);
  }

  private ChaosResult run(String scenario, int cycles, double minutes) {
    assertThat(JAR).as("the packaged service, built by mvn package").exists();
    assertThat(Files.isDirectory(MODEL)).isTrue();
    return Chaos.run(
        new ChaosOptions(
            scenario,
            MODEL,
            JAR,
            100,
            cycles,
            4,
            3,
            120,
            work.resolve(scenario),
            minutes,
            "exactly-once",
            60),
        System.err);
  }

  @Test
  void killedMidStreamTheServiceLosesAndDuplicatesNothing() {
    ChaosResult r = run("kill", 2);
    System.out.println(r.line());
    assertThat(r.sent()).as(r.line()).isGreaterThan(500);
    assertThat(r.lost()).as(r.line()).isZero();
    assertThat(r.duplicated()).as(r.line()).isZero();
    assertThat(r.records()).as(r.line()).isEqualTo(r.sent());
  }

  @Test
  void aBrokerRestartLosesAndDuplicatesNothingAndTheServiceRecoversWithin30s() {
    ChaosResult r = run("broker-restart", 1);
    System.out.println(r.line());
    assertThat(r.lost()).as(r.line()).isZero();
    assertThat(r.duplicated()).as(r.line()).isZero();
    assertThat(r.records()).as(r.line()).isEqualTo(r.sent());
    assertThat(r.recoveries()).allSatisfy(d -> assertThat(d.toSeconds()).isLessThan(30));
  }

  /**
   * The short soak: a minute of steady traffic leaks no thread and no file descriptor and loses
   * nothing. Heap and RSS need the long run (docs/reliability.md): a minute is mostly warm-up.
   */
  @Test
  void aMinuteOfSteadyTrafficLeaksNoThreadOrFileDescriptor() {
    ChaosResult r = run("soak", 1, 1);
    System.out.println(r.line());
    assertThat(r.lost()).as(r.line()).isZero();
    assertThat(r.duplicated()).as(r.line()).isZero();
    assertThat(r.vitals()).hasSize(3);
    ProcessVitals first = r.vitals().get(0);
    ProcessVitals last = r.vitals().get(2);
    assertThat(last.threads()).as(r.line()).isLessThanOrEqualTo(first.threads() + 3);
    assertThat(last.fileDescriptors())
        .as(r.line())
        .isLessThanOrEqualTo(first.fileDescriptors() + 10);
  }
}
