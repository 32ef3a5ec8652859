package io.flowspect.service.demo;

import java.util.concurrent.TimeUnit;

/**
 * Sends at a fixed rate, as a camera would: each send waits for its due time on {@link
 * System#nanoTime()}. Shared by the demo producer and the service benchmark's paced camera, so that
 * both pace alike. Stateless.
 */
public final class Pacing {

  private Pacing() {}

  /**
   * Sleeps until a due time, if it is still ahead.
   *
   * @param dueNanos the due time on {@link System#nanoTime()}
   * @return how long it waited, in nanoseconds; 0 or less when the due time had passed (then by how
   *     much it is late, negated)
   * @throws InterruptedException if interrupted while waiting
   */
  public static long sleepUntil(long dueNanos) throws InterruptedException {
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return wait;
  }
}
