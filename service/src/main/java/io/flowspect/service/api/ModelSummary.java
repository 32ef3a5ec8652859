package io.flowspect.service.api;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelEntry;
import java.util.List;

/**
 * A loaded model in {@code GET /api/v1/models}.
 *
 * @param id the model's id in the API ({@code /api/v1/models/{id}}): the manifest id, or {@code
 *     id@version} when two loaded bundles share an id
 * @param bundleId the manifest id
 * @param version the manifest version
 * @param family the model family
 * @param dir the bundle folder
 * @param lines the lines configured for it
 * @param defaultModel whether it also scores every line without a bundle of its own
 * @param decisionScore the decision score, e.g. {@code complexity}
 * @param threshold the threshold on the decision score; null when not calibrated
 * @param alpha the false-positive rate the threshold is set for; null when not calibrated
 * @param calibration where the threshold comes from: {@code file} (calibration.json), {@code api}
 *     (set through {@code PUT .../threshold} and not written), or {@code none}
 * @param loadedAt when the bundle was opened from disk
 */
public record ModelSummary(
    String id,
    String bundleId,
    String version,
    String family,
    String dir,
    List<String> lines,
    boolean defaultModel,
    String decisionScore,
    Double threshold,
    Double alpha,
    String calibration,
    String loadedAt) {

  /**
   * Describes a catalogue entry.
   *
   * @param e the entry
   * @return the summary
   */
  static ModelSummary of(ModelEntry e) {
    LoadedModel m = e.model();
    Calibration c = m.detector().calibration().orElse(null);
    return new ModelSummary(
        e.key(),
        m.ref().id(),
        m.ref().version(),
        m.ref().family(),
        m.dir().toString(),
        e.lines(),
        e.isDefault(),
        m.detector().decision().id(),
        c == null ? null : OutputJson.finite(c.threshold()),
        c == null ? null : c.alpha(),
        m.calibrationSource().name().toLowerCase(java.util.Locale.ROOT),
        m.loadedAt().toString());
  }
}
