package io.flowspect.core.score;

import io.flowspect.core.image.InputSpec;

/**
 * A general-purpose lossless image compressor, used only for its output length: L(x), the
 * complexity estimate in {@link Score#COMPLEXITY}.
 *
 * <p>Implementations must be deterministic (the same image always has the same length, on every
 * machine) and thread-safe.
 */
public interface LosslessCompressor {

  /**
   * Returns the compressor's name as recorded in manifests and reports.
   *
   * @return e.g. "png"
   */
  String name();

  /**
   * Returns the compressed length of one image.
   *
   * @param chw the image's unsigned 8-bit samples in CHW order, {@code spec.dims()} long
   * @param spec channels, height and width of {@code chw}
   * @return the length in bits (a whole number of bytes times 8)
   */
  long bits(byte[] chw, InputSpec spec);
}
