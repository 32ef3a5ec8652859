package io.flowspect.service.pipeline;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * Sees the pipeline's committed work and its Kafka clients: how metrics and the recent-alerts
 * buffer learn what happened without the loop knowing about them.
 *
 * <p>Called on the pipeline thread: implementations must be quick and must not block. An exception
 * is logged and otherwise ignored; it never fails a batch.
 */
public interface PipelineObserver {

  /** Sees nothing. */
  PipelineObserver NONE = new PipelineObserver() {};

  /**
   * Called when a session has created its clients, before its first poll (again after every
   * restart, with new clients).
   *
   * @param consumer the input consumer; must not be used, only observed (e.g. its metrics)
   * @param producer the output producer; likewise
   * @return called when the session ends and the clients are closed
   */
  default Runnable sessionStarted(
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
    return () -> {};
  }

  /**
   * Called after a batch committed: its outputs are durable and its input offsets advanced. A batch
   * redone after a failure is reported once, when it finally commits.
   *
   * @param batch what the batch produced
   */
  default void committed(ScoredBatch batch) {}

  /**
   * Returns an observer that calls each of several in order; one failing does not stop the others.
   *
   * @param observers the observers
   * @return the composite
   */
  static PipelineObserver all(List<? extends PipelineObserver> observers) {
    List<PipelineObserver> list = List.copyOf(observers);
    Logger log = Logger.getLogger(PipelineObserver.class);
    return new PipelineObserver() {
      @Override
      public Runnable sessionStarted(
          Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
        List<Runnable> ends =
            list.stream()
                .map(
                    o -> {
                      try {
                        return o.sessionStarted(consumer, producer);
                      } catch (RuntimeException e) {
                        log.warnf(e, "pipeline observer %s failed at session start", o);
                        return (Runnable) () -> {};
                      }
                    })
                .toList();
        return () -> {
          for (Runnable end : ends) {
            try {
              end.run();
            } catch (RuntimeException e) {
              log.warnf(e, "pipeline observer failed at session end");
            }
          }
        };
      }

      @Override
      public void committed(ScoredBatch batch) {
        for (PipelineObserver o : list) {
          try {
            o.committed(batch);
          } catch (RuntimeException e) {
            log.warnf(e, "pipeline observer %s failed on a committed batch", o);
          }
        }
      }
    };
  }
}
