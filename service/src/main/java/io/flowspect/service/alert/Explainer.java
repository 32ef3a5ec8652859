package io.flowspect.service.alert;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.score.ScoreTable;

/**
 * Turns a model's output for one anomalous image into an {@link Explanation}: the extension point
 * for heatmaps.
 *
 * <p>{@link Explainers#forModel} picks one per model from what its graph outputs: today {@link
 * PixelNllExplainer} for autoregressive bundles (per-sub-pixel NLL), {@link #NONE} otherwise.
 * Another source of maps (per-tile scores of large images, latent-space maps of flows, gradient
 * saliency) is a new implementation plus a case in {@link Explainers#forModel}; the pipeline and
 * the alert record do not change.
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
}
