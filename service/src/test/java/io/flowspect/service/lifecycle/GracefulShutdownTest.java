package io.flowspect.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stop of every part at once: the slowest part bounds the total, not the sum. */
class GracefulShutdownTest {

  /** A part whose graceful stop takes a while, as a batch or a request in flight does. */
  private static Stoppable slow(String name, Duration takes) {
    return Stoppable.of(
        name,
        timeout -> {
          try {
            Thread.sleep(Math.min(takes.toMillis(), timeout.toMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return takes.compareTo(timeout) <= 0;
        });
  }

  @Test
  void shouldStopPartsInParallelWithinTheTimeoutOfOne() {
    Duration timeout = Duration.ofSeconds(3);
    long start = System.nanoTime();

    boolean stopped =
        GracefulShutdown.stopAll(
            List.of(
                slow("pipeline", Duration.ofMillis(2000)),
                slow("webhooks", Duration.ofMillis(2000)),
                slow("demo", Duration.ofMillis(100))),
            timeout);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(stopped).isTrue();
    // One after the other they would take 4.1 s, beyond the 3 s allowed.
    assertThat(took).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2900));
  }

  @Test
  void shouldGiveUpOnAPartThatOverrunsAtTheTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    Stoppable stuck =
        Stoppable.of(
            "stuck",
            timeout -> {
              try {
                // Ignores its timeout, as a part blocked in native code would.
                never.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return true;
            });
    long start = System.nanoTime();

    boolean stopped =
        GracefulShutdown.stopAll(
            List.of(stuck, slow("pipeline", Duration.ofMillis(200))), Duration.ofMillis(1000));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    never.countDown();
    assertThat(stopped).isFalse();
    assertThat(took).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1800));
  }

  @Test
  void shouldStopTheOtherPartsWhenOneFails() {
    var stoppedParts = ConcurrentHashMap.<String>newKeySet();
    Stoppable failing =
        Stoppable.of(
            "failing",
            timeout -> {
              throw new IllegalStateException("cannot stop");
            });
    Stoppable good =
        Stoppable.of(
            "good",
            timeout -> {
              stoppedParts.add("good");
              return true;
            });

    boolean stopped = GracefulShutdown.stopAll(List.of(failing, good), Duration.ofSeconds(2));

    assertThat(stopped).isFalse();
    assertThat(stoppedParts).containsExactly("good");
  }

  @Test
  void shouldReportAPartThatSaysItDidNotStopInTime() {
    assertThat(
            GracefulShutdown.stopAll(
                List.of(slow("late", Duration.ofSeconds(5))), Duration.ofMillis(200)))
        .isFalse();
    assertThat(GracefulShutdown.stopAll(List.of(), Duration.ZERO)).isTrue();
  }
}
