package io.flowspect.core.local;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.tile.TileLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calibrates a patch model for whole frames on good frames, in three disjoint sets, so that nothing
 * is judged against statistics it shaped: the first fits the per-position {@link FrameReference},
 * the second the parts of the {@link FrameDecision}, and the third, frames the model never trained
 * on, gives the frame threshold at alpha (conformal, so that a good frame is flagged with
 * probability at most alpha) and the pixel threshold.
 */
public final class FrameCalibrator {

  /** The most frames the reference is fitted on; the per-position statistics settle by then. */
  public static final int REFERENCE_FRAMES = 40;

  /** The most frames the decision's parts are fitted on. */
  public static final int DECISION_FRAMES = 160;

  /** The share of good pixels above the pixel threshold. */
  public static final double PIXEL_FPR = 0.001;

  private FrameCalibrator() {}

  /**
   * Calibrates on held-out frames alone: the first third (at most {@value #REFERENCE_FRAMES}) fits
   * the reference, the rest is split in turn between the decision's parts and the thresholds.
   *
   * @param manifest the bundle's manifest
   * @param kind the evidence map
   * @param layout the tiles frames are cut into
   * @param evidence the good frames' raw evidence, at least 6, all {@code width x height}
   * @param width frame columns
   * @param height frame rows
   * @param sigma the anomaly maps' smoothing, pixels
   * @param alpha the frame false-positive rate
   * @return the calibration
   */
  public static FrameCalibration calibrate(
      Manifest manifest,
      MapKind kind,
      TileLayout layout,
      List<FrameEvidence> evidence,
      int width,
      int height,
      double sigma,
      double alpha) {
    int n = evidence.size();
    if (n < 6) {
      throw new IllegalArgumentException("need at least 6 good frames to calibrate, got " + n);
    }
    int reference = Math.min(n / 3, REFERENCE_FRAMES);
    List<FrameEvidence> decision = new ArrayList<>();
    List<FrameEvidence> rest = new ArrayList<>();
    for (int i = reference; i < n; i++) {
      ((i - reference) % 2 == 0 ? decision : rest).add(evidence.get(i));
    }
    return calibrate(
        manifest,
        kind,
        layout,
        evidence.subList(0, reference),
        decision,
        rest,
        width,
        height,
        sigma,
        alpha);
  }

  /**
   * Calibrates with the reference and the decision's parts fitted on frames of their own (for
   * example frames the model trained on: they only standardise and weigh, and every held-out frame
   * is then left for the thresholds, whose guarantee needs frames the model never saw).
   *
   * @param manifest the bundle's manifest
   * @param kind the evidence map
   * @param layout the tiles frames are cut into
   * @param fit good frames' evidence for the per-position reference, at least 2
   * @param decision other good frames' evidence for the decision's parts, at least 2
   * @param rest good frames' evidence for the thresholds, never trained on, at least 2
   * @param width frame columns
   * @param height frame rows
   * @param sigma the anomaly maps' smoothing, pixels
   * @param alpha the frame false-positive rate
   * @return the calibration
   */
  public static FrameCalibration calibrate(
      Manifest manifest,
      MapKind kind,
      TileLayout layout,
      List<FrameEvidence> fit,
      List<FrameEvidence> decision,
      List<FrameEvidence> rest,
      int width,
      int height,
      double sigma,
      double alpha) {
    if (fit.size() < 2 || decision.size() < 2 || rest.size() < 2) {
      throw new IllegalArgumentException(
          "need at least 2 reference, 2 decision and 2 calibration frames, got "
              + fit.size()
              + ", "
              + decision.size()
              + " and "
              + rest.size());
    }
    FrameReference fitted = FrameReference.fit(fit, width, height, sigma);
    List<FramePeaks> decisionPeaks = new ArrayList<>(decision.size());
    for (FrameEvidence e : decision) {
      decisionPeaks.add(fitted.peaks(e, fitted.anomalyMap(e)));
    }
    FrameDecision weighed = FrameDecision.fit(decisionPeaks);
    FrameScoring scoring = new FrameScoring(fitted, weighed);
    double[] scores = new double[rest.size()];
    List<float[]> anomaly = new ArrayList<>(rest.size());
    for (int i = 0; i < rest.size(); i++) {
      FrameScore s = scoring.score(rest.get(i));
      anomaly.add(s.anomalyMap());
      scores[i] = s.score();
    }
    ConformalReference frameScores = ConformalReference.of(scores);
    return new FrameCalibration(
        FrameCalibration.FORMAT,
        manifest.id(),
        manifest.version(),
        kind.id(),
        layout.tileHeight(),
        layout.tileWidth(),
        layout.strideX(),
        width,
        height,
        sigma,
        FrameCalibration.bytes(fitted.pixel().mean()),
        FrameCalibration.bytes(fitted.pixel().std()),
        FrameCalibration.bytes(fitted.patch().mean()),
        FrameCalibration.bytes(fitted.patch().std()),
        weighed,
        alpha,
        frameScores.threshold(alpha),
        pixelQuantile(anomaly, 1 - PIXEL_FPR),
        frameScores,
        fit.size(),
        decision.size(),
        Instant.now().toString());
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
    Arrays.sort(all);
    return all[Math.min(total - 1, (int) Math.floor(q * total))];
  }
}
