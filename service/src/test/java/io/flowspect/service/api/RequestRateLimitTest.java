package io.flowspect.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimitTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void takesTheBurstAtOnceThenTheRate() {
    AtomicLong now = new AtomicLong(0);
    RequestRateLimit limit = new RequestRateLimit(10, 3, now::get);
    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isZero();
    // Empty: the next token is a tenth of a second away.
    assertThat(limit.tryAcquire()).isEqualTo(SECOND / 10);
    now.addAndGet(SECOND / 20);
    assertThat(limit.tryAcquire()).isEqualTo(SECOND / 20);
    now.addAndGet(SECOND / 20);
    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isPositive();
    // A long pause refills to the burst, not beyond.
    now.addAndGet(60 * SECOND);
    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryAcquire()).isZero();
    }
    assertThat(limit.tryAcquire()).isPositive();
  }

  @Test
  void holdsItsRateOverAMinute() {
    AtomicLong now = new AtomicLong(0);
    RequestRateLimit limit = new RequestRateLimit(5, 1, now::get);
    int granted = 0;
    // A client asking every millisecond for a minute gets the rate, plus the first token.
    for (int ms = 0; ms < 60_000; ms++) {
      if (limit.tryAcquire() == 0) {
        granted++;
      }
      now.addAndGet(SECOND / 1000);
    }
    assertThat(granted).isBetween(300, 301);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new RequestRateLimit(0, 1, System::nanoTime))
        .hasMessageContaining("positive number of requests per second");
    assertThatThrownBy(() -> new RequestRateLimit(1, 0, System::nanoTime))
        .hasMessageContaining("burst must be at least 1");
  }
}
