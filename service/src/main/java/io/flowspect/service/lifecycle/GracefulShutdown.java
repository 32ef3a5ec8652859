package io.flowspect.service.lifecycle;

import io.flowspect.service.pipeline.PipelineSettings;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Stops every {@link Stoppable} bean when the application stops (SIGTERM included), all at once,
 * within {@link PipelineSettings#shutdownTimeout()} in total.
 *
 * <p>Why in parallel: each part may need up to the whole timeout (the pipeline to finish and commit
 * its batch, the webhook dispatcher to finish a request in flight). Stopped one after the other, as
 * separate shutdown observers would, they could take twice the documented 10 s, and an orchestrator
 * that kills after its grace period would then lose the commit. Started together, the slowest part
 * bounds the total.
 *
 * <p>Runs on the shutdown event, before any bean is destroyed: the models and the embedded broker
 * are still there while the parts finish.
 */
@ApplicationScoped
public class GracefulShutdown {

  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

  private final List<Stoppable> parts;
  private final PipelineSettings settings;

  /**
   * Wires the parts.
   *
   * @param parts every stoppable bean
   * @param settings the shutdown timeout
   */
  public GracefulShutdown(@All List<Stoppable> parts, PipelineSettings settings) {
    this.parts = parts;
    this.settings = settings;
  }

  void onShutdown(@Observes ShutdownEvent event) {
    long start = System.nanoTime();
    boolean all = stopAll(parts, settings.shutdownTimeout());
    LOG.infof(
        "%s in %d ms",
        all ? "stopped gracefully" : "stop timed out",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * Stops parts in parallel, each on a thread of its own, and waits for all of them until the
   * timeout; a part still stopping then is left to finish or die with the process.
   *
   * @param parts what to stop
   * @param timeout the longest the whole call may take (plus a few milliseconds)
   * @return true if every part reported a graceful stop within the timeout
   */
  public static boolean stopAll(List<? extends Stoppable> parts, Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Boolean>> stops = new ArrayList<>(parts.size());
    for (Stoppable part : parts) {
      CompletableFuture<Boolean> done = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  done.complete(part.stop(timeout));
                } catch (RuntimeException e) {
                  done.completeExceptionally(e);
                }
              },
              "flowspect-stop-" + part.stopName().replace(' ', '-'));
      // A part that overruns must not keep the process alive.
      t.setDaemon(true);
      t.start();
      stops.add(done);
    }
    boolean all = true;
    for (int i = 0; i < stops.size(); i++) {
      String name = parts.get(i).stopName();
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!stops.get(i).get(left, TimeUnit.NANOSECONDS)) {
          LOG.warnf("%s did not stop within %s", name, timeout);
          all = false;
        }
      } catch (TimeoutException e) {
        LOG.warnf("%s still stopping after %s; left to the exiting process", name, timeout);
        all = false;
      } catch (ExecutionException e) {
        LOG.warnf(e.getCause(), "%s failed to stop", name);
        all = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return all;
  }
}
