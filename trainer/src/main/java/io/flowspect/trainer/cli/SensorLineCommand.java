package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.inspect.Inspection;
import io.flowspect.core.inspect.Inspector;
import io.flowspect.core.inspect.Subject;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.core.signal.SignalWindows;
import io.flowspect.core.signal.VibrationSimulator;
import io.flowspect.trainer.train.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect sensor-line}: judges simulated recordings of the gearbox accelerometer as the
 * service judges a sensor line's Kafka records (core's one scoring use case: windows of the model's
 * width, the recording's Bonferroni decision at the calibration's alpha), and prints what share of
 * healthy recordings and of each fault and severity it flags, and how fast.
 */
@Command(
    name = "sensor-line",
    mixinStandardHelpOptions = true,
    description =
        "Judge simulated vibration recordings (healthy, and each fault at each severity) as the"
            + " service judges a sensor line: windowed to the model, one decision per recording."
            + " Prints the share flagged per set and recordings per second.")
final class SensorLineCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "a calibrated bundle of sensor windows")
  Path model;

  @Option(
      names = "--recordings",
      defaultValue = "200",
      description = "recordings per set. Default: ${DEFAULT-VALUE}")
  int recordings;

  @Option(
      names = "--samples",
      defaultValue = "4096",
      description = "samples per recording and channel. Default: ${DEFAULT-VALUE}")
  int samples;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "recordings per scoring call. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--seed", defaultValue = "11", description = "seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--json", description = "also write the table as JSON to this file")
  Path json;

  @Mixin OnnxFlags onnx;

  /** One set's outcome. */
  record SetResult(String set, int recordings, int flagged, double share) {}

  @Override
  public Integer call() {
    if (recordings < 1 || batch < 1) {
      throw new IllegalArgumentException("--recordings and --batch must be at least 1");
    }
    try (Detector detector = Detector.open(Bundle.open(model), onnx.options())) {
      if (detector.calibration().isEmpty()) {
        throw new IllegalArgumentException(
            "--model " + model + " is not calibrated: run flowspect calibrate first");
      }
      SignalCoding coding =
          SignalCoding.of(detector.scorer().bundle().manifest())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--model "
                              + model
                              + " was not trained on sensor windows (its manifest has no"
                              + " training.signal section)"));
      int width = detector.scorer().input().width();
      int windows = SignalWindows.starts(samples, width).length;
      VibrationSimulator sim =
          new VibrationSimulator(coding.sampleRateHz(), samples, coding.fullScale());
      Inspector inspector = Inspector.of(detector);
      System.out.printf(
          Locale.ROOT,
          "sensor line: model %s (%s), %d-sample recordings at %s Hz (%.3f s), %d windows of %d;"
              + " decision %s at alpha %s per recording (Bonferroni over the windows)%n",
          detector.scorer().bundle().manifest().id(),
          detector.scorer().bundle().manifest().family(),
          samples,
          plain(coding.sampleRateHz()),
          samples / coding.sampleRateHz(),
          windows,
          width,
          detector.calibration().get().score(),
          detector.calibration().get().alpha());
      List<String> names = new ArrayList<>();
      List<Fault> faults = new ArrayList<>();
      List<Severity> severities = new ArrayList<>();
      names.add("healthy");
      faults.add(null);
      severities.add(null);
      for (Fault f : Fault.values()) {
        for (Severity s : Severity.values()) {
          names.add(f.id() + " " + s.name().toLowerCase(Locale.ROOT));
          faults.add(f);
          severities.add(s);
        }
      }
      Progress progress = Progress.console("recordings", (long) names.size() * recordings);
      List<SetResult> results = new ArrayList<>();
      long nanos = 0;
      long done = 0;
      for (int k = 0; k < names.size(); k++) {
        SplittableRandom random = new SplittableRandom(seed * 1_000 + k);
        int flagged = 0;
        for (int from = 0; from < recordings; from += batch) {
          int n = Math.min(batch, recordings - from);
          List<Subject> subjects = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            float[] x = sim.simulate(random.split(), faults.get(k), severities.get(k));
            subjects.add(
                Subject.ofSignal(
                    new Recording(
                        names.get(k) + "-" + (from + i), new float[][] {x}, coding.sampleRateHz()),
                    null));
          }
          long start = System.nanoTime();
          List<Inspection> judged = inspector.inspect(subjects).inspections();
          nanos += System.nanoTime() - start;
          for (Inspection in : judged) {
            if (!(in instanceof Inspection.Judged j)) {
              throw new IllegalStateException(((Inspection.Refused) in).message());
            }
            flagged += j.anomalous() ? 1 : 0;
          }
          done += n;
          progress.update(done, names.get(k));
        }
        results.add(
            new SetResult(names.get(k), recordings, flagged, flagged / (double) recordings));
      }
      progress.finish();
      System.out.printf(
          Locale.ROOT, "%-22s %10s %8s %7s%n", "set", "recordings", "flagged", "share");
      for (SetResult r : results) {
        System.out.printf(
            Locale.ROOT, "%-22s %10d %8d %7.3f%n", r.set(), r.recordings(), r.flagged(), r.share());
      }
      double seconds = nanos / 1e9;
      long total = (long) names.size() * recordings;
      System.out.printf(
          Locale.ROOT,
          "judged %,d recordings (%,d windows) in %.1f s of scoring: %.1f recordings/s, %.0f"
              + " windows/s, at %d recordings per call%n",
          total,
          total * windows,
          seconds,
          total / seconds,
          total * windows / seconds,
          batch);
      if (json != null) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", detector.scorer().bundle().manifest().id());
        out.put("samples", samples);
        out.put("windows", windows);
        out.put("alpha", detector.calibration().get().alpha());
        out.put("sets", results);
        out.put("recordings_per_second", total / seconds);
        try {
          Files.writeString(json, Json.write(out) + "\n");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
      }
      return 0;
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
