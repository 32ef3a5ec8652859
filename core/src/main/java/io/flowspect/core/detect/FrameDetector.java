package io.flowspect.core.detect;

import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.local.DefectRegions;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.FrameReference;
import io.flowspect.core.score.NonFinite;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.core.tile.TileLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges whole frames with a model trained on patches and its {@link FrameCalibration}: the frame's
 * evidence map at full resolution ({@link FrameMapper}), standardised per position, its strongest
 * value as the frame score against the calibrated threshold, and the regions above the pixel
 * threshold. Thread-safe when the scorer is (ONNX Runtime sessions are).
 */
public final class FrameDetector {

  private final FrameCalibration calibration;
  private final FrameReference reference;
  private final FrameMapper mapper;

  private FrameDetector(Scorer scorer, FrameCalibration calibration) {
    this.calibration = calibration;
    this.reference = calibration.reference();
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
      float[] a = reference.anomalyMap(r);
      double score = FrameReference.imageScore(a);
      out.add(
          new FrameVerdict(
              score,
              calibration.threshold(),
              calibration.framePeaks().pValue(score),
              score > calibration.threshold() || FrameReference.nonFinite(score),
              DefectRegions.find(
                  a,
                  calibration.width(),
                  calibration.pixelThreshold(),
                  DefectRegions.MIN_AREA,
                  calibration.framePeaks()),
              calibration.width(),
              calibration.height(),
              a,
              DefectRegions.mask(
                  a, calibration.width(), calibration.pixelThreshold(), DefectRegions.MIN_AREA),
              FrameReference.nonFinite(score) ? NonFinite.REASON : null));
    }
    return out;
  }
}
