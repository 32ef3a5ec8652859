package io.flowspect.service.alert;

import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Scorer;

/** Chooses the {@link Explainer} a model supports. */
public final class Explainers {

  private Explainers() {}

  /**
   * Returns the explainer for a model's outputs.
   *
   * @param scorer the model
   * @param options what to attach
   * @return {@link PixelNllExplainer} when the graph outputs {@code pixel_nll}, {@link
   *     FlowEnergyExplainer} for a multi-scale flow with a {@code z} output, else {@link
   *     Explainer#NONE}
   */
  public static Explainer forModel(Scorer scorer, ExplainOptions options) {
    if (scorer.hasPixelNll()) {
      return new PixelNllExplainer(options);
    }
    if (scorer.supportsMap(MapKind.FLOW_ENERGY)) {
      return new FlowEnergyExplainer(scorer, options);
    }
    return Explainer.NONE;
  }
}
