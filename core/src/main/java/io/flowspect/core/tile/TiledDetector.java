package io.flowspect.core.tile;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Judges images larger than the model input tile by tile: each image is cut into the model-sized
 * tiles of a {@link TileLayout}, every tile of every image is scored in one {@link
 * io.flowspect.core.score.Scorer} call and decided by the {@link Detector} (so a tile's value and
 * p-value are exactly those of a small image with the same pixels), and the tile values are folded
 * into the image's value with a {@link TileAggregate}.
 *
 * <p>Why tiles and not resizing: shrinking a 512 x 512 line-camera frame to 28 x 28 averages a
 * scratch of a few pixels away; a tile keeps the pixels at the scale the model learnt, and says
 * where the defect is.
 *
 * <p>Tiles are converted by the model's {@link InputSpec#toChw}, the one preprocessing: an RGB
 * image for a gray model is converted to luma tile by tile, exactly as a whole small image would
 * be. A tile never needs resizing, as it has the model's size.
 *
 * <p>The image's p-value: the aggregate of n tile values is a different statistic from one tile's
 * value, so it is calibrated on its own ({@link TiledCalibration}, from normal images of the same
 * tile grid). With such a calibration, {@link PValueMethod#TILED_CALIBRATION}: the conformal
 * p-value of the aggregate, anomalous when the aggregate is above its threshold. Without one (or
 * for an image whose tile grid differs from the calibration images'), {@link
 * PValueMethod#BONFERRONI}: {@code min(1, n * min tile p-value)}, anomalous at or below the
 * single-image calibration's alpha. This bound holds however the tiles depend on one another, so
 * the false-positive rate stays at most alpha, but it is conservative: a conformal p-value is at
 * least {@code 1 / (m + 1)} for m calibration images, so an image of n tiles can only be flagged
 * when {@code n / (m + 1) <= alpha}, e.g. 16 tiles at alpha 0.01 need at least 1,599 calibration
 * images. Tile p-values assume tiles look like the calibration images (normal crops of the same
 * scale); calibrate on tiles of normal large images when the small training images differ.
 *
 * <p>Immutable and thread-safe. It does not own the detector: closing the detector is the caller's
 * business.
 */
public final class TiledDetector {

  private final Detector detector;
  private final TileLayout layout;
  private final TileAggregate aggregate;
  private final Set<Score> scores;
  private final TiledCalibration calibration;
  private final BiFunction<List<byte[]>, Set<Score>, ScoreTable> scoring;

  private TiledDetector(
      Detector detector,
      TileLayout layout,
      TileAggregate aggregate,
      Set<Score> scores,
      TiledCalibration calibration,
      BiFunction<List<byte[]>, Set<Score>, ScoreTable> scoring) {
    this.detector = detector;
    this.layout = layout;
    this.aggregate = aggregate;
    this.scores = scores;
    this.calibration = calibration;
    this.scoring = scoring;
  }

  /**
   * Tiles a detector's model input with a layout and aggregate, computing every available score.
   *
   * @param detector scores and single-image calibration; not closed by this class
   * @param layout the tiles; their size must be the model's input size
   * @param aggregate how tile values become the image value
   * @return the tiled detector, without a tiled calibration
   */
  public static TiledDetector of(Detector detector, TileLayout layout, TileAggregate aggregate) {
    if (detector == null || layout == null || aggregate == null) {
      throw new IllegalArgumentException("detector, layout and aggregate must not be null");
    }
    InputSpec spec = detector.scorer().input();
    SizeCheck.requireSame(
        layout.tileWidth(),
        layout.tileHeight(),
        spec.width(),
        spec.height(),
        (tiles, input) -> "layout tiles are " + tiles + ", the model input is " + input);
    return new TiledDetector(
        detector, layout, aggregate, detector.scorer().available(), null, detector::score);
  }

  /**
   * Returns a tiled detector that computes only some scores of each tile (the decision score's
   * components are always computed), e.g. to skip the PNG compression of {@link Score#COMPLEXITY}
   * when it is not wanted.
   *
   * @param wanted scores to compute, each available in the bundle
   * @return the new tiled detector
   */
  public TiledDetector computing(Set<Score> wanted) {
    if (wanted == null) {
      throw new IllegalArgumentException("wanted must not be null");
    }
    EnumSet<Score> all = EnumSet.noneOf(Score.class);
    all.addAll(wanted);
    all.addAll(detector.decision().components());
    return new TiledDetector(
        detector, layout, aggregate, Collections.unmodifiableSet(all), calibration, scoring);
  }

  /**
   * Returns a tiled detector that takes image p-values from a tiled calibration.
   *
   * @param tiled the calibration of the aggregate, or null for Bonferroni p-values
   * @return the new tiled detector
   * @throws IllegalArgumentException if the calibration was made for another score, aggregate,
   *     layout or (for Fisher's decision) another single-image calibration
   */
  public TiledDetector withCalibration(TiledCalibration tiled) {
    if (tiled != null) {
      String mismatch = tiled.mismatch(this);
      if (mismatch != null) {
        throw new IllegalArgumentException("tiled calibration does not apply: " + mismatch);
      }
    }
    return new TiledDetector(detector, layout, aggregate, scores, tiled, scoring);
  }

  /** Replaces the scoring call, for tests that count batches. */
  TiledDetector withScoring(BiFunction<List<byte[]>, Set<Score>, ScoreTable> newScoring) {
    return new TiledDetector(detector, layout, aggregate, scores, calibration, newScoring);
  }

  /**
   * Returns the detector that scores and decides each tile.
   *
   * @return the detector
   */
  public Detector detector() {
    return detector;
  }

  /**
   * Returns the tile layout.
   *
   * @return the layout
   */
  public TileLayout layout() {
    return layout;
  }

  /**
   * Returns the aggregate of tile values.
   *
   * @return the aggregate
   */
  public TileAggregate aggregate() {
    return aggregate;
  }

  /**
   * Returns the scores computed for each tile.
   *
   * @return the scores, including the decision score's components
   */
  public Set<Score> scores() {
    return scores;
  }

  /**
   * Returns the calibration of the aggregate.
   *
   * @return the tiled calibration, or empty when image p-values are Bonferroni's
   */
  public Optional<TiledCalibration> calibration() {
    return Optional.ofNullable(calibration);
  }

  /**
   * Judges one image.
   *
   * @param image at least one tile in both sides
   * @return the verdict
   */
  public TiledVerdict judge(RasterImage image) {
    return judge(List.of(image)).get(0);
  }

  /**
   * Judges images, scoring the tiles of all of them in one scorer call, so a batch of frames costs
   * one pass of ONNX Runtime calls rather than one per image.
   *
   * @param images each at least one tile in both sides; sizes may differ
   * @return one verdict per image, in order
   * @throws IllegalArgumentException if an image is smaller than a tile, naming its index and size
   */
  public List<TiledVerdict> judge(List<RasterImage> images) {
    if (images == null) {
      throw new IllegalArgumentException("images must not be null");
    }
    if (images.isEmpty()) {
      return List.of();
    }
    InputSpec spec = detector.scorer().input();
    List<Tiling> tilings = new ArrayList<>(images.size());
    List<byte[]> tiles = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      RasterImage image = images.get(i);
      if (image == null) {
        throw new IllegalArgumentException("image " + i + " must not be null");
      }
      Tiling tiling;
      try {
        tiling = layout.tile(image.width(), image.height());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + i + ": " + e.getMessage(), e);
      }
      tilings.add(tiling);
      for (RasterImage tile : tiling.cut(image)) {
        tiles.add(spec.toChw(tile));
      }
    }
    ScoreTable table = scoring.apply(tiles, scores);
    if (table.size() != tiles.size()) {
      throw new IllegalStateException(
          "scoring returned " + table.size() + " rows for " + tiles.size() + " tiles");
    }
    Verdicts verdicts = detector.judge(table);
    List<TiledVerdict> out = new ArrayList<>(images.size());
    int offset = 0;
    for (Tiling tiling : tilings) {
      out.add(verdict(verdicts, offset, tiling));
      offset += tiling.count();
    }
    return out;
  }

  private TiledVerdict verdict(Verdicts verdicts, int offset, Tiling tiling) {
    int n = tiling.count();
    double[] values = Arrays.copyOfRange(verdicts.values(), offset, offset + n);
    double[] p = Arrays.copyOfRange(verdicts.pValues(), offset, offset + n);
    double value = aggregate.apply(values);
    int hottest = argMax(values);
    double pValue;
    PValueMethod method;
    Boolean anomaly;
    Optional<Calibration> single = detector.calibration();
    if (calibration != null
        && calibration.rows() == tiling.rows()
        && calibration.cols() == tiling.cols()) {
      method = PValueMethod.TILED_CALIBRATION;
      pValue = calibration.reference().pValue(value);
      anomaly = value > calibration.threshold();
    } else if (single.isPresent()) {
      method = PValueMethod.BONFERRONI;
      pValue = bonferroni(p);
      anomaly = pValue <= single.get().alpha();
    } else {
      method = PValueMethod.NONE;
      pValue = Double.NaN;
      anomaly = null;
    }
    return new TiledVerdict(
        verdicts.score(),
        aggregate.id(),
        value,
        pValue,
        method,
        anomaly,
        tiling,
        values,
        p,
        hottest,
        verdicts.verdict(offset + hottest));
  }

  /**
   * Returns the Bonferroni-adjusted smallest p-value, {@code min(1, n * min p)}.
   *
   * @param tilePValues the tiles' p-values, at least one; a NaN one counts as 1
   * @return the image p-value; NaN when every tile's p-value is NaN
   */
  static double bonferroni(double[] tilePValues) {
    double min = Double.NaN;
    for (double p : tilePValues) {
      if (!Double.isNaN(p) && (Double.isNaN(min) || p < min)) {
        min = p;
      }
    }
    return Double.isNaN(min) ? Double.NaN : Math.min(1.0, tilePValues.length * min);
  }

  /** Index of the largest non-NaN value, the first on ties; 0 when every value is NaN. */
  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (!Double.isNaN(values[i]) && (Double.isNaN(values[best]) || values[i] > values[best])) {
        best = i;
      }
    }
    return best;
  }
}
