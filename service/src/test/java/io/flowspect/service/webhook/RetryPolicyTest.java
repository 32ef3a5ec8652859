package io.flowspect.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(60));

  @Test
  void shouldDoubleTheWaitAfterEachFailureUpToTheCap() {
    // uniform just below 1: the top of each jitter range, i.e. the un-jittered wait.
    double top = Math.nextDown(1.0);
    assertThat(policy.delay(1, top)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(policy.delay(2, top)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
    assertThat(policy.delay(6, top)).isBetween(Duration.ofMillis(31_999), Duration.ofSeconds(32));
    assertThat(policy.delay(7, top)).isBetween(Duration.ofMillis(59_999), Duration.ofSeconds(60));
    assertThat(policy.delay(1_000, top))
        .isBetween(Duration.ofMillis(59_999), Duration.ofSeconds(60));
  }

  @Test
  void shouldJitterDownByAtMostHalf() {
    assertThat(policy.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delay(40, 0.0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldRejectABudgetOrBackOffThatMakesNoSense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("backoffMax must be at least backoffBase");
    assertThatThrownBy(() -> policy.delay(0, 0.5))
        .hasMessageContaining("failedAttempts must be at least 1, got 0");
  }
}
