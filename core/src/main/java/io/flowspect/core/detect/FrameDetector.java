package io.flowspect.core.detect;

import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.local.DefectRegions;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameDecision;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.FrameScore;
import io.flowspect.core.local.FrameScoring;
import io.flowspect.core.score.NonFinite;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.core.tile.TileLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges whole frames with a model trained on patches and its {@link FrameCalibration}: the frame's
 * evidence map at full resolution ({@link FrameMapper}), standardised per position; the frame score
 * weighs the map's strongest value, the strongest too-likely region and the frame's likelihood
 * ({@link FrameDecision}) against the calibrated threshold; the regions are the pixels above the
 * pixel threshold. Thread-safe when the scorer is (ONNX Runtime sessions are).
 */
public final class FrameDetector {

  private final FrameCalibration calibration;
  private final FrameScoring scoring;
  private final FrameMapper mapper;

  private FrameDetector(Scorer scorer, FrameCalibration calibration) {
    this.calibration = calibration;
    this.scoring = calibration.scoring();
    this.mapper =
        new FrameMapper(
            scorer,
            calibration.mapKind(),
            new TileLayout(
                calibration.tileWidth(),
                calibration.tileHeight(),
                calibration.stride(),
                calibration.stride()));
  }

  /**
   * Returns the frame detector of a scorer whose bundle has a frame calibration.
   *
   * @param scorer the patch model
   * @return the detector, or empty when the bundle has no {@value FrameCalibration#FILE_NAME}
   */
  public static Optional<FrameDetector> of(Scorer scorer) {
    return FrameCalibration.read(scorer.bundle()).map(c -> new FrameDetector(scorer, c));
  }

  /**
   * Returns a frame detector with a calibration made in memory (benchmarks, frame sizes the
   * bundle's own calibration was not made for).
   *
   * @param scorer the patch model
   * @param calibration a calibration of that model
   * @return the detector
   */
  public static FrameDetector of(Scorer scorer, FrameCalibration calibration) {
    return new FrameDetector(scorer, calibration);
  }

  /**
   * Returns the calibration.
   *
   * @return the thresholds and reference
   */
  public FrameCalibration calibration() {
    return calibration;
  }

  /**
   * Judges frames, mapping them in batches.
   *
   * @param frames frames of the calibration's size
   * @return one verdict per frame
   * @throws IllegalArgumentException naming the size of a frame of another size
   */
  public List<FrameVerdict> judge(List<RasterImage> frames) {
    for (RasterImage f : frames) {
      SizeCheck.requireSame(
          f.width(),
          f.height(),
          calibration.width(),
          calibration.height(),
          (size, expected) ->
              "the frame is "
                  + size
                  + "; model "
                  + calibration.bundleId()
                  + " was calibrated on frames of "
                  + expected);
    }
    List<FrameEvidence> raw = mapper.maps(frames, n -> {});
    List<FrameVerdict> out = new ArrayList<>(frames.size());
    for (FrameEvidence r : raw) {
      out.add(verdict(scoring.score(r)));
    }
    return out;
  }

  private FrameVerdict verdict(FrameScore s) {
    float[] a = s.anomalyMap();
    int width = calibration.width();
    double threshold = calibration.threshold();
    Map<String, Double> parts = new LinkedHashMap<>();
    Map<String, Double> partPValues = new LinkedHashMap<>();
    double[] values = s.peaks().values();
    double[] p = s.pValues();
    for (FrameDecision.Part part : FrameDecision.Part.values()) {
      parts.put(partName(part), values[part.ordinal()]);
      partPValues.put(partName(part), p[part.ordinal()]);
    }
    return new FrameVerdict(
        s.score(),
        threshold,
        calibration.framePeaks().pValue(s.score()),
        s.score() > threshold || s.nonFinite(),
        DefectRegions.find(
            a,
            width,
            calibration.pixelThreshold(),
            DefectRegions.MIN_AREA,
            calibration.decision().map()),
        width,
        calibration.height(),
        a,
        DefectRegions.mask(a, width, calibration.pixelThreshold(), DefectRegions.MIN_AREA),
        parts,
        partPValues,
        s.nonFinite() ? NonFinite.REASON : null);
  }

  /**
   * Returns a part's name in records: {@code frame_} and the part's id.
   *
   * @param part a part of the frame decision
   * @return e.g. {@code frame_too_likely}
   */
  public static String partName(FrameDecision.Part part) {
    return FrameVerdicts.SCORE + "_" + part.id();
  }
}
