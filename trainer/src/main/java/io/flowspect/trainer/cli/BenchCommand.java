package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.frames.Surface;
import io.flowspect.trainer.bench.BenchImages;
import io.flowspect.trainer.bench.BenchReport;
import io.flowspect.trainer.bench.BenchRunner;
import io.flowspect.trainer.bench.Benchmark;
import io.flowspect.trainer.bench.FrameBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowspect bench}: scoring speed of bundles, ONNX Runtime against the same network on
 * libtorch, as a markdown table for the README. Speed is measured here and never in unit tests,
 * whose timings would depend on whatever else the machine runs.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure scoring speed: images/s of each bundle's ONNX Runtime density pass, full scorer"
            + " and the same network run eagerly on libtorch (DJL), per batch size, with batch"
            + " latency p50/p99. Prints a markdown table; progress goes to stderr.")
final class BenchCommand implements Callable<Integer> {

  /** Fashion-MNIST's test set as Debian's dataset-fashion-mnist package installs it. */
  static final Path DEFAULT_DATA =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "bundle folder; repeat for several bundles")
  List<Path> models;

  @Option(
      names = "--batches",
      split = ",",
      description = "batch sizes (default: 1,16,64 images; with --frames, 1,4 frames)")
  List<Integer> batches;

  @Option(
      names = "--frames",
      paramLabel = "SURFACE",
      description =
          "time whole line frames of this surface instead (fabric, metal, wood, grid, leather):"
              + " frames/s judged with maps and regions against the same bundle's tiles' log p"
              + " only")
  String frames;

  @Option(
      names = "--frame-sizes",
      split = ",",
      defaultValue = "256,512",
      description = "frame sides in pixels with --frames (default: ${DEFAULT-VALUE})")
  List<Integer> frameSizes;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "measured seconds per workload and batch size (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "untimed seconds per workload and batch size first (default: ${DEFAULT-VALUE})")
  double warmup;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "interleaved rounds the measured time is cut into (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "intra-op threads of both ONNX Runtime and libtorch (0: all cores)")
  int threads;

  @Option(
      names = "--data",
      description =
          "IDX file or image folder to score (default: the Fashion-MNIST test set when installed,"
              + " else seeded random bytes)")
  Path data;

  @Option(
      names = "--limit",
      defaultValue = "1024",
      description = "distinct images the batches cycle through (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "also write the results as JSON to this file")
  Path json;

  @Override
  public Integer call() {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
    }
    if (!(warmup >= 0)) {
      throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be 0 (all cores) or more, got " + threads);
    }
    if (batches == null) {
      batches = frames == null ? List.of(1, 16, 64) : List.of(1, 4);
    }
    if (batches.stream().anyMatch(b -> b == null || b < 1)) {
      throw new IllegalArgumentException("--batches must be positive numbers, got " + batches);
    }
    int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    PrintWriter err = spec.commandLine().getErr();
    if (frames != null) {
      return frames(n, err);
    }
    BenchImages images;
    if (data != null) {
      if (!Files.exists(data)) {
        throw new IllegalArgumentException("--data " + data + ": no such file or directory");
      }
      images = BenchImages.of(data, "--data", limit);
    } else if (Files.isRegularFile(DEFAULT_DATA)) {
      images = BenchImages.of(DEFAULT_DATA, "--data", limit);
    } else {
      err.println("note: " + DEFAULT_DATA + " is not installed; scoring seeded random bytes");
      images = BenchImages.random(limit, 1);
    }
    Benchmark benchmark =
        new Benchmark(new BenchRunner(seconds, warmup, rounds), n, batches, images, err);
    BenchReport report = benchmark.run(models);
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.markdown());
    out.flush();
    if (json != null) {
      write(report.toJson(), err);
    }
    return 0;
  }

  private void write(String content, PrintWriter err) {
    try {
      Path parent = json.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(json, content);
    } catch (IOException e) {
      throw new UncheckedIOException("--json " + json + ": cannot write: " + e.getMessage(), e);
    }
    err.println("wrote " + json);
  }

  private int frames(int threadCount, PrintWriter err) {
    Surface surface;
    try {
      surface = Surface.of(frames);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--frames " + e.getMessage(), e);
    }
    if (frameSizes.stream().anyMatch(s -> s == null || s < 32)) {
      throw new IllegalArgumentException(
          "--frame-sizes must be 32 pixels or more, got " + frameSizes);
    }
    FrameBench bench =
        new FrameBench(new BenchRunner(seconds, warmup, rounds), threadCount, batches, err);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<FrameBench.SizeResult>> all = new LinkedHashMap<>();
    for (Path model : models) {
      Bundle bundle;
      try {
        bundle = Bundle.open(model);
      } catch (BundleException e) {
        throw new IllegalArgumentException("--model " + e.getMessage(), e);
      }
      List<FrameBench.SizeResult> results = bench.run(bundle, surface, frameSizes);
      out.println(FrameBench.markdown(bundle, results));
      out.flush();
      all.put(bundle.manifest().id(), results);
    }
    if (json != null) {
      write(Json.write(all), err);
    }
    return 0;
  }
}
