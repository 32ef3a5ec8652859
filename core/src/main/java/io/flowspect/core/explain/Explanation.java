package io.flowspect.core.explain;

import java.util.List;

/**
 * Where in an image its model sees the anomaly, as far as the model can say.
 *
 * @param method how the map was made, e.g. {@code pixel_nll}; {@code none} when the model gives no
 *     spatial information
 * @param unit unit of the values, e.g. {@code nats}; null for {@code none}
 * @param width columns of the map (the model input's width); 0 for {@code none}
 * @param height rows of the map; 0 for {@code none}
 * @param hottest the highest values, hottest first
 * @param heatmapPng base64 PNG of the model input next to its heatmap; null when not drawn
 */
public record Explanation(
    String method, String unit, int width, int height, List<HotPixel> hottest, String heatmapPng) {

  /** An explanation that says nothing. */
  public static final Explanation NONE = new Explanation("none", null, 0, 0, List.of(), null);

  /** Copies the list. */
  public Explanation {
    hottest = List.copyOf(hottest);
  }
}
