package io.flowspect.core.explain;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.score.ScoreTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a model's output for one anomalous image into an {@link Explanation}: the extension point
 * for heatmaps.
 *
 * <p>{@link Explainers#forDetector} picks one per model: {@link EvidenceMapExplainer} with the map
 * its calibration's local score reads, else, from what its graph outputs, {@link PixelNllExplainer}
 * for autoregressive bundles (per-sub-pixel NLL), {@link FlowEnergyExplainer} for multi-scale flows
 * (latent energy at every scale), {@link #NONE} otherwise. Another source of maps (per-tile scores
 * of large images, gradient saliency) is a new implementation plus a case in {@link Explainers};
 * the pipeline and the alert record do not change.
 *
 * <p>Implementations must be thread-safe and must not throw for a well-formed batch.
 */
@FunctionalInterface
public interface Explainer {

  /** Explains nothing: for models without any per-pixel output. */
  Explainer NONE = (chw, spec, table, row) -> Explanation.NONE;

  /**
   * Explains one image of a scored batch.
   *
   * @param chw the image as the model saw it (CHW bytes in {@code spec})
   * @param spec the model's input contract
   * @param table the batch's scores, including per-pixel maps when the model gives them
   * @param row the image's row in {@code table}
   * @return the explanation
   */
  Explanation explain(byte[] chw, InputSpec spec, ScoreTable table, int row);

  /**
   * Explains several images of a scored batch, for explainers that need another model pass and make
   * it once for all of them; by default one {@link #explain} call each.
   *
   * @param chws the images, as the model saw them, one per entry of {@code rows}
   * @param spec the model's input contract
   * @param table the batch's scores
   * @param rows each image's row in {@code table}
   * @return one explanation per image, in order
   */
  default List<Explanation> explainAll(
      List<byte[]> chws, InputSpec spec, ScoreTable table, int[] rows) {
    if (chws.size() != rows.length) {
      throw new IllegalArgumentException(
          chws.size() + " images but " + rows.length + " rows to explain");
    }
    List<Explanation> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      out.add(explain(chws.get(i), spec, table, rows[i]));
    }
    return out;
  }
}
