package io.flowspect.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.MvtecCategory;
import io.flowspect.core.eval.FrameEvaluation;
import io.flowspect.core.eval.FrameMetrics;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameDecision;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.FrameReference;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.report.FrameOverlay;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.core.tile.TileLayout;
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
import javax.imageio.ImageIO;

/**
 * {@code evaluate --data CATEGORY}: a model trained on patches of an MVTec category's frames,
 * judged on the category's test frames at full resolution ({@link FrameEvaluation}): image AUROC,
 * pixel AUROC and AUPRO per defect kind and overall, the realised frame false-positive rate, and
 * overlays of the maps and outlines.
 *
 * @param scorer the patch model
 * @param kind the evidence map
 * @param data the MVTec category
 * @param report the output folder
 * @param alpha the frame false-positive rate the threshold is set at
 * @param sigma the smoothing of the anomaly maps, pixels
 * @param layout how frames are cut into tiles
 * @param extraNormal more good frames the model never trained on, for the thresholds, or null
 */
record FrameEvaluationRun(
    Scorer scorer,
    MapKind kind,
    Path data,
    Path report,
    double alpha,
    double sigma,
    TileLayout layout,
    Path extraNormal) {

  /** Overlays written per defect kind. */
  static final int OVERLAYS_PER_KIND = 2;

  FrameEvaluation run() {
    Bundle bundle = scorer.bundle();
    MvtecCategory category = MvtecCategory.open(data);
    List<RasterImage> heldOut = new ArrayList<>(FrameInputs.heldOutFrames(bundle, data, "--data"));
    if (extraNormal != null) {
      heldOut.addAll(FrameInputs.extraGoodFrames(bundle, extraNormal, "--extra-normal"));
    }
    List<RasterImage> good = FrameInputs.decode(category.testGood());
    Map<String, List<RasterImage>> defectFrames = new LinkedHashMap<>();
    Map<String, List<boolean[]>> masks = category.hasMasks() ? new LinkedHashMap<>() : null;
    for (Map.Entry<String, List<MvtecCategory.DefectFrame>> e : category.defects().entrySet()) {
      List<RasterImage> frames = new ArrayList<>();
      List<boolean[]> kindMasks = new ArrayList<>();
      for (MvtecCategory.DefectFrame f : e.getValue()) {
        RasterImage image = FrameInputs.decode(f.image());
        frames.add(image);
        kindMasks.add(MvtecCategory.maskOf(f, image));
      }
      defectFrames.put(e.getKey(), frames);
      if (masks != null) {
        masks.put(e.getKey(), kindMasks);
      }
    }
    RasterImage first = heldOut.get(0);
    FrameMapper mapper = new FrameMapper(scorer, kind, layout);
    int total = heldOut.size() + good.size();
    for (List<RasterImage> l : defectFrames.values()) {
      total += l.size();
    }
    Progress progress = Progress.console("frames", total);
    int[] done = {0};
    List<FrameEvidence> heldOutMaps = maps(mapper, heldOut, progress, done);
    List<FrameEvidence> goodMaps = maps(mapper, good, progress, done);
    Map<String, List<FrameEvidence>> defectMaps = new LinkedHashMap<>();
    for (Map.Entry<String, List<RasterImage>> e : defectFrames.entrySet()) {
      defectMaps.put(e.getKey(), maps(mapper, e.getValue(), progress, done));
    }
    progress.finish();
    FrameCalibration calibration =
        FrameInputs.calibrate(bundle, mapper, data, heldOutMaps, first, sigma, alpha);
    FrameEvaluation result = FrameEvaluation.run(calibration, goodMaps, defectMaps, masks);
    writeMetrics(result, category, heldOut.size(), mapper);
    writeOverlays(result, defectFrames, defectMaps, masks);
    print(result);
    return result;
  }

  private List<FrameEvidence> maps(
      FrameMapper mapper, List<RasterImage> frames, Progress progress, int[] done) {
    int before = done[0];
    List<FrameEvidence> out =
        mapper.maps(
            frames,
            n -> {
              done[0] = before + n;
              progress.update(done[0], kind.id());
            });
    return out;
  }

  private void writeMetrics(
      FrameEvaluation r, MvtecCategory category, int heldOut, FrameMapper mapper) {
    Map<String, Object> frames = new LinkedHashMap<>();
    frames.put("category", category.root().toString());
    frames.put("map", kind.id());
    frames.put("tile", List.of(mapper.layout().tileHeight(), mapper.layout().tileWidth()));
    frames.put("stride", List.of(mapper.layout().strideY(), mapper.layout().strideX()));
    frames.put("sigma", sigma);
    frames.put("held_out_frames", heldOut);
    frames.put("reference_frames", r.calibration().referenceFrames());
    frames.put("decision_frames", r.calibration().decisionFrames());
    frames.put(
        "decision",
        "tippett over frame_map (weight "
            + FrameDecision.LOCAL_WEIGHT
            + "), frame_too_likely ("
            + FrameDecision.LOCAL_WEIGHT
            + ") and frame_likelihood ("
            + FrameDecision.GLOBAL_WEIGHT
            + ")");
    frames.put("calibration_frames", r.calibration().framePeaks().n());
    frames.put("good_test_frames", r.goodTestFrames());
    frames.put("alpha", alpha);
    frames.put("threshold", r.calibration().threshold());
    frames.put("realized_fpr", r.realizedFpr());
    frames.put("expected_fpr", List.of(r.expectedFpr().low(), r.expectedFpr().high()));
    frames.put("pixel_threshold", r.calibration().pixelThreshold());
    frames.put("overall", metrics(r.overall()));
    Map<String, Object> kinds = new LinkedHashMap<>();
    r.kinds().forEach((k, m) -> kinds.put(k, metrics(m)));
    frames.put("kinds", kinds);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", scorer.bundle().manifest().id());
    root.put("frames", frames);
    try {
      Files.createDirectories(report);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(report.resolve("metrics.json").toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("--report " + report + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> metrics(FrameMetrics m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("image_auroc", ScoreLines.finite(m.imageAuroc()));
    out.put("pixel_auroc", ScoreLines.finite(m.pixelAuroc()));
    out.put("aupro", ScoreLines.finite(m.aupro()));
    out.put("frames", m.defective());
    out.put("region_hit_rate", ScoreLines.finite(m.regionHitRate()));
    out.put("flagged_at_alpha", ScoreLines.finite(m.flagged()));
    return out;
  }

  private void writeOverlays(
      FrameEvaluation r,
      Map<String, List<RasterImage>> frames,
      Map<String, List<FrameEvidence>> maps,
      Map<String, List<boolean[]>> masks) {
    Path dir = report.resolve("overlays");
    FrameReference reference = r.calibration().reference();
    double pixelThreshold = r.calibration().pixelThreshold();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, List<RasterImage>> e : frames.entrySet()) {
        for (int i = 0; i < Math.min(OVERLAYS_PER_KIND, e.getValue().size()); i++) {
          RasterImage frame = e.getValue().get(i);
          float[] anomaly = reference.anomalyMap(maps.get(e.getKey()).get(i));
          boolean[] found = new boolean[anomaly.length];
          for (int p = 0; p < anomaly.length; p++) {
            found[p] = anomaly[p] > pixelThreshold;
          }
          boolean[] truth = masks == null ? null : masks.get(e.getKey()).get(i);
          ImageIO.write(
              FrameOverlay.render(frame, anomaly, 0, 2 * pixelThreshold, truth, found),
              "png",
              dir.resolve(String.format(Locale.ROOT, "%s-%03d.png", e.getKey(), i)).toFile());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--report " + report + ": cannot write: " + e.getMessage(), e);
    }
  }

  private void print(FrameEvaluation r) {
    System.out.printf(
        Locale.ROOT,
        "%n%s on %s (%s maps)%n  %-18s %11s %11s %8s %11s %8s %7s%n",
        scorer.bundle().manifest().id(),
        data,
        kind.id(),
        "defect",
        "image AUROC",
        "pixel AUROC",
        "AUPRO",
        "region hits",
        "flagged",
        "frames");
    r.kinds().forEach((k, m) -> printRow(k, m));
    printRow("all", r.overall());
    System.out.printf(
        Locale.ROOT,
        "false positives at alpha %s: %.4f of %d good test frames (expected %.4f-%.4f with %d"
            + " calibration frames)%n",
        r.calibration().alpha(),
        r.realizedFpr(),
        r.goodTestFrames(),
        r.expectedFpr().low(),
        r.expectedFpr().high(),
        r.calibration().framePeaks().n());
    System.out.println("wrote " + report.resolve("metrics.json") + " and overlays/");
  }

  private static void printRow(String name, FrameMetrics m) {
    System.out.printf(
        Locale.ROOT,
        "  %-18s %11.4f %11.4f %8.4f %11.4f %8.4f %7d%n",
        name,
        m.imageAuroc(),
        m.pixelAuroc(),
        m.aupro(),
        m.regionHitRate(),
        m.flagged(),
        m.defective());
  }
}
