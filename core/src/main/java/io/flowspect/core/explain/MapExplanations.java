package io.flowspect.core.explain;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.report.Heatmap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns one per-pixel map into an {@link Explanation}: the hottest positions and core's {@link
 * Heatmap} (the image next to the map in inferno colours) as a PNG no larger than {@link
 * ExplainOptions#heatmapMaxBytes()}: redrawn at scale 1 when too large, left out when still too
 * large. Shared by the explainers; stateless.
 */
final class MapExplanations {

  private MapExplanations() {}

  /**
   * Explains an image by a map.
   *
   * @param method the map's name, e.g. {@code pixel_nll}
   * @param chw the image as the model saw it
   * @param spec the model input
   * @param map {@code height * width} values, row-major, nats
   * @param cell side of the square cells the map is constant on (1 for a per-pixel map); one entry
   *     per cell is listed, at its top-left pixel
   * @param options how many positions, and the heatmap's size
   * @return the explanation
   */
  static Explanation of(
      String method, byte[] chw, InputSpec spec, float[] map, int cell, ExplainOptions options) {
    int w = spec.width();
    return new Explanation(
        method,
        "nats",
        w,
        spec.height(),
        hottest(map, w, options.hotPixels(), cell),
        png(chw, spec, map, options));
  }

  /** The k largest finite values at cell-aligned positions, largest first; ties by position. */
  static List<HotPixel> hottest(float[] map, int width, int k, int cell) {
    List<HotPixel> out = new ArrayList<>(Math.min(k, map.length));
    boolean[] taken = new boolean[map.length];
    while (out.size() < k) {
      int best = -1;
      for (int i = 0; i < map.length; i++) {
        boolean aligned = (i % width) % cell == 0 && (i / width) % cell == 0;
        if (aligned && !taken[i] && Float.isFinite(map[i]) && (best < 0 || map[i] > map[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      taken[best] = true;
      out.add(new HotPixel(best % width, best / width, map[best]));
    }
    return out;
  }

  private static String png(byte[] chw, InputSpec spec, float[] map, ExplainOptions options) {
    if (!options.heatmap()) {
      return null;
    }
    for (int scale : new int[] {options.heatmapScale(), 1}) {
      byte[] png = Heatmap.of(chw, spec, map).scale(scale).png();
      if (png.length <= options.heatmapMaxBytes()) {
        return Base64.getEncoder().encodeToString(png);
      }
    }
    return null;
  }
}
