package io.flowspect.core.explain;

/**
 * How much an {@link Explainer} attaches to an alert.
 *
 * @param hotPixels hottest pixels to list, at least 0
 * @param heatmap whether to draw a heatmap PNG
 * @param heatmapScale upscaling of the PNG, 1..64
 * @param heatmapMaxBytes largest PNG in bytes, at least 1
 */
public record ExplainOptions(
    int hotPixels, boolean heatmap, int heatmapScale, int heatmapMaxBytes) {

  /** Validates the ranges. */
  public ExplainOptions {
    if (hotPixels < 0) {
      throw new IllegalArgumentException("hotPixels must be at least 0, got " + hotPixels);
    }
    if (heatmapScale < 1 || heatmapScale > 64) {
      throw new IllegalArgumentException("heatmapScale must be in 1..64, got " + heatmapScale);
    }
    if (heatmapMaxBytes < 1) {
      throw new IllegalArgumentException(
          "heatmapMaxBytes must be at least 1, got " + heatmapMaxBytes);
    }
  }

  /**
   * Returns the defaults of the service's {@code flowspect.alerts} settings.
   *
   * @return 10 hot pixels, a heatmap at scale 4 of at most 64 KiB
   */
  public static ExplainOptions defaults() {
    return new ExplainOptions(10, true, 4, 65536);
  }
}
