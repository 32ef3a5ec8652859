package io.flowspect.service.lifecycle;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A part of the service that runs threads of its own and stops gracefully: the scoring pipeline,
 * the webhook dispatcher, the demo producer. {@link GracefulShutdown} stops every such bean at once
 * when the application stops, so that their graceful stops overlap instead of adding up.
 */
public interface Stoppable {

  /**
   * Names the part in log lines.
   *
   * @return e.g. {@code "scoring pipeline"}
   */
  String stopName();

  /**
   * Stops gracefully: work in flight finishes and is committed, then the threads end. Must return
   * within the timeout whatever happens, and must be safe to call when the part never started.
   *
   * @param timeout the longest this call may take
   * @return true if the part stopped within the timeout (or was not running)
   */
  boolean stop(Duration timeout);

  /**
   * Wraps a stop method that is not a bean of its own (a pipeline or a dispatcher held elsewhere).
   *
   * @param name what to call it in log lines
   * @param stop stops within the given timeout; true if it did
   * @return the stoppable
   */
  static Stoppable of(String name, Predicate<Duration> stop) {
    return new Stoppable() {
      @Override
      public String stopName() {
        return name;
      }

      @Override
      public boolean stop(Duration timeout) {
        return stop.test(timeout);
      }
    };
  }
}
