package io.flowspect.trainer.bench;

/**
 * One thing the benchmark times: a pass of some engine over a batch of images.
 *
 * <p>Implementations are opened for one bundle with the thread count of the run and are called from
 * one thread only. {@link #run} is the unit that is timed, one call per batch, so a workload does
 * all of its preparation before the first call.
 */
public interface Workload extends AutoCloseable {

  /** Stable identifier used in JSON, e.g. {@code ort-density}. */
  String id();

  /** Column title in the report, e.g. {@code ORT density}. */
  String label();

  /**
   * The engine that does the work, e.g. {@code onnxruntime} or {@code libtorch}.
   *
   * @return ONNX Runtime unless the workload says otherwise: all but the eager libtorch ones use it
   */
  default String engine() {
    return "onnxruntime";
  }

  /**
   * Processes one batch.
   *
   * @return log p(x) in nats per image when this workload computes it (the benchmark checks that
   *     all such workloads agree before timing them), else null
   */
  double[] run(Batch batch);

  /** Releases the workload's sessions; nothing for workloads that borrow what they run. */
  @Override
  default void close() {}
}
