package io.flowspect.trainer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times workloads at one batch size, interleaved.
 *
 * <p>Why interleaved: the machines this runs on are often shared (training jobs on the same cores),
 * so the load changes during a run. Each workload is first warmed up, then the measured time is cut
 * into {@code rounds} slices and the workloads take turns, starting with a different one each
 * round, so that a change of background load hits every engine alike and the ratio stays fair.
 * Every call is timed on its own, which gives the latency percentiles; throughput is images over
 * the time spent inside calls, by the wall clock and by the calling thread's CPU time.
 *
 * @param seconds measured time per workload
 * @param warmupSeconds untimed calls per workload before measuring (at least one call)
 * @param rounds slices the measured time is cut into
 */
public record BenchRunner(double seconds, double warmupSeconds, int rounds) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = cpuTimeSupported();

  public BenchRunner {
    if (!(seconds > 0) || warmupSeconds < 0 || rounds < 1) {
      throw new IllegalArgumentException(
          "seconds must be positive, warm-up non-negative and rounds at least 1, got "
              + seconds
              + ", "
              + warmupSeconds
              + ", "
              + rounds);
    }
  }

  /**
   * Measures every workload on the batches, cycling through them.
   *
   * @param batches prepared batches of one size, at least one
   * @param workloads what to time
   * @param progress told about each phase
   * @return one measurement per workload, in the given order
   */
  public List<Measurement> measure(
      List<Batch> batches, List<Workload> workloads, Consumer<String> progress) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no batches to measure with");
    }
    int batchSize = batches.get(0).size();
    int n = workloads.size();
    Timings[] timings = new Timings[n];
    for (int w = 0; w < n; w++) {
      timings[w] = new Timings();
      run(workloads.get(w), batches, timings[w], nanos(warmupSeconds), false);
    }
    long slice = nanos(seconds / rounds);
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int w = (r + k) % n;
        run(workloads.get(w), batches, timings[w], slice, true);
      }
      progress.accept(String.format(java.util.Locale.ROOT, "round %d/%d", r + 1, rounds));
    }
    List<Measurement> out = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      Workload workload = workloads.get(w);
      out.add(timings[w].measurement(workload, batchSize));
    }
    return out;
  }

  private static void run(
      Workload workload, List<Batch> batches, Timings timings, long budget, boolean record) {
    long start = System.nanoTime();
    do {
      Batch batch = batches.get(timings.cursor++ % batches.size());
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      workload.run(batch);
      long t1 = System.nanoTime();
      long c1 = cpuNanos();
      if (record) {
        timings.add(t1 - t0, c1 - c0);
      }
    } while (System.nanoTime() - start < budget);
  }

  /** CPU time of this thread, or -1 where the JVM cannot tell. */
  private static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  private static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  private static boolean cpuTimeSupported() {
    try {
      if (!THREADS.isCurrentThreadCpuTimeSupported()) {
        return false;
      }
      THREADS.setThreadCpuTimeEnabled(true);
      return THREADS.getCurrentThreadCpuTime() >= 0;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** Per-call durations of one workload. */
  private static final class Timings {

    private long[] nanos = new long[1024];
    private int count;
    private int cursor;
    private long cpuNanos;

    void add(long wall, long cpu) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = wall;
      cpuNanos += cpu;
    }

    Measurement measurement(Workload workload, int batchSize) {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      long total = 0;
      for (long v : sorted) {
        total += v;
      }
      double seconds = total / 1e9;
      long images = (long) count * batchSize;
      Double cpuSeconds = CPU_TIME && cpuNanos > 0 ? cpuNanos / 1e9 : null;
      return new Measurement(
          workload.id(),
          workload.label(),
          workload.engine(),
          batchSize,
          count,
          images,
          seconds,
          images / seconds,
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          total / 1e6 / count,
          cpuSeconds,
          cpuSeconds == null ? null : images / cpuSeconds);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }
}
