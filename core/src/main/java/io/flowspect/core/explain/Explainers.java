package io.flowspect.core.explain;

import io.flowspect.core.detect.Detector;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Scorer;

/**
 * Chooses the {@link Explainer} of a model: the map its decision was calibrated on, else the best
 * one its outputs give.
 */
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

  /**
   * Returns the explainer of a detector: the evidence map its calibration's local score reads
   * ({@link Detector#mapKind}), so that an alert's heatmap and hottest pixels are the evidence its
   * decision was calibrated on; without such a map, {@link #forModel}.
   *
   * @param detector the model and its calibration
   * @param options what to attach
   * @return the explainer
   */
  public static Explainer forDetector(Detector detector, ExplainOptions options) {
    MapKind kind = detector.mapKind();
    if (kind == null) {
      return forModel(detector.scorer(), options);
    }
    return kind == MapKind.FLOW_ENERGY
        ? new FlowEnergyExplainer(detector.scorer(), options)
        : new EvidenceMapExplainer(detector.scorer(), kind, options);
  }
}
