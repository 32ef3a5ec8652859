package io.flowspect.service.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loop on a thread of its own that runs Kafka sessions one after another until stopped: a failed
 * session is logged, counted as a restart and followed, after a back-off that doubles up to a
 * bound, by a fresh one that resumes from the committed offsets; a session that commits resets the
 * back-off; a fenced one (another instance took over) ends the loop. The scoring pipeline and the
 * webhook workers differ only in what a session does and what they log, so they share this.
 *
 * <p>Start, stop, join and the counters may be used from any thread.
 */
public abstract class RestartingLoop {

  private final Thread thread;
  private final Duration firstBackoff;
  private final Duration maxBackoff;

  /** Cleared to end the loop after the work in hand. */
  protected volatile boolean running;

  /** Set to end the loop as a killed process would: nothing more is committed. */
  protected volatile boolean halting;

  private volatile boolean started;

  /** Sessions that failed and were started again. */
  protected final AtomicLong restarts = new AtomicLong();

  /**
   * @param threadName the loop thread's name
   * @param firstBackoff the wait after a first failure, and after any committing session
   * @param maxBackoff the longest wait between sessions
   */
  protected RestartingLoop(String threadName, Duration firstBackoff, Duration maxBackoff) {
    this.thread = new Thread(this::loop, threadName);
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Starts the loop thread; once only.
   *
   * @param what the loop in words, for the error when started twice
   */
  protected synchronized void startLoop(String what) {
    if (started) {
      throw new IllegalStateException("the " + what + " was already started");
    }
    started = true;
    running = true;
    thread.start();
  }

  /**
   * Waits for the loop to end.
   *
   * @param timeout how long to wait
   * @return true if the loop ended (or never started) within the timeout
   */
  public boolean join(Duration timeout) {
    if (!started) {
      return true;
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * Tells whether the loop thread is alive.
   *
   * @return true between start and the end of the loop
   */
  public boolean isAlive() {
    return thread.isAlive();
  }

  private void loop() {
    starting();
    Duration backoff = firstBackoff;
    while (running) {
      try {
        if (session()) {
          backoff = firstBackoff;
        }
      } catch (RuntimeException e) {
        if (fenced(e)) {
          running = false;
          continue;
        }
        if (!running) {
          break;
        }
        restarts.incrementAndGet();
        if (waitedOut(e)) {
          continue;
        }
        restarting(e, backoff);
        sleepWhileRunning(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
    stopped();
  }

  /**
   * Sleeps in short slices until the time is up or the loop is stopped.
   *
   * @param d how long
   */
  protected final void sleepWhileRunning(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (running && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Runs one session with fresh clients until stopped.
   *
   * @return true if it committed anything
   */
  protected abstract boolean session();

  /**
   * Tells whether a failure means another instance took over; if so, logs it, and the loop ends.
   *
   * @param e the session's failure
   * @return true to stop
   */
  protected abstract boolean fenced(RuntimeException e);

  /**
   * Logs a failed session that will be started again after the back-off.
   *
   * @param e the failure
   * @param backoff the wait before the next session
   */
  protected abstract void restarting(RuntimeException e, Duration backoff);

  /**
   * Lets a failure that a quick retry cannot mend wait on its own terms instead of the back-off.
   *
   * @param e the failure
   * @return true if it has waited already, and the back-off stays as it is
   */
  protected boolean waitedOut(RuntimeException e) {
    return false;
  }

  /** Called on the loop thread before the first session. */
  protected void starting() {}

  /** Called on the loop thread once the loop has ended. */
  protected abstract void stopped();
}
