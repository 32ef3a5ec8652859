package io.flowspect.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.inspect.Judgement;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.service.routing.ModelRef;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/score}: the fields of a {@code flowspect.scores} record that make
 * sense for one request, plus the explanation that alerts carry (here for every image).
 *
 * @param model the bundle that scored the image
 * @param line the {@code line} query parameter; null when absent
 * @param judgement the decision score, threshold, p-value, verdict and every score (flat in JSON)
 * @param decision {@code anomaly}, {@code normal} or {@code unknown} (not calibrated)
 * @param location the hottest region of local evidence; null when the calibration has no map
 *     statistics
 * @param explanation hottest pixels and the base64 PNG heatmap, when the model gives a per-pixel
 *     map; {@code method: none} otherwise
 * @param latencyMs decode (and conversion to the model input) and scoring, milliseconds
 * @param reason {@code non_finite} when the model could not give a finite score; null otherwise
 */
public record ScoreResponse(
    ModelRef model,
    String line,
    @JsonUnwrapped Judgement judgement,
    String decision,
    Location location,
    Explanation explanation,
    Map<String, Double> latencyMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

  /**
   * Where an image's local evidence is strongest, in pixels of the model input.
   *
   * @param score the local score
   * @param x0 first column of the region
   * @param y0 first row
   * @param x1 one past the last column
   * @param y1 one past the last row
   * @param peakX column of the hottest window's centre
   * @param peakY row of the hottest window's centre
   * @param evidence what found the region: pixel, window, darker or brighter (see {@link
   *     LocalFinding#evidence()})
   */
  public record Location(
      double score, int x0, int y0, int x1, int y1, int peakX, int peakY, String evidence) {

    /**
     * Converts core's finding.
     *
     * @param f the finding; may be null
     * @return the location, or null
     */
    static Location of(LocalFinding f) {
      return f == null
          ? null
          : new Location(
              f.score(),
              f.box().x0(),
              f.box().y0(),
              f.box().x1(),
              f.box().y1(),
              f.peakX(),
              f.peakY(),
              f.evidence());
    }
  }
}
