package io.flowspect.trainer.cli;

import io.flowspect.core.data.FolderImage;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.detect.FrameVerdict;
import io.flowspect.core.detect.FrameVerdicts;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.DefectRegion;
import io.flowspect.trainer.train.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code score} with a model trained on patches and calibrated for frames: one line per frame with
 * the frame score, p-value and decision, and the defect regions ({@code frame_calibration.json}).
 */
final class FrameScoring {

  /** Frames mapped per batch. */
  static final int CHUNK = 8;

  private FrameScoring() {}

  static FolderScoring.Summary run(FrameDetector detector, Path input, Path output, int limit) {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    List<Path> files = ImageDatasets.imageFiles(input);
    if (limit > 0 && files.size() > limit) {
      files = files.subList(0, limit);
    }
    Progress progress = Progress.console("frames", files.size());
    int scored = 0;
    int skipped = 0;
    long flagged = 0;
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (int start = 0; start < files.size(); start += CHUNK) {
        List<String> ids = new ArrayList<>();
        List<RasterImage> frames = new ArrayList<>();
        for (Path file : files.subList(start, Math.min(files.size(), start + CHUNK))) {
          FolderImage f = ImageDatasets.decodeFile(input, file, decoder);
          if (f.image() == null) {
            ScoreCommand.writeLine(w, ScoreLines.error(f.id(), f.skipped().reason()));
            skipped++;
            continue;
          }
          if (f.image().width() != detector.calibration().width()
              || f.image().height() != detector.calibration().height()) {
            ScoreCommand.writeLine(
                w,
                ScoreLines.error(
                    f.id(),
                    f.id()
                        + ": the frame is "
                        + f.image().width()
                        + " x "
                        + f.image().height()
                        + ", the model was calibrated on frames of "
                        + detector.calibration().width()
                        + " x "
                        + detector.calibration().height()));
            skipped++;
            continue;
          }
          ids.add(f.id());
          frames.add(f.image());
        }
        List<FrameVerdict> verdicts = detector.judge(frames);
        for (int i = 0; i < verdicts.size(); i++) {
          ScoreCommand.writeLine(w, line(ids.get(i), verdicts.get(i)));
          scored++;
          flagged += verdicts.get(i).anomaly() ? 1 : 0;
        }
        progress.update(Math.min(files.size(), start + CHUNK), flagged + " anomalous");
      }
      progress.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + output + ": cannot write: " + e.getMessage(), e);
    }
    return new FolderScoring.Summary(scored, 0, flagged, skipped, false, List.of());
  }

  private static Map<String, Object> finite(Map<String, Double> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, x) -> out.put(k, ScoreLines.finite(x)));
    return out;
  }

  /**
   * A frame's line: score, p-value, decision, the decision's parts with their p-values, and
   * regions, in frame pixels.
   */
  static Map<String, Object> line(String id, FrameVerdict v) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("score_name", "frame");
    line.put("score", ScoreLines.finite(v.score()));
    line.put("threshold", ScoreLines.finite(v.threshold()));
    line.put("p_value", ScoreLines.finite(v.pValue()));
    line.put("anomaly", v.anomaly());
    if (v.reason() != null) {
      line.put("reason", v.reason());
    }
    Verdict verdict = FrameVerdicts.verdict(v);
    line.put("scores", finite(verdict.scores()));
    line.put("p_values", finite(verdict.pValues()));
    List<Map<String, Object>> regions = new ArrayList<>();
    for (DefectRegion r : v.regions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("x0", r.box().x0());
      m.put("y0", r.box().y0());
      m.put("x1", r.box().x1());
      m.put("y1", r.box().y1());
      m.put("area", r.area());
      m.put("peak_x", r.peakX());
      m.put("peak_y", r.peakY());
      m.put("peak", ScoreLines.finite(r.peak()));
      m.put("p_value", ScoreLines.finite(r.pValue()));
      regions.add(m);
    }
    line.put("regions", regions);
    Map<String, Object> mask = new LinkedHashMap<>();
    mask.put("width", v.mask().width());
    mask.put("height", v.mask().height());
    mask.put("counts", v.mask().counts());
    line.put("mask", mask);
    return line;
  }
}
