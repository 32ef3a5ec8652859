package io.flowspect.core.explain;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.report.Heatmap;
import io.flowspect.core.score.ScoreTable;

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

  /** The {@code method} of its explanations. */
  public static final String METHOD = "pixel_nll";

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
    float[] map =
        Heatmap.sumChannels(table.pixelNll()[row], spec.channels(), spec.height(), spec.width());
    return MapExplanations.of(METHOD, chw, spec, map, 1, options);
  }
}
