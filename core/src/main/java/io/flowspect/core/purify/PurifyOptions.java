package io.flowspect.core.purify;

/**
 * How {@link Purifier} purifies.
 *
 * @param epsilon radius of the L-infinity ball on 0..255 values, 0..255: each sub-pixel may move by
 *     at most this many levels (PixelDefend's "defense epsilon"; 16 is the paper's choice for 8-bit
 *     images)
 * @param adaptivePValue PixelDefend's adaptive rule: an image whose p-value is above this is
 *     returned unchanged, because it already looks normal; in [0, 1], where {@link #ADAPTIVE_OFF}
 *     (1) purifies every image. Ignored when the caller gives no p-values
 * @param maxBatch images per ONNX Runtime call, at least 1: bounds native memory, as the logits are
 *     {@code 256 * D} floats per image (3 MB for a 32 x 32 RGB image)
 */
public record PurifyOptions(int epsilon, double adaptivePValue, int maxBatch) {

  /** The paper's ball radius for 8-bit images. */
  public static final int DEFAULT_EPSILON = 16;

  /** Purify only images that are anomalous at the 5% level. */
  public static final double DEFAULT_ADAPTIVE_P_VALUE = 0.05;

  /** A threshold no p-value exceeds: every image is purified. */
  public static final double ADAPTIVE_OFF = 1.0;

  /** Default images per ONNX Runtime call. */
  public static final int DEFAULT_MAX_BATCH = 32;

  /** Validates the options. */
  public PurifyOptions {
    if (epsilon < 0 || epsilon > 255) {
      throw new IllegalArgumentException("epsilon must be in 0..255, got " + epsilon);
    }
    if (!(adaptivePValue >= 0 && adaptivePValue <= 1)) {
      throw new IllegalArgumentException(
          "adaptivePValue must be in [0, 1] (1: purify every image), got " + adaptivePValue);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
  }

  /**
   * Returns epsilon 16, the adaptive rule at p 0.05 and batches of {@value #DEFAULT_MAX_BATCH}.
   *
   * @return the defaults
   */
  public static PurifyOptions defaults() {
    return new PurifyOptions(DEFAULT_EPSILON, DEFAULT_ADAPTIVE_P_VALUE, DEFAULT_MAX_BATCH);
  }

  /**
   * Returns these options with another ball radius.
   *
   * @param newEpsilon 0..255
   * @return the new options
   */
  public PurifyOptions withEpsilon(int newEpsilon) {
    return new PurifyOptions(newEpsilon, adaptivePValue, maxBatch);
  }

  /**
   * Returns these options with another adaptive threshold.
   *
   * @param newAdaptivePValue in [0, 1]; {@link #ADAPTIVE_OFF} purifies every image
   * @return the new options
   */
  public PurifyOptions withAdaptivePValue(double newAdaptivePValue) {
    return new PurifyOptions(epsilon, newAdaptivePValue, maxBatch);
  }

  /**
   * Returns these options with another batch size.
   *
   * @param newMaxBatch at least 1
   * @return the new options
   */
  public PurifyOptions withMaxBatch(int newMaxBatch) {
    return new PurifyOptions(epsilon, adaptivePValue, newMaxBatch);
  }
}
