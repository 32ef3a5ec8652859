package io.flowspect.core.image;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an image whose size differs from the model input is brought to that size. Recorded in the
 * bundle manifest so that scoring reproduces training exactly.
 */
public enum ResizeMode {
  /**
   * Bilinear resize to the exact target width and height; the aspect ratio may change. When
   * shrinking, the bilinear (triangle) filter widens with the scale factor so that every source
   * pixel contributes (no aliasing).
   */
  @JsonProperty("resize")
  RESIZE,
  /**
   * Scale (bilinearly) so that the image just covers the target, i.e. the shorter side (relative to
   * the target's aspect ratio) matches, then keep the centre; the aspect ratio is preserved.
   */
  @JsonProperty("center_crop")
  CENTER_CROP
}
