package io.flowspect.service.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {

  private static final Path JAR = Path.of("quarkus-run.jar");

  @Test
  void defaultsFollowTheScenario() {
    ChaosOptions kill = ChaosOptions.parse(List.of("kill"), JAR);
    assertThat(kill.cycles()).isEqualTo(10);
    assertThat(kill.rate()).isEqualTo(200);
    assertThat(kill.partitions()).isEqualTo(6);
    assertThat(kill.delivery()).isEqualTo("exactly-once");
    assertThat(ChaosOptions.parse(List.of("broker-restart"), JAR).cycles()).isEqualTo(1);
    ChaosOptions webhooks = ChaosOptions.parse(List.of("webhook-faults"), JAR);
    assertThat(webhooks.rate()).isEqualTo(10);
    assertThat(webhooks.drainSeconds()).isEqualTo(300.0);
    ChaosOptions soak = ChaosOptions.parse(List.of("soak", "--minutes", "2"), JAR);
    assertThat(soak.rate()).isEqualTo(150);
    assertThat(soak.minutes()).isEqualTo(2.0);
    ChaosOptions set =
        ChaosOptions.parse(
            List.of("kill", "--cycles", "3", "--rate", "50", "--up-seconds", "2"), JAR);
    assertThat(set.cycles()).isEqualTo(3);
    assertThat(set.rate()).isEqualTo(50);
    assertThat(set.upSeconds()).isEqualTo(2.0);
  }

  @Test
  void refusesWhatItCannotRunNamingTheFlag() {
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("soak-forever"), JAR))
        .hasMessageContaining(
            "scenario must be one of kill, rebalance, broker-restart, webhook-faults, soak");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("soak", "--minutes", "0"), JAR))
        .hasMessageContaining("--minutes must be in (0, 1440]");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("kill", "--rate", "0"), JAR))
        .hasMessageContaining("--rate must be in 1..10000");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("kill", "--cycles", "x"), JAR))
        .hasMessage("--cycles x: not a number");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("kill", "--jitter", "1"), JAR))
        .hasMessageContaining("unknown flag --jitter");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("kill"), null))
        .hasMessageContaining("--jar must name the service's quarkus-run.jar");
  }
}
