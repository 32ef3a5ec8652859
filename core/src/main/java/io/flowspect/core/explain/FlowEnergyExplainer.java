package io.flowspect.core.explain;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.util.List;

/**
 * Explains an image by a multi-scale flow's latent energy ({@link MapKind#FLOW_ENERGY}): every
 * latent value's {@code 0.5 * eps^2} nats, at every scale of the flow, spread over the pixels its
 * cell covers (see {@link FlowLatentLayout}). The map is constant on the finest cells (2 x 2
 * pixels), so the hottest list names cells, at their top-left pixel, with the map's value there
 * (nats per pixel). The work is {@link EvidenceMapExplainer}'s with that kind.
 *
 * <p>Batches are scored without maps unless the calibration's local score needs them; then the
 * table's maps are used as they are. Otherwise the flagged images of a batch get their maps from
 * one more pass of the density graph, reading its {@code z} output ({@link #explainAll}), so images
 * that raise no alert cost nothing. Thread-safe.
 */
public final class FlowEnergyExplainer implements Explainer {

  /** The {@code method} of its explanations. */
  public static final String METHOD = MapKind.FLOW_ENERGY.id();

  private final EvidenceMapExplainer maps;

  /**
   * Creates an explainer.
   *
   * @param scorer a scorer that {@link Scorer#supportsMap supports} {@link MapKind#FLOW_ENERGY}
   * @param options how many cells, and the heatmap's size
   */
  public FlowEnergyExplainer(Scorer scorer, ExplainOptions options) {
    if (scorer.latentLayout().isEmpty()) {
      throw new IllegalArgumentException(
          "bundle " + scorer.bundle().manifest().id() + " has no flow latent layout");
    }
    this.maps = new EvidenceMapExplainer(scorer, MapKind.FLOW_ENERGY, options);
  }

  @Override
  public Explanation explain(byte[] chw, InputSpec spec, ScoreTable table, int row) {
    return maps.explain(chw, spec, table, row);
  }

  @Override
  public List<Explanation> explainAll(
      List<byte[]> chws, InputSpec spec, ScoreTable table, int[] rows) {
    return maps.explainAll(chws, spec, table, rows);
  }
}
