package io.flowspect.core.eval;

import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.image.Box;
import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.local.DefectRegions;
import io.flowspect.core.local.FrameReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames protocol, as maths on maps: good frames the model never trained on are split in two,
 * the first half fits the per-position {@link FrameReference}, the second calibrates the frame
 * threshold at alpha (so neither is judged on frames that shaped it); then the test frames are
 * judged: image AUROC, pixel AUROC and AUPRO per defect kind and over all kinds, and the realised
 * false-positive rate on the good test frames.
 *
 * @param kinds per defect kind, in order
 * @param overall every defect kind together
 * @param threshold the frame score's threshold at alpha
 * @param alpha the target false-positive rate
 * @param realizedFpr the share of good test frames above the threshold
 * @param expectedFpr the range nine calibrations in ten give with these sizes
 * @param referenceFrames good frames that fitted the reference
 * @param calibrationFrames good frames that calibrated the threshold
 * @param goodTestFrames good test frames
 * @param reference the per-position reference the anomaly maps are made with
 * @param pixelThreshold the anomaly map value above which a pixel is called defective: exceeded by
 *     {@value #PIXEL_FPR} of the calibration frames' pixels
 */
public record FrameEvaluation(
    Map<String, FrameMetrics> kinds,
    FrameMetrics overall,
    double threshold,
    double alpha,
    double realizedFpr,
    FprRange expectedFpr,
    int referenceFrames,
    int calibrationFrames,
    int goodTestFrames,
    FrameReference reference,
    double pixelThreshold) {

  /** Regions smaller than this many pixels are speckle. */
  public static final int MIN_REGION_AREA = 4;

  /** The share of good pixels above the pixel threshold. */
  public static final double PIXEL_FPR = 0.001;

  /** Every {@value #NORMAL_PIXEL_STRIDE}th defect-free pixel enters the pixel AUROC. */
  static final int NORMAL_PIXEL_STRIDE = 4;

  /** Copies the map, keeping its order. */
  public FrameEvaluation {
    kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
  }

  /**
   * What the protocol needs: raw maps of good held-out frames, good test frames and each defect
   * kind's frames with their masks.
   *
   * @param width map columns
   * @param height map rows
   * @param heldOut raw maps of good frames the model did not train on
   * @param good raw maps of good test frames
   * @param defects per kind, raw maps of its test frames
   * @param masks per kind, each frame's mask; null for a kind without masks
   */
  public record Maps(
      int width,
      int height,
      List<float[]> heldOut,
      List<float[]> good,
      Map<String, List<float[]>> defects,
      Map<String, List<boolean[]>> masks) {}

  /**
   * Runs the protocol.
   *
   * @param maps the raw maps
   * @param sigma the anomaly maps' smoothing, pixels
   * @param alpha target frame false-positive rate
   * @return the metrics
   */
  public static FrameEvaluation run(Maps maps, double sigma, double alpha) {
    int n = maps.heldOut().size();
    if (n < 4) {
      throw new IllegalArgumentException("need at least 4 held-out good frames, got " + n);
    }
    List<float[]> fit = maps.heldOut().subList(0, n / 2);
    List<float[]> calibrate = maps.heldOut().subList(n / 2, n);
    FrameReference reference = FrameReference.fit(fit, maps.width(), maps.height(), sigma);
    List<float[]> calibrationAnomaly = new ArrayList<>();
    double[] calibration = scores(reference, calibrate, calibrationAnomaly);
    ConformalReference conformal = ConformalReference.of(calibration);
    double threshold = conformal.threshold(alpha);
    double pixelThreshold = pixelQuantile(calibrationAnomaly, 1 - PIXEL_FPR);
    RegionFinder regions = new RegionFinder(maps.width(), pixelThreshold, conformal);

    List<float[]> goodAnomaly = new ArrayList<>();
    double[] goodScores = scores(reference, maps.good(), goodAnomaly);
    int above = 0;
    for (double s : goodScores) {
      above += s > threshold ? 1 : 0;
    }
    Map<String, FrameMetrics> kinds = new LinkedHashMap<>();
    List<float[]> allMaps = new ArrayList<>(goodAnomaly);
    List<boolean[]> allMasks = new ArrayList<>();
    List<Double> allScores = new ArrayList<>();
    int d = maps.width() * maps.height();
    for (int i = 0; i < goodAnomaly.size(); i++) {
      allMasks.add(new boolean[d]);
    }
    boolean masked = true;
    for (Map.Entry<String, List<float[]>> e : maps.defects().entrySet()) {
      List<float[]> anomaly = new ArrayList<>();
      double[] kindScores = scores(reference, e.getValue(), anomaly);
      for (double s : kindScores) {
        allScores.add(s);
      }
      List<boolean[]> kindMasks = maps.masks() == null ? null : maps.masks().get(e.getKey());
      masked &= kindMasks != null;
      kinds.put(
          e.getKey(), metrics(goodScores, kindScores, goodAnomaly, anomaly, kindMasks, regions));
      allMaps.addAll(anomaly);
      if (kindMasks != null) {
        allMasks.addAll(kindMasks);
      }
    }
    double[] all = allScores.stream().mapToDouble(Double::doubleValue).toArray();
    FrameMetrics overall;
    if (masked && !kinds.isEmpty()) {
      List<float[]> defective = allMaps.subList(goodAnomaly.size(), allMaps.size());
      List<boolean[]> defectMasks = allMasks.subList(goodAnomaly.size(), allMasks.size());
      overall =
          new FrameMetrics(
              DetectionMetrics.of(goodScores, all).auroc(),
              pixelAuroc(allMaps, allMasks),
              Aupro.of(allMaps, allMasks, maps.width(), Aupro.DEFAULT_MAX_FPR),
              all.length,
              regions.hitRate(defective, defectMasks));
    } else {
      overall =
          new FrameMetrics(
              all.length == 0 ? Double.NaN : DetectionMetrics.of(goodScores, all).auroc(),
              Double.NaN,
              Double.NaN,
              all.length,
              Double.NaN);
    }
    return new FrameEvaluation(
        kinds,
        overall,
        threshold,
        alpha,
        goodScores.length == 0 ? Double.NaN : (double) above / goodScores.length,
        FprRange.of(calibration.length, alpha, goodScores.length, FprRange.DEFAULT_LEVEL),
        fit.size(),
        calibrate.size(),
        goodScores.length,
        reference,
        pixelThreshold);
  }

  /** Finds regions the way {@link DefectRegions} does for outputs, to score them against masks. */
  private record RegionFinder(int width, double threshold, ConformalReference peaks) {

    /** The share of frames with a found region overlapping their mask. */
    double hitRate(List<float[]> anomaly, List<boolean[]> masks) {
      if (anomaly.isEmpty()) {
        return Double.NaN;
      }
      int hits = 0;
      for (int f = 0; f < anomaly.size(); f++) {
        for (DefectRegion r :
            DefectRegions.find(anomaly.get(f), width, threshold, MIN_REGION_AREA, peaks)) {
          if (overlaps(r.box(), masks.get(f), width)) {
            hits++;
            break;
          }
        }
      }
      return (double) hits / anomaly.size();
    }

    private static boolean overlaps(Box box, boolean[] mask, int width) {
      for (int y = box.y0(); y < box.y1(); y++) {
        for (int x = box.x0(); x < box.x1(); x++) {
          if (mask[y * width + x]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** The {@code q} quantile of every pixel of the maps. */
  static double pixelQuantile(List<float[]> maps, double q) {
    int total = 0;
    for (float[] m : maps) {
      total += m.length;
    }
    float[] all = new float[total];
    int at = 0;
    for (float[] m : maps) {
      System.arraycopy(m, 0, all, at, m.length);
      at += m.length;
    }
    java.util.Arrays.sort(all);
    return all[Math.min(total - 1, (int) Math.floor(q * total))];
  }

  private static FrameMetrics metrics(
      double[] goodScores,
      double[] kindScores,
      List<float[]> goodAnomaly,
      List<float[]> kindAnomaly,
      List<boolean[]> kindMasks,
      RegionFinder regions) {
    double imageAuroc =
        kindScores.length == 0 || goodScores.length == 0
            ? Double.NaN
            : DetectionMetrics.of(goodScores, kindScores).auroc();
    if (kindMasks == null) {
      return new FrameMetrics(imageAuroc, Double.NaN, Double.NaN, kindScores.length, Double.NaN);
    }
    List<float[]> frames = new ArrayList<>(goodAnomaly);
    frames.addAll(kindAnomaly);
    List<boolean[]> masks = new ArrayList<>();
    int d = goodAnomaly.isEmpty() ? 0 : goodAnomaly.get(0).length;
    for (int i = 0; i < goodAnomaly.size(); i++) {
      masks.add(new boolean[d]);
    }
    masks.addAll(kindMasks);
    return new FrameMetrics(
        imageAuroc,
        pixelAuroc(frames, masks),
        Aupro.of(frames, masks, regions.width(), Aupro.DEFAULT_MAX_FPR),
        kindScores.length,
        regions.hitRate(kindAnomaly, kindMasks));
  }

  /** Frame scores, keeping each anomaly map in {@code keep} when it is not null. */
  private static double[] scores(FrameReference reference, List<float[]> raw, List<float[]> keep) {
    double[] out = new double[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      float[] a = reference.anomalyMap(raw.get(i));
      out[i] = FrameReference.imageScore(a);
      if (keep != null) {
        keep.add(a);
      }
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
          a[i++] = v[p];
        } else if (p % NORMAL_PIXEL_STRIDE == f % NORMAL_PIXEL_STRIDE) {
          b[j++] = v[p];
        }
      }
    }
    return RankedScores.of(b, a).auroc();
  }
}
