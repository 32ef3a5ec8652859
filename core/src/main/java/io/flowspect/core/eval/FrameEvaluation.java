package io.flowspect.core.eval;

import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.local.DefectRegions;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.FrameScore;
import io.flowspect.core.local.FrameScoring;
import io.flowspect.core.score.NonFinite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames protocol, as maths on maps: a {@link FrameCalibration} made on good frames the model
 * never trained on ({@link io.flowspect.core.local.FrameCalibrator}) judges the test frames: image
 * AUROC, pixel AUROC, AUPRO and the share of defects a found region overlaps, per defect kind and
 * over all kinds, and the realised false-positive rate on the good test frames.
 *
 * @param kinds per defect kind, in order
 * @param overall every defect kind together
 * @param calibration the thresholds and reference the frames were judged with
 * @param realizedFpr the share of good test frames above the frame threshold
 * @param expectedFpr the range nine calibrations in ten give with these sizes
 * @param goodTestFrames good test frames
 */
public record FrameEvaluation(
    Map<String, FrameMetrics> kinds,
    FrameMetrics overall,
    FrameCalibration calibration,
    double realizedFpr,
    FprRange expectedFpr,
    int goodTestFrames) {

  /** Every {@value #NORMAL_PIXEL_STRIDE}th defect-free pixel enters the pixel AUROC. */
  static final int NORMAL_PIXEL_STRIDE = 4;

  /** Copies the map, keeping its order. */
  public FrameEvaluation {
    kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
  }

  /**
   * Runs the protocol.
   *
   * @param calibration the frame calibration, made on held-out good frames
   * @param good raw evidence of good test frames
   * @param defects per kind, raw evidence of its test frames
   * @param masks per kind, each frame's mask; null when the category has no masks
   * @return the metrics
   */
  public static FrameEvaluation run(
      FrameCalibration calibration,
      List<FrameEvidence> good,
      Map<String, List<FrameEvidence>> defects,
      Map<String, List<boolean[]>> masks) {
    FrameScoring reference = calibration.scoring();
    int width = calibration.width();
    List<float[]> goodAnomaly = new ArrayList<>();
    double[] goodScores = scores(reference, good, goodAnomaly);
    int above = 0;
    for (double s : goodScores) {
      above += s > calibration.threshold() ? 1 : 0;
    }
    Map<String, FrameMetrics> kinds = new LinkedHashMap<>();
    List<float[]> defectAnomaly = new ArrayList<>();
    List<boolean[]> defectMasks = new ArrayList<>();
    List<Double> allScores = new ArrayList<>();
    for (Map.Entry<String, List<FrameEvidence>> e : defects.entrySet()) {
      List<float[]> anomaly = new ArrayList<>();
      double[] kindScores = scores(reference, e.getValue(), anomaly);
      for (double s : kindScores) {
        allScores.add(s);
      }
      List<boolean[]> kindMasks = masks == null ? null : masks.get(e.getKey());
      kinds.put(
          e.getKey(),
          metrics(calibration, goodScores, kindScores, goodAnomaly, anomaly, kindMasks));
      defectAnomaly.addAll(anomaly);
      if (kindMasks != null) {
        defectMasks.addAll(kindMasks);
      }
    }
    double[] all = allScores.stream().mapToDouble(Double::doubleValue).toArray();
    FrameMetrics overall =
        metrics(
            calibration,
            goodScores,
            all,
            goodAnomaly,
            defectAnomaly,
            masks == null || kinds.isEmpty() ? null : defectMasks);
    return new FrameEvaluation(
        kinds,
        overall,
        calibration,
        goodScores.length == 0 ? Double.NaN : (double) above / goodScores.length,
        FprRange.of(
            calibration.framePeaks().n(),
            calibration.alpha(),
            goodScores.length,
            FprRange.DEFAULT_LEVEL),
        goodScores.length);
  }

  private static FrameMetrics metrics(
      FrameCalibration calibration,
      double[] goodScores,
      double[] kindScores,
      List<float[]> goodAnomaly,
      List<float[]> kindAnomaly,
      List<boolean[]> kindMasks) {
    double imageAuroc =
        kindScores.length == 0 || goodScores.length == 0
            ? Double.NaN
            : DetectionMetrics.of(goodScores, kindScores).auroc();
    double flagged = Double.NaN;
    if (kindScores.length > 0) {
      int above = 0;
      for (double s : kindScores) {
        above += s > calibration.threshold() ? 1 : 0;
      }
      flagged = (double) above / kindScores.length;
    }
    if (kindMasks == null) {
      return new FrameMetrics(
          imageAuroc, Double.NaN, Double.NaN, kindScores.length, Double.NaN, flagged);
    }
    List<float[]> frames = new ArrayList<>(goodAnomaly);
    frames.addAll(kindAnomaly);
    List<boolean[]> masks = new ArrayList<>();
    int d = calibration.width() * calibration.height();
    for (int i = 0; i < goodAnomaly.size(); i++) {
      masks.add(new boolean[d]);
    }
    masks.addAll(kindMasks);
    return new FrameMetrics(
        imageAuroc,
        pixelAuroc(frames, masks),
        Aupro.of(frames, masks, calibration.width(), Aupro.DEFAULT_MAX_FPR),
        kindScores.length,
        hitRate(calibration, kindAnomaly, kindMasks),
        flagged);
  }

  /** The share of frames with a found region overlapping their mask. */
  private static double hitRate(
      FrameCalibration calibration, List<float[]> anomaly, List<boolean[]> masks) {
    if (anomaly.isEmpty()) {
      return Double.NaN;
    }
    int hits = 0;
    for (int f = 0; f < anomaly.size(); f++) {
      List<DefectRegion> found =
          DefectRegions.find(
              anomaly.get(f),
              calibration.width(),
              calibration.pixelThreshold(),
              DefectRegions.MIN_AREA,
              calibration.decision().map());
      for (DefectRegion r : found) {
        if (r.box().overlaps(masks.get(f), calibration.width())) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / anomaly.size();
  }

  /** Frame scores, keeping each anomaly map in {@code keep}. */
  private static double[] scores(
      FrameScoring scoring, List<FrameEvidence> raw, List<float[]> keep) {
    double[] out = new double[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      FrameScore s = scoring.score(raw.get(i));
      out[i] = s.score();
      keep.add(s.anomalyMap());
    }
    return out;
  }

  /** Pixel AUROC: every defect pixel against every {@value #NORMAL_PIXEL_STRIDE}th other pixel. */
  static double pixelAuroc(List<float[]> maps, List<boolean[]> masks) {
    int defect = 0;
    int normal = 0;
    for (int f = 0; f < maps.size(); f++) {
      boolean[] m = masks.get(f);
      for (int p = 0; p < m.length; p++) {
        if (m[p]) {
          defect++;
        } else if (p % NORMAL_PIXEL_STRIDE == f % NORMAL_PIXEL_STRIDE) {
          normal++;
        }
      }
    }
    if (defect == 0 || normal == 0) {
      return Double.NaN;
    }
    double[] a = new double[defect];
    double[] b = new double[normal];
    int i = 0;
    int j = 0;
    for (int f = 0; f < maps.size(); f++) {
      boolean[] m = masks.get(f);
      float[] v = maps.get(f);
      for (int p = 0; p < m.length; p++) {
        if (m[p]) {
          a[i++] = NonFinite.evidence(v[p]);
        } else if (p % NORMAL_PIXEL_STRIDE == f % NORMAL_PIXEL_STRIDE) {
          b[j++] = NonFinite.evidence(v[p]);
        }
      }
    }
    return RankedScores.of(b, a).auroc();
  }
}
