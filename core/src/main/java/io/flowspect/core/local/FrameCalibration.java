package io.flowspect.core.local;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.SidecarFiles;
import io.flowspect.core.calibration.ConformalReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A patch model's calibration for whole frames ({@value #FILE_NAME} in the bundle): how frames are
 * cut into tiles, the per-position reference of the evidence maps, how the frame decision weighs
 * its local and global evidence ({@link FrameDecision}), and the two thresholds: on the frame score
 * at alpha, and on single pixels at {@value #PIXEL_FPR_TEXT} of good pixels, which outlines defects
 * as regions.
 *
 * @param formatVersion the file format, {@value #FORMAT}
 * @param bundleId the bundle it was made for
 * @param bundleVersion that bundle's version
 * @param map the evidence map kind, e.g. {@code flow_energy}
 * @param tileHeight tile rows, the model input
 * @param tileWidth tile columns
 * @param stride step between tiles, pixels
 * @param width frame columns it was made for
 * @param height frame rows
 * @param sigma the anomaly maps' smoothing, pixels
 * @param pixelMean per position, the good frames' smoothed pixel-channel mean, float32
 *     little-endian
 * @param pixelStd per position, its standard deviation, float32 little-endian
 * @param patchMean per position, the good frames' patch-channel mean (nats per pixel), float32
 *     little-endian
 * @param patchStd per position, its standard deviation, float32 little-endian
 * @param decision the good frames' peaks of each part of the frame decision, for its p-values and
 *     for regions' p-values (the map part)
 * @param alpha the frame false-positive rate the threshold guarantees
 * @param threshold the frame score's threshold
 * @param pixelThreshold the anomaly map value above which a pixel is defective
 * @param framePeaks the calibration frames' frame scores, for p-values
 * @param referenceFrames good frames that fitted the reference
 * @param decisionFrames good frames that fitted {@code decision}
 * @param createdAt when, ISO-8601
 */
public record FrameCalibration(
    int formatVersion,
    String bundleId,
    String bundleVersion,
    String map,
    int tileHeight,
    int tileWidth,
    int stride,
    int width,
    int height,
    double sigma,
    byte[] pixelMean,
    byte[] pixelStd,
    byte[] patchMean,
    byte[] patchStd,
    FrameDecision decision,
    double alpha,
    double threshold,
    double pixelThreshold,
    ConformalReference framePeaks,
    int referenceFrames,
    int decisionFrames,
    String createdAt) {

  /** The file's name in a bundle. */
  public static final String FILE_NAME = SidecarFiles.FRAME_CALIBRATION;

  /** The format this code writes and reads. */
  public static final int FORMAT = 3;

  static final String PIXEL_FPR_TEXT = "0.1 %";

  /**
   * Refuses a file of another format (format 1 held one evidence channel), naming the remedy.
   *
   * @throws IllegalArgumentException if the format is not {@value #FORMAT} or a channel is missing
   */
  public FrameCalibration {
    if (formatVersion != FORMAT) {
      throw new IllegalArgumentException(
          "format "
              + formatVersion
              + ", this Flowspect reads format "
              + FORMAT
              + " (local and global evidence): run flowspect calibrate --normal CATEGORY again");
    }
    if (decision == null) {
      throw new IllegalArgumentException("decision is required");
    }
    if (pixelMean == null || pixelStd == null || patchMean == null || patchStd == null) {
      throw new IllegalArgumentException(
          "pixel_mean, pixel_std, patch_mean and patch_std are all required");
    }
  }

  /**
   * Returns the per-position reference.
   *
   * @return the reference the anomaly maps are made with
   */
  public FrameReference reference() {
    return new FrameReference(
        width,
        height,
        new PositionStats(floats(pixelMean), floats(pixelStd)),
        new PositionStats(floats(patchMean), floats(patchStd)),
        sigma);
  }

  /**
   * Returns how frames are scored with this calibration.
   *
   * @return the scoring of its reference and decision
   */
  public FrameScoring scoring() {
    return new FrameScoring(reference(), decision);
  }

  /**
   * Returns the map kind.
   *
   * @return the map
   */
  public MapKind mapKind() {
    return MapKind.of(map);
  }

  /**
   * Encodes floats for {@link #mean} and {@link #std}.
   *
   * @param values the values
   * @return float32 little-endian bytes
   */
  public static byte[] bytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static float[] floats(byte[] bytes) {
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /**
   * Reads a bundle's frame calibration, checking that it was made for the bundle.
   *
   * @param bundle the bundle
   * @return the calibration, or empty when there is none
   */
  public static Optional<FrameCalibration> read(Bundle bundle) {
    return SidecarFiles.read(
        bundle,
        FILE_NAME,
        FrameCalibration.class,
        "frame calibration",
        c -> new String[] {c.bundleId(), c.bundleVersion()},
        "run flowspect calibrate --normal CATEGORY again");
  }

  /**
   * Writes a frame calibration into its bundle, replacing any previous one atomically.
   *
   * @param bundle the bundle
   * @return the file written
   */
  public Path write(Bundle bundle) {
    return SidecarFiles.write(bundle, FILE_NAME, this);
  }
}
