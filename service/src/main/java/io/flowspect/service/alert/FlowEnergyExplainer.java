package io.flowspect.service.alert;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains an image by a multi-scale flow's latent energy ({@link MapKind#FLOW_ENERGY}): every
 * latent value's {@code 0.5 * eps^2} nats, at every scale of the flow, spread over the pixels its
 * cell covers (see {@link FlowLatentLayout}). The map is constant on the finest cells (2 x 2
 * pixels), so the hottest list names cells, at their top-left pixel, with the map's value there
 * (nats per pixel).
 *
 * <p>Batches are scored without maps unless the calibration's local score needs them; then the
 * table's maps are used as they are. Otherwise the flagged images of a batch get their maps from
 * one more pass of the density graph, reading its {@code z} output ({@link #explainAll}), so images
 * that raise no alert cost nothing. Thread-safe.
 */
public final class FlowEnergyExplainer implements Explainer {

  /** The {@code method} of its explanations. */
  public static final String METHOD = MapKind.FLOW_ENERGY.id();

  private final Scorer scorer;
  private final ExplainOptions options;
  private final int cell;

  /**
   * Creates an explainer.
   *
   * @param scorer a scorer that {@link Scorer#supportsMap supports} {@link MapKind#FLOW_ENERGY}
   * @param options how many cells, and the heatmap's size
   */
  public FlowEnergyExplainer(Scorer scorer, ExplainOptions options) {
    FlowLatentLayout layout =
        scorer
            .latentLayout()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "bundle "
                            + scorer.bundle().manifest().id()
                            + " has no flow latent layout"));
    this.scorer = scorer;
    this.options = options;
    this.cell = layout.levels().get(0).cell();
  }

  @Override
  public Explanation explain(byte[] chw, InputSpec spec, ScoreTable table, int row) {
    return explainAll(List.of(chw), spec, table, new int[] {row}).get(0);
  }

  @Override
  public List<Explanation> explainAll(
      List<byte[]> chws, InputSpec spec, ScoreTable table, int[] rows) {
    float[][] maps = new float[rows.length][];
    if (table.maps() != null && table.maps().kind() == MapKind.FLOW_ENERGY) {
      for (int i = 0; i < rows.length; i++) {
        maps[i] = table.maps().values()[rows[i]];
      }
    } else if (rows.length > 0) {
      EvidenceMaps computed = scorer.maps(chws, MapKind.FLOW_ENERGY);
      maps = computed.values();
    }
    List<Explanation> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      out.add(MapExplanations.of(METHOD, chws.get(i), spec, maps[i], cell, options));
    }
    return out;
  }
}
