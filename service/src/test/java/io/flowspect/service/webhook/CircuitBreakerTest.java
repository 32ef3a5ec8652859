package io.flowspect.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.service.webhook.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  /** A clock moved by hand. */
  private static final class ManualTicker implements Ticker {
    private long now = 1_000_000_000L;

    @Override
    public long nanos() {
      return now;
    }

    void advance(Duration d) {
      now += d.toNanos();
    }
  }

  private final ManualTicker ticker = new ManualTicker();

  private CircuitBreaker breaker(int failures, int successes) {
    return new CircuitBreaker(
        new BreakerPolicy(failures, Duration.ofSeconds(10), successes), ticker);
  }

  private static void fail(CircuitBreaker b, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure();
    }
  }

  @Test
  void shouldOpenAfterThresholdFailuresInARowAndRefuseUntilTheCoolDownHasPassed() {
    CircuitBreaker b = breaker(3, 1);
    fail(b, 2);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    fail(b, 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.opens()).isEqualTo(1);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.remainingCoolDown()).isEqualTo(Duration.ofSeconds(10));

    ticker.advance(Duration.ofMillis(9_999));
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.remainingCoolDown()).isEqualTo(Duration.ofMillis(1));

    ticker.advance(Duration.ofMillis(1));
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.remainingCoolDown()).isZero();
  }

  @Test
  void shouldLetOneProbeThroughWhenHalfOpenAndCloseOnItsSuccess() {
    CircuitBreaker b = breaker(3, 1);
    fail(b, 3);
    ticker.advance(Duration.ofSeconds(10));

    assertThat(b.tryAcquire()).as("the probe").isTrue();
    assertThat(b.tryAcquire()).as("a second request while the probe is out").isFalse();
    b.onSuccess();
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
  }

  @Test
  void shouldReopenForAFullCoolDownWhenTheProbeFails() {
    CircuitBreaker b = breaker(3, 1);
    fail(b, 3);
    ticker.advance(Duration.ofSeconds(12));

    assertThat(b.tryAcquire()).isTrue();
    b.onFailure();
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.opens()).isEqualTo(2);
    assertThat(b.remainingCoolDown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.tryAcquire()).isFalse();

    ticker.advance(Duration.ofSeconds(10));
    assertThat(b.tryAcquire()).isTrue();
  }

  @Test
  void shouldNeedSuccessThresholdProbesInARowToClose() {
    CircuitBreaker b = breaker(2, 3);
    fail(b, 2);
    ticker.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 2; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onSuccess();
      assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    }
    assertThat(b.tryAcquire()).isTrue();
    b.onSuccess();
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void shouldCountOnlyFailuresInARow() {
    CircuitBreaker b = breaker(3, 1);
    fail(b, 2);
    assertThat(b.tryAcquire()).isTrue();
    b.onSuccess();
    fail(b, 2);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    fail(b, 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
  }

  @Test
  void shouldRejectAPolicyThatCouldNeverOpenOrClose() {
    assertThatThrownBy(() -> new BreakerPolicy(0, Duration.ofSeconds(1), 1))
        .hasMessageContaining("failureThreshold must be at least 1, got 0");
    assertThatThrownBy(() -> new BreakerPolicy(1, Duration.ZERO, 1))
        .hasMessageContaining("coolDown must be positive");
    assertThatThrownBy(() -> new BreakerPolicy(1, Duration.ofSeconds(1), 0))
        .hasMessageContaining("successThreshold must be at least 1, got 0");
  }
}
