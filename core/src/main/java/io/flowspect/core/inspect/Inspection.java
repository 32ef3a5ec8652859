package io.flowspect.core.inspect;

import io.flowspect.core.detect.Verdict;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.local.DefectRegion;
import java.util.List;

/** What became of one {@link Subject}: judged, or refused with a reason. */
public sealed interface Inspection permits Inspection.Judged, Inspection.Refused {

  /**
   * A judged image.
   *
   * @param verdict the detector's verdict: every score, the decision and where it looked
   * @param judgement the verdict as outputs state it (non-finite numbers as null)
   * @param explanation its map's explanation; {@link Explanation#NONE} when not explained
   * @param batchSize images in the model call that scored it
   * @param prepareNanos time to convert it to the model input, in nanoseconds
   * @param inferenceNanos time of the model call that scored it (its whole batch), in nanoseconds
   * @param regions a whole frame's defect regions, strongest first; empty for an image the model
   *     takes whole
   * @param map the image's evidence map of the decision's map kind, row-major at the model input's
   *     size; null when the decision reads no map
   */
  record Judged(
      Verdict verdict,
      Judgement judgement,
      Explanation explanation,
      int batchSize,
      long prepareNanos,
      long inferenceNanos,
      List<DefectRegion> regions,
      float[] map)
      implements Inspection {

    /** Copies the list. */
    public Judged {
      regions = List.copyOf(regions);
    }

    /**
     * Returns whether the decision flags the image.
     *
     * @return true when calibrated and anomalous
     */
    public boolean anomalous() {
      return Boolean.TRUE.equals(verdict.anomaly());
    }
  }

  /**
   * An image that was not judged.
   *
   * @param refusal why
   * @param message what was wrong, naming the model and the limit or the known values
   */
  record Refused(Refusal refusal, String message) implements Inspection {}
}
