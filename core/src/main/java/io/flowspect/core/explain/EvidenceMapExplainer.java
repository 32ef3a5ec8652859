package io.flowspect.core.explain;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains an image by one kind of core's evidence maps ({@link MapKind}), in nats per pixel: the
 * map the detector's local score reads, so that an alert's heatmap shows the evidence its decision
 * was calibrated on.
 *
 * <p>When the batch was scored with maps of this kind (the decision reads them), the table's maps
 * are used as they are; otherwise the flagged images of a batch get their maps from one more model
 * pass ({@link #explainAll}), so images that raise no alert cost nothing. A map built from a flow's
 * latent is constant on the finest latent cells, so the hottest list names cells, at their top-left
 * pixel. Thread-safe.
 */
public final class EvidenceMapExplainer implements Explainer {

  private final Scorer scorer;
  private final MapKind kind;
  private final ExplainOptions options;
  private final int cell;

  /**
   * Creates an explainer.
   *
   * @param scorer a scorer that {@link Scorer#supportsMap supports} {@code kind}
   * @param kind the map to draw
   * @param options how many positions, and the heatmap's size
   * @throws IllegalArgumentException if the scorer cannot give the map
   */
  public EvidenceMapExplainer(Scorer scorer, MapKind kind, ExplainOptions options) {
    if (!scorer.supportsMap(kind)) {
      throw new IllegalArgumentException(
          "bundle " + scorer.bundle().manifest().id() + " cannot give the map " + kind);
    }
    this.scorer = scorer;
    this.kind = kind;
    this.options = options;
    this.cell =
        kind.fromLatent()
            ? scorer.latentLayout().map(FlowLatentLayout::levels).orElseThrow().get(0).cell()
            : 1;
  }

  /**
   * Returns the map it draws.
   *
   * @return the kind, also the {@code method} of its explanations
   */
  public MapKind kind() {
    return kind;
  }

  @Override
  public Explanation explain(byte[] chw, InputSpec spec, ScoreTable table, int row) {
    return explainAll(List.of(chw), spec, table, new int[] {row}).get(0);
  }

  @Override
  public List<Explanation> explainAll(
      List<byte[]> chws, InputSpec spec, ScoreTable table, int[] rows) {
    if (chws.size() != rows.length) {
      throw new IllegalArgumentException(
          chws.size() + " images but " + rows.length + " rows to explain");
    }
    float[][] maps = new float[rows.length][];
    if (table.maps() != null && table.maps().kind() == kind) {
      for (int i = 0; i < rows.length; i++) {
        maps[i] = table.maps().values()[rows[i]];
      }
    } else if (rows.length > 0) {
      EvidenceMaps computed = scorer.maps(chws, kind);
      maps = computed.values();
    }
    List<Explanation> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      out.add(MapExplanations.of(kind.id(), chws.get(i), spec, maps[i], cell, options));
    }
    return out;
  }
}
