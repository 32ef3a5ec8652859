package io.flowspect.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowspect score}: one JSON line per input image with its scores and decision. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Score images with a bundle: one JSON line per image with the default score, every score,"
            + " the p-value and the decision (when calibrated). Unreadable files get a line with"
            + " their error.")
final class ScoreCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", required = true, description = "bundle folder")
  Path model;

  @Option(names = "--input", required = true, description = "IDX file or image folder")
  Path input;

  @Option(names = "--output", required = true, description = "JSON lines file to write")
  Path output;

  @Option(
      names = "--scores",
      split = ",",
      description = "scores to report (default: all the bundle can compute)")
  List<String> scores;

  @Option(names = "--limit", defaultValue = "0", description = "score at most N images (0: all)")
  int limit;

  @Mixin OnnxFlags onnx;

  @Override
  public Integer call() {
    Bundle bundle = Bundle.open(model);
    try (Detector detector = Detector.open(bundle, onnx.options())) {
      Set<Score> reported = reported(detector);
      Set<Score> computed = new LinkedHashSet<>(reported);
      computed.addAll(detector.decision().components());
      LoadedImages loaded = Datasets.load("--input", input, detector.scorer().input(), limit);
      ScoreTable table = Datasets.score(detector.scorer(), "score", loaded.images(), computed);
      Verdicts verdicts = detector.judge(table);
      write(loaded.images(), loaded.skipped(), verdicts, reported);
      long flagged = 0;
      for (int i = 0; i < verdicts.size(); i++) {
        if (Boolean.TRUE.equals(verdicts.anomaly(i))) {
          flagged++;
        }
      }
      System.out.printf(
          "%d images scored (%s), %s, %d skipped; wrote %s%n",
          verdicts.size(),
          verdicts.score(),
          detector.calibration().isPresent() ? flagged + " anomalous" : "not calibrated",
          loaded.skipped().size(),
          output);
      if (detector.calibration().isEmpty()) {
        System.err.println(
            "note: the bundle has no calibration.json, so there are no p-values or decisions;"
                + " run flowspect calibrate first");
      }
    }
    return 0;
  }

  private Set<Score> reported(Detector detector) {
    if (scores == null || scores.isEmpty()) {
      return detector.scorer().available();
    }
    Set<Score> out = new LinkedHashSet<>();
    for (String s : scores) {
      out.add(Score.of(s));
    }
    return out;
  }

  private void write(
      List<ImageRecord> images,
      List<SkippedInput> skipped,
      Verdicts verdicts,
      Set<Score> reported) {
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (int i = 0; i < images.size(); i++) {
        Verdict v = verdicts.verdict(i);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", images.get(i).id());
        line.put("score_name", v.score());
        line.put("score", finite(v.value()));
        Map<String, Object> s = new LinkedHashMap<>();
        for (Score score : reported) {
          s.put(score.id(), finite(v.scores().get(score.id())));
        }
        line.put("scores", s);
        line.put("p_value", finite(v.pValue()));
        line.put("anomaly", v.anomaly());
        w.write(JSON.writeValueAsString(line));
        w.newLine();
      }
      for (SkippedInput s : skipped) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", s.id());
        line.put("error", s.reason());
        w.write(JSON.writeValueAsString(line));
        w.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + output + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** JSON has no NaN or infinity: null stands for "not available". */
  private static Object finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }
}
