package io.flowspect.service.alert;

import io.flowspect.core.score.Scorer;

/** Chooses the {@link Explainer} a model supports. */
public final class Explainers {

  private Explainers() {}

  /**
   * Returns the explainer for a model's outputs.
   *
   * @param scorer the model
   * @param options what to attach
   * @return {@link PixelNllExplainer} when the graph outputs {@code pixel_nll}, else {@link
   *     Explainer#NONE}
   */
  public static Explainer forModel(Scorer scorer, ExplainOptions options) {
    return scorer.hasPixelNll() ? new PixelNllExplainer(options) : Explainer.NONE;
  }
}
