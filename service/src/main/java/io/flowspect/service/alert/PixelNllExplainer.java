package io.flowspect.service.alert;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.report.Heatmap;
import io.flowspect.core.score.ScoreTable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Explains an image by its per-pixel negative log-likelihood, the {@code pixel_nll} output of
 * autoregressive bundles: a pixel's NLL summed over its channels is how surprising its colour is
 * given the pixels before it, in nats.
 *
 * <p>Lists the hottest pixels and draws core's {@link Heatmap} (the image next to the map in
 * inferno colours) as a PNG no larger than {@link ExplainOptions#heatmapMaxBytes()}: redrawn at
 * scale 1 when too large, left out when still too large.
 */
public final class PixelNllExplainer implements Explainer {

  private final ExplainOptions options;

  /**
   * Creates an explainer.
   *
   * @param options how many pixels, and the heatmap's size
   */
  public PixelNllExplainer(ExplainOptions options) {
    this.options = options;
  }

  @Override
  public Explanation explain(byte[] chw, InputSpec spec, ScoreTable table, int row) {
    if (table.pixelNll() == null) {
      return Explanation.NONE;
    }
    int w = spec.width();
    int h = spec.height();
    float[] map = Heatmap.sumChannels(table.pixelNll()[row], spec.channels(), h, w);
    return new Explanation(
        "pixel_nll", "nats", w, h, hottest(map, w, options.hotPixels()), png(chw, spec, map));
  }

  /** The k largest finite values, largest first; ties by position. */
  static List<HotPixel> hottest(float[] map, int width, int k) {
    int n = Math.min(k, map.length);
    List<HotPixel> out = new ArrayList<>(n);
    boolean[] taken = new boolean[map.length];
    for (int j = 0; j < n; j++) {
      int best = -1;
      for (int i = 0; i < map.length; i++) {
        if (!taken[i] && Float.isFinite(map[i]) && (best < 0 || map[i] > map[best])) {
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

  private String png(byte[] chw, InputSpec spec, float[] map) {
    if (!options.heatmap()) {
      return null;
    }
    for (int scale : new int[] {options.heatmapScale(), 1}) {
      byte[] png =
          Heatmap.of(
                  chw,
                  spec.channels(),
                  spec.height(),
                  spec.width(),
                  map,
                  spec.height(),
                  spec.width())
              .scale(scale)
              .png();
      if (png.length <= options.heatmapMaxBytes()) {
        return Base64.getEncoder().encodeToString(png);
      }
    }
    return null;
  }
}
