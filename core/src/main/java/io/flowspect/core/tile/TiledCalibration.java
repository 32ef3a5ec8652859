package io.flowspect.core.tile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.bundle.SidecarFiles;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.RasterImage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The calibration of a tiled image's aggregate value, stored as {@value #FILE_NAME} in the bundle
 * directory next to {@code calibration.json}.
 *
 * <p>Why its own reference: the max (or top-k mean) of the n tile values of a normal image is
 * larger than one normal tile's value, and by how much depends on n, so comparing it with the
 * single-image reference would flag far more than alpha of normal images. Here the reference holds
 * the aggregate values of normal large images, so the conformal p-value and the threshold mean for
 * whole tiled images what they mean for small ones: at most alpha of normal images flagged.
 *
 * <p>It applies only to the statistic it was made from: the same decision score, aggregate and
 * layout, and images with the same tile grid ({@code rows x cols}), because the number of tiles
 * shapes the aggregate's distribution. For Fisher's decision score the tile values depend on the
 * single-image calibration's references, so that calibration ({@code tile_calibration}, its
 * creation time) must be the one in use too. {@link TiledDetector} falls back to Bonferroni
 * p-values for an image whose grid differs.
 *
 * @param formatVersion {@link #CURRENT_FORMAT}
 * @param bundleId id of the bundle it calibrates
 * @param bundleVersion version of that bundle
 * @param score the decision score's id whose tile values were aggregated
 * @param aggregate {@link TileAggregate#id()}
 * @param layout tile size and stride
 * @param rows tile rows of the calibration images
 * @param cols tile columns of the calibration images
 * @param tileCalibration {@code created_at} of the single-image calibration in use; null when the
 *     detector was not calibrated
 * @param alpha target false-positive rate per image, in (0, 1)
 * @param threshold anomaly threshold on the aggregate: an image is anomalous when strictly above;
 *     +infinity when there were too few images for alpha
 * @param n number of normal images
 * @param createdAt ISO-8601 time of calibration
 * @param reference aggregate values of the normal images
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TiledCalibration(
    int formatVersion,
    String bundleId,
    String bundleVersion,
    String score,
    String aggregate,
    TileLayout layout,
    int rows,
    int cols,
    String tileCalibration,
    double alpha,
    double threshold,
    long n,
    String createdAt,
    ConformalReference reference) {

  /** The format this code writes and reads. */
  public static final int CURRENT_FORMAT = 1;

  /** File name inside a bundle directory. */
  public static final String FILE_NAME = SidecarFiles.TILED_CALIBRATION;

  /** Validates the fields. */
  public TiledCalibration {
    SidecarFiles.requireFormat("tiled calibration", formatVersion, CURRENT_FORMAT);
    DecisionScore.parse(score);
    TileAggregate.parse(aggregate);
    if (layout == null || reference == null) {
      throw new IllegalArgumentException("tiled calibration layout and reference must not be null");
    }
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "tiled calibration grid must be at least 1 x 1, got " + rows + " x " + cols);
    }
    ConformalReference.requireAlpha("tiled calibration", alpha);
  }

  /**
   * Calibrates a tiled detector's aggregate on normal images, judging them all in one batch.
   *
   * @param tiled the tiled detector (its own tiled calibration, if any, is ignored)
   * @param normal at least 2 normal images not used in training, all with the same tile grid
   * @param alpha target false-positive rate per image, in (0, 1)
   * @return the calibration
   */
  public static TiledCalibration calibrate(
      TiledDetector tiled, List<RasterImage> normal, double alpha) {
    if (tiled == null || normal == null) {
      throw new IllegalArgumentException("tiled and normal must not be null");
    }
    return fromVerdicts(tiled, tiled.judge(normal), alpha);
  }

  /**
   * Calibrates a tiled detector's aggregate on verdicts of normal images already judged by it, for
   * callers that judge in chunks.
   *
   * @param tiled the tiled detector that judged them
   * @param normal at least 2 verdicts, all with the same tile grid
   * @param alpha target false-positive rate per image, in (0, 1)
   * @return the calibration
   */
  public static TiledCalibration fromVerdicts(
      TiledDetector tiled, List<TiledVerdict> normal, double alpha) {
    if (tiled == null || normal == null) {
      throw new IllegalArgumentException("tiled and normal must not be null");
    }
    if (normal.size() < 2) {
      throw new IllegalArgumentException(
          "tiled calibration needs at least 2 normal images, got " + normal.size());
    }
    ConformalReference.requireAlpha(null, alpha);
    Tiling first = normal.get(0).tiling();
    double[] values = new double[normal.size()];
    for (int i = 0; i < values.length; i++) {
      TiledVerdict v = normal.get(i);
      if (!v.aggregate().equals(tiled.aggregate().id())
          || !v.score().equals(tiled.detector().decision().id())) {
        throw new IllegalArgumentException(
            "normal verdict "
                + i
                + " is "
                + v.aggregate()
                + " of "
                + v.score()
                + ", the detector gives "
                + tiled.aggregate().id()
                + " of "
                + tiled.detector().decision().id());
      }
      if (v.rows() != first.rows() || v.cols() != first.cols()) {
        throw new IllegalArgumentException(
            "normal image "
                + i
                + " is "
                + v.tiling().imageWidth()
                + " x "
                + v.tiling().imageHeight()
                + " with "
                + v.rows()
                + " x "
                + v.cols()
                + " tiles, image 0 is "
                + first.imageWidth()
                + " x "
                + first.imageHeight()
                + " with "
                + first.rows()
                + " x "
                + first.cols()
                + ": calibrate one tile grid at a time");
      }
      values[i] = v.value();
    }
    ConformalReference reference = ConformalReference.of(values);
    Detector detector = tiled.detector();
    Manifest manifest = detector.scorer().bundle().manifest();
    return new TiledCalibration(
        CURRENT_FORMAT,
        manifest.id(),
        manifest.version(),
        detector.decision().id(),
        tiled.aggregate().id(),
        tiled.layout(),
        first.rows(),
        first.cols(),
        detector.calibration().map(Calibration::createdAt).orElse(null),
        alpha,
        reference.threshold(alpha),
        values.length,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        reference);
  }

  /**
   * Says why this calibration does not apply to a tiled detector.
   *
   * @param tiled the tiled detector
   * @return null when it applies, else a one-line reason naming both sides
   */
  public String mismatch(TiledDetector tiled) {
    Detector detector = tiled.detector();
    String decision = detector.decision().id();
    if (!score.equals(decision)) {
      return "it was made for score " + score + ", the detector decides on " + decision;
    }
    if (!aggregate.equals(tiled.aggregate().id())) {
      return "it was made for aggregate " + aggregate + ", the detector uses " + tiled.aggregate();
    }
    if (!layout.equals(tiled.layout())) {
      return "it was made for " + layout + ", the detector uses " + tiled.layout();
    }
    if (detector.decision().isFisher()) {
      String inUse = detector.calibration().map(Calibration::createdAt).orElse(null);
      if (tileCalibration == null ? inUse != null : !tileCalibration.equals(inUse)) {
        return "it was made with the single-image calibration of "
            + tileCalibration
            + ", the detector uses the one of "
            + inUse
            + ": calibrate the tiles again";
      }
    }
    return null;
  }
}
