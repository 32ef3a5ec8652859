package io.flowspect.trainer.bench;

import ai.djl.engine.Engine;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.core.score.Bits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Measures the scoring speed of bundles: for each bundle and batch size, every workload (ONNX
 * Runtime density pass, the same network on libtorch, the full scorer, extensions) in the same run
 * with the same thread count, after checking that the engines compute the same log p.
 */
public final class Benchmark {

  /** Largest allowed gap between engines' bits/dim before timing is refused. */
  public static final double PARITY_TOLERANCE_BPD = 1e-3;

  /** Images both engines score before timing. */
  static final int PARITY_IMAGES = 16;

  private final BenchRunner runner;
  private final int threads;
  private final List<Integer> batches;
  private final BenchImages images;
  private final PrintWriter progress;

  /**
   * @param runner timing settings
   * @param threads intra-op threads of every engine
   * @param batches batch sizes, in the order measured
   * @param images what to score
   * @param progress where progress lines go (standard error in the CLI)
   */
  public Benchmark(
      BenchRunner runner,
      int threads,
      List<Integer> batches,
      BenchImages images,
      PrintWriter progress) {
    if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("--batches must be positive numbers, got " + batches);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    this.runner = runner;
    this.threads = threads;
    this.batches = List.copyOf(batches);
    this.images = images;
    this.progress = progress;
  }

  /** Benchmarks the bundles one after another. */
  public BenchReport run(List<Path> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("--model: give at least one bundle folder");
    }
    List<Bundle> bundles = models.stream().map(Benchmark::openBundle).toList();
    int maxBatch = batches.stream().mapToInt(Integer::intValue).max().orElseThrow();
    long started = System.nanoTime();
    int cells = bundles.size() * batches.size();
    int done = 0;
    int imageCount = 0;
    List<BenchReport.BundleResult> results = new ArrayList<>();
    for (Bundle bundle : bundles) {
      String id = bundle.manifest().id();
      List<byte[]> data = images.images(bundle.manifest().input());
      imageCount = data.size();
      List<Workload> workloads = open(new BenchTarget(bundle, threads, maxBatch));
      try {
        Parity parity = parity(id, data, workloads);
        List<Measurement> measurements = new ArrayList<>();
        for (int batch : batches) {
          List<Batch> prepared = BenchImages.batches(data, batch);
          String cell = id + " batch " + batch;
          List<Measurement> ms =
              runner.measure(prepared, workloads, step -> progress.println(cell + ": " + step));
          measurements.addAll(ms);
          done++;
          progress.println(summary(cell, ms, started, done, cells));
        }
        results.add(
            new BenchReport.BundleResult(
                id,
                bundle.dir().toString(),
                bundle.manifest().family(),
                parameters(bundle),
                parity.images,
                parity.maxAbsBpd,
                measurements));
      } finally {
        workloads.forEach(Workload::close);
      }
    }
    BenchReport.Settings settings =
        new BenchReport.Settings(
            threads,
            runner.seconds(),
            runner.warmupSeconds(),
            runner.rounds(),
            batches,
            images.describe(),
            imageCount,
            Runtime.getRuntime().availableProcessors(),
            OnnxSessions.environment().getVersion(),
            Engine.getEngine("PyTorch").getVersion(),
            Runtime.version().toString(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return new BenchReport(settings, results);
  }

  private static Bundle openBundle(Path dir) {
    try {
      return Bundle.open(dir);
    } catch (BundleException e) {
      throw new IllegalArgumentException("--model " + e.getMessage(), e);
    }
  }

  private List<Workload> open(BenchTarget target) {
    progress.printf(
        Locale.ROOT,
        "%s: opening %s (%s) with %d thread%s per engine%n",
        target.bundle().manifest().id(),
        target.bundle().dir(),
        target.bundle().manifest().family(),
        threads,
        threads == 1 ? "" : "s");
    List<Workload> out = new ArrayList<>();
    try {
      out.addAll(new StandardWorkloads().open(target));
      for (WorkloadFactory extra : ServiceLoader.load(WorkloadFactory.class)) {
        out.addAll(extra.open(target));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(Workload::close);
      throw e;
    }
  }

  private record Parity(int images, double maxAbsBpd) {}

  /**
   * Scores the first images with every workload that computes log p and requires them to agree: a
   * ratio between engines means nothing unless both run the same model.
   */
  private Parity parity(String id, List<byte[]> data, List<Workload> workloads) {
    int n = Math.min(PARITY_IMAGES, data.size());
    Batch batch = Batch.of(data.subList(0, n));
    int dims = data.get(0).length;
    double[] reference = null;
    String referenceId = null;
    double maxAbs = 0;
    for (Workload w : workloads) {
      double[] logPx = w.run(batch);
      if (logPx == null) {
        continue;
      }
      if (reference == null) {
        reference = logPx;
        referenceId = w.id();
        continue;
      }
      for (int i = 0; i < n; i++) {
        double gap =
            Math.abs(Bits.bitsPerDim(logPx[i], dims) - Bits.bitsPerDim(reference[i], dims));
        if (!(gap <= PARITY_TOLERANCE_BPD)) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "--model %s: %s and %s disagree on image %d by %.3g bits/dim (tolerance %.0e);"
                      + " the engines would not time the same model",
                  id,
                  w.id(),
                  referenceId,
                  i,
                  gap,
                  PARITY_TOLERANCE_BPD));
        }
        maxAbs = Math.max(maxAbs, gap);
      }
    }
    progress.printf(
        Locale.ROOT, "%s: engines agree on %d images within %.1e bits/dim%n", id, n, maxAbs);
    return new Parity(n, maxAbs);
  }

  /** The trained parameter count the manifest records, null when it has none. */
  private static Long parameters(Bundle bundle) {
    return bundle.manifest().hyperparameters().get("parameters") instanceof Number n
        ? n.longValue()
        : null;
  }

  private String summary(String cell, List<Measurement> ms, long started, int done, int cells) {
    StringBuilder s = new StringBuilder(cell).append(':');
    for (Measurement m : ms) {
      s.append(' ')
          .append(m.workload())
          .append(' ')
          .append(BenchReport.rate(m.imagesPerSecond()))
          .append(" img/s;");
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    double eta = elapsed / done * (cells - done);
    s.append(String.format(Locale.ROOT, " [%d/%d, ETA %.0f s]", done, cells, eta));
    return s.toString();
  }
}
