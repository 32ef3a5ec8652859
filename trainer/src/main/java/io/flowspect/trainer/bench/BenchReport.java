package io.flowspect.trainer.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flowspect.core.bundle.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The results of one benchmark run: the JSON written by {@code --json} and the markdown tables
 * printed for the README.
 *
 * @param settings how the run was made
 * @param bundles one entry per {@code --model}, in order
 */
public record BenchReport(Settings settings, List<BundleResult> bundles) {

  /** The acceptance goal: ORT density at least this many times DJL eager... */
  public static final double GOAL_RATIO = 1.5;

  /** Throughput with evidence maps over throughput without them that issue 7 asks for. */
  public static final double MAPS_GOAL = 0.8;

  /** ...at this batch size. */
  public static final int GOAL_BATCH = 64;

  public BenchReport {
    bundles = List.copyOf(bundles);
  }

  /**
   * How the run was made.
   *
   * @param threads intra-op threads of every engine
   * @param seconds measured time per workload and batch size
   * @param warmupSeconds untimed warm-up per workload and batch size
   * @param rounds interleaved rounds the measured time was cut into
   * @param batches the batch sizes
   * @param data where the images came from
   * @param images how many distinct images the batches cycle through
   * @param cores processors the JVM sees
   * @param onnxruntime ONNX Runtime version
   * @param libtorch libtorch (PyTorch) version
   * @param java Java runtime version
   * @param createdAt ISO-8601 time the run ended
   */
  public record Settings(
      int threads,
      double seconds,
      double warmupSeconds,
      int rounds,
      List<Integer> batches,
      String data,
      int images,
      int cores,
      String onnxruntime,
      String libtorch,
      String java,
      String createdAt) {

    public Settings {
      batches = List.copyOf(batches);
    }
  }

  /**
   * The measurements of one bundle.
   *
   * @param id bundle id
   * @param dir bundle folder
   * @param family model family
   * @param parameters trained parameters, as the manifest records them (null if it does not)
   * @param parityImages images both engines scored before timing
   * @param parityMaxAbsBpd largest difference in bits/dim between the workloads that compute log p
   * @param measurements every workload at every batch size
   */
  public record BundleResult(
      String id,
      String dir,
      String family,
      Long parameters,
      int parityImages,
      double parityMaxAbsBpd,
      List<Measurement> measurements) {

    public BundleResult {
      measurements = List.copyOf(measurements);
    }

    /** ORT density images/s over DJL eager images/s, by batch size (JSON: {@code ort_over_djl}). */
    @JsonProperty("ort_over_djl")
    public Map<Integer, Double> ortOverDjl() {
      return ratios(Measurement::imagesPerSecond);
    }

    /**
     * The same ratio by images per CPU-second of the calling thread (JSON: {@code
     * ort_over_djl_cpu}), empty where CPU time was not measured.
     */
    @JsonProperty("ort_over_djl_cpu")
    public Map<Integer, Double> ortOverDjlCpu() {
      return ratios(Measurement::imagesPerCpuSecond);
    }

    /**
     * Images/s of the scorer with evidence maps and the local score over the scorer without them,
     * by batch size (JSON: {@code maps_over_scorer}); empty when the bundle has no calibrated maps.
     * Issue 7's goal: at least {@value #MAPS_GOAL}.
     */
    @JsonProperty("maps_over_scorer")
    public Map<Integer, Double> mapsOverScorer() {
      return ratios(
          StandardWorkloads.ORT_SCORER_MAPS,
          StandardWorkloads.ORT_SCORER,
          Measurement::imagesPerSecond);
    }

    private Map<Integer, Double> ratios(Function<Measurement, Double> rate) {
      return ratios(StandardWorkloads.ORT_DENSITY, StandardWorkloads.DJL_EAGER, rate);
    }

    private Map<Integer, Double> ratios(
        String numerator, String denominator, Function<Measurement, Double> rate) {
      Map<Integer, Double> ratios = new TreeMap<>();
      for (Measurement m : measurements) {
        if (m.workload().equals(numerator)) {
          Measurement djl = find(denominator, m.batch());
          if (djl != null && rate.apply(m) != null && rate.apply(djl) != null) {
            ratios.put(m.batch(), rate.apply(m) / rate.apply(djl));
          }
        }
      }
      return ratios;
    }

    Measurement find(String workload, int batch) {
      for (Measurement m : measurements) {
        if (m.workload().equals(workload) && m.batch() == batch) {
          return m;
        }
      }
      return null;
    }
  }

  public String toJson() {
    return Json.write(this);
  }

  /** Markdown tables ready for the README: throughput with the ratio, latency, goal, settings. */
  public String markdown() {
    Map<String, String> columns = columns();
    StringBuilder s = new StringBuilder();
    s.append(
        "Scoring throughput, images/s. ORT / DJL: ORT density over DJL eager, the same network's"
            + " forward pass on ONNX Runtime and on libtorch.\n\n");
    throughput(s, columns, Measurement::imagesPerSecond, BundleResult::ortOverDjl);
    boolean cpu =
        settings.threads() == 1
            && bundles.stream()
                .flatMap(b -> b.measurements().stream())
                .allMatch(m -> m.imagesPerCpuSecond() != null);
    if (cpu) {
      s.append(
          "\nThe same per CPU-second of the calling thread (with one thread each engine does all"
              + " its work there, so this leaves out time lost to other processes on shared"
              + " cores):\n\n");
      throughput(s, columns, Measurement::imagesPerCpuSecond, BundleResult::ortOverDjlCpu);
    }

    int latencyBatch = settings.batches().stream().mapToInt(Integer::intValue).min().orElse(1);
    s.append(
        String.format(
            Locale.ROOT, "%nLatency of one call at batch %d, ms, p50 / p99:%n%n", latencyBatch));
    List<String> latencyHeader = new ArrayList<>(List.of("bundle"));
    latencyHeader.addAll(columns.values());
    row(s, latencyHeader);
    separator(s, latencyHeader.size(), 1);
    for (BundleResult b : bundles) {
      List<String> cells = new ArrayList<>(List.of(b.id()));
      for (String workload : columns.keySet()) {
        Measurement m = b.find(workload, latencyBatch);
        cells.add(
            m == null
                ? ""
                : String.format(
                    Locale.ROOT, "%s / %s", millis(m.latencyP50Ms()), millis(m.latencyP99Ms())));
      }
      row(s, cells);
    }

    s.append('\n').append(goal()).append('\n');
    s.append('\n').append(settingsLine()).append('\n');
    return s.toString();
  }

  private void throughput(
      StringBuilder s,
      Map<String, String> columns,
      Function<Measurement, Double> rate,
      Function<BundleResult, Map<Integer, Double>> ratio) {
    List<String> header = new ArrayList<>(List.of("bundle", "family", "batch"));
    for (Map.Entry<String, String> c : columns.entrySet()) {
      header.add(c.getValue());
      if (c.getKey().equals(StandardWorkloads.DJL_EAGER)) {
        header.add("ORT / DJL");
      }
      if (c.getKey().equals(StandardWorkloads.ORT_SCORER_MAPS)) {
        header.add("maps / no maps");
      }
    }
    row(s, header);
    separator(s, header.size(), 2);
    for (BundleResult b : bundles) {
      Map<Integer, Double> ratios = ratio.apply(b);
      for (int batch : settings.batches()) {
        List<String> cells = new ArrayList<>(List.of(b.id(), b.family(), Integer.toString(batch)));
        for (String workload : columns.keySet()) {
          Measurement m = b.find(workload, batch);
          cells.add(m == null || rate.apply(m) == null ? "" : rate(rate.apply(m)));
          if (workload.equals(StandardWorkloads.DJL_EAGER)) {
            Double r = ratios.get(batch);
            cells.add(r == null ? "" : String.format(Locale.ROOT, "%.2fx", r));
          }
          if (workload.equals(StandardWorkloads.ORT_SCORER_MAPS)) {
            Measurement with = b.find(StandardWorkloads.ORT_SCORER_MAPS, batch);
            Measurement without = b.find(StandardWorkloads.ORT_SCORER, batch);
            cells.add(
                with == null
                        || without == null
                        || rate.apply(with) == null
                        || rate.apply(without) == null
                    ? ""
                    : String.format(
                        Locale.ROOT, "%.0f%%", 100 * rate.apply(with) / rate.apply(without)));
          }
        }
        row(s, cells);
      }
    }
  }

  /** One line per bundle: the ratio at {@value #GOAL_BATCH} (or the largest batch) and the goal. */
  String goal() {
    int goalBatch =
        settings.batches().contains(GOAL_BATCH)
            ? GOAL_BATCH
            : settings.batches().stream().mapToInt(Integer::intValue).max().orElse(GOAL_BATCH);
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Goal: ORT density at least %.1fx DJL eager at batch %d%s:",
                GOAL_RATIO,
                GOAL_BATCH,
                goalBatch == GOAL_BATCH ? "" : " (not measured; batch " + goalBatch + " shown)"));
    for (BundleResult b : bundles) {
      Double r = b.ortOverDjl().get(goalBatch);
      s.append(' ').append(b.id()).append(' ');
      s.append(
          r == null
              ? "not measured"
              : String.format(Locale.ROOT, "%.2fx (%s", r, r >= GOAL_RATIO ? "met" : "not met"));
      Double cpu = settings.threads() == 1 ? b.ortOverDjlCpu().get(goalBatch) : null;
      if (r != null && cpu != null) {
        s.append(String.format(Locale.ROOT, "; %.2fx per CPU-second", cpu));
      }
      s.append(r == null ? ";" : ");");
    }
    s.setLength(s.length() - 1);
    s.append('.');
    StringBuilder maps = new StringBuilder();
    for (BundleResult b : bundles) {
      Double r = b.mapsOverScorer().get(goalBatch);
      if (r != null) {
        maps.append(
            String.format(
                Locale.ROOT,
                " %s %.0f%% (%s);",
                b.id(),
                100 * r,
                r >= MAPS_GOAL ? "met" : "not met"));
      }
    }
    if (maps.length() > 0) {
      maps.setLength(maps.length() - 1);
      s.append(
              String.format(
                  Locale.ROOT,
                  " Goal: scoring with evidence maps at least %.0f%% of the throughput without"
                      + " them, batch %d:",
                  100 * MAPS_GOAL,
                  goalBatch))
          .append(maps)
          .append('.');
    }
    return s.toString();
  }

  private String settingsLine() {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Measured with %d intra-op thread%s per engine on %d core%s, %s s per workload and"
                    + " batch after %s s warm-up, in %d interleaved rounds; %d images from %s;"
                    + " ONNX Runtime %s, libtorch %s, Java %s, %s. Engines agree within",
                settings.threads(),
                settings.threads() == 1 ? "" : "s",
                settings.cores(),
                settings.cores() == 1 ? "" : "s",
                number(settings.seconds()),
                number(settings.warmupSeconds()),
                settings.rounds(),
                settings.images(),
                settings.data(),
                settings.onnxruntime(),
                settings.libtorch(),
                settings.java(),
                settings.createdAt()));
    for (BundleResult b : bundles) {
      s.append(String.format(Locale.ROOT, " %.1e bits/dim (%s),", b.parityMaxAbsBpd(), b.id()));
    }
    s.setLength(s.length() - 1);
    return s.append('.').toString();
  }

  /** Workload id to label, in order of first appearance. */
  private Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    for (BundleResult b : bundles) {
      for (Measurement m : b.measurements()) {
        columns.putIfAbsent(m.workload(), m.label());
      }
    }
    return columns;
  }

  private static void row(StringBuilder s, List<String> cells) {
    s.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** Left-aligned text columns, then right-aligned numbers. */
  private static void separator(StringBuilder s, int columns, int textColumns) {
    s.append('|');
    for (int i = 0; i < columns; i++) {
      s.append(i < textColumns ? "---|" : "---:|");
    }
    s.append('\n');
  }

  static String rate(double imagesPerSecond) {
    return imagesPerSecond >= 100
        ? String.format(Locale.ROOT, "%,.0f", imagesPerSecond)
        : String.format(Locale.ROOT, "%.1f", imagesPerSecond);
  }

  static String millis(double ms) {
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f", ms)
        : String.format(Locale.ROOT, ms >= 10 ? "%.1f" : "%.2f", ms);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
