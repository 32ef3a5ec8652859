package io.flowspect.service.bench;

import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the pipeline's committed batches for the images of the slice being measured (ids that
 * start with a tag): how many committed, when the first and the last batch committed, their batch
 * sizes and the end-to-end latency each score record carries. Thread-safe.
 */
final class CommitLog implements PipelineObserver {

  private String prefix = "";
  private long count;
  private long firstNanos;
  private long firstCount;
  private long lastNanos;
  private long firstCpuNanos;
  private long lastCpuNanos;
  private boolean marked;
  private long inferenceNanos;
  private double decodeMillis;
  private final List<Integer> batchSizes = new ArrayList<>();
  private final List<Double> recordLatencies = new ArrayList<>();

  /**
   * Starts watching a new slice; forgets the previous one.
   *
   * @param idPrefix the image id prefix of the slice's images
   */
  synchronized void watch(String idPrefix) {
    prefix = idPrefix;
    count = 0;
    firstNanos = 0;
    firstCount = 0;
    lastNanos = 0;
    marked = false;
    inferenceNanos = 0;
    decodeMillis = 0;
    batchSizes.clear();
    recordLatencies.clear();
  }

  /**
   * Moves the start of the measured window to the latest commit, if there was one: called once the
   * producer has sent the whole backlog, so that the camera's burst of sends (which a real camera
   * makes on another machine) is left out of the pipeline's rate and CPU time.
   */
  synchronized void markBacklogSent() {
    marked = true;
    if (count > 0) {
      firstNanos = lastNanos;
      firstCount = count;
      firstCpuNanos = lastCpuNanos;
      inferenceNanos = 0;
      decodeMillis = 0;
    }
  }

  @Override
  public synchronized void committed(ScoredBatch batch) {
    long now = System.nanoTime();
    int ours = 0;
    double decode = 0;
    for (ScoreRecord s : batch.scores()) {
      if (s.imageId().startsWith(prefix)) {
        ours++;
        recordLatencies.add(s.latencyMs().endToEnd());
        decode += s.latencyMs().decode();
      }
    }
    if (ours == 0) {
      return;
    }
    long cpu = ProcessCpu.nanos();
    if (count == 0) {
      // The window starts when the first batch commits: its own work is outside it.
      firstNanos = now;
      firstCount = ours;
      firstCpuNanos = cpu;
    } else {
      for (var call : batch.calls()) {
        inferenceNanos += call.nanos();
      }
      decodeMillis += decode;
    }
    lastNanos = now;
    lastCpuNanos = cpu;
    count += ours;
    batchSizes.add(ours);
  }

  /**
   * Returns the images of the slice committed so far.
   *
   * @return the count
   */
  synchronized long count() {
    return count;
  }

  /**
   * Returns the sustained rate: the images committed after the start of the window (the first
   * commit, or the last commit before the backlog was all sent) over the time from there to the
   * last commit, so that neither the first poll, the wait for the first batch nor the camera's
   * burst counts.
   *
   * @return images per second; NaN with fewer than two batches
   */
  synchronized double rate() {
    if (lastNanos == firstNanos) {
      return Double.NaN;
    }
    return (count - firstCount) / ((lastNanos - firstNanos) / 1e9);
  }

  /**
   * Returns the CPU time the whole process (pipeline, broker, clients) spent per image between the
   * first commit and the last.
   *
   * @return CPU milliseconds per image; NaN with fewer than two batches
   */
  synchronized double cpuMillisPerImage() {
    if (lastNanos == firstNanos) {
      return Double.NaN;
    }
    return (lastCpuNanos - firstCpuNanos) / 1e6 / (count - firstCount);
  }

  /**
   * Returns where the pipeline's time went between the first commit and the last: the share spent
   * in model calls (ONNX Runtime and score computation, what the raw scorer measures) and the share
   * spent decoding images; the rest is Kafka (poll, produce, commit) and building records.
   *
   * @return {model calls, decoding}, shares of the wall time; NaN with fewer than two batches
   */
  synchronized double[] timeShares() {
    if (lastNanos == firstNanos) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double wall = lastNanos - firstNanos;
    return new double[] {inferenceNanos / wall, decodeMillis * 1e6 / wall};
  }

  /**
   * Returns the mean number of the slice's images per committed batch.
   *
   * @return the mean; NaN before any commit
   */
  synchronized double meanBatch() {
    return batchSizes.isEmpty() ? Double.NaN : (double) count / batchSizes.size();
  }

  /**
   * Returns the {@code latency_ms.end_to_end} of every committed score record of the slice: from
   * {@code captured-at} to when the record was built, before the commit.
   *
   * @return milliseconds, in commit order
   */
  synchronized List<Double> recordLatencies() {
    return List.copyOf(recordLatencies);
  }
}
