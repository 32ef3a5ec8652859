package io.flowspect.core.eval;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.defect.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Defective images with their pixel-level truth: what localisation is measured against.
 *
 * @param images the defective images, in the model input
 * @param changed per image, the pixels the defect changed (row-major over the model input)
 * @param touched per image, the pixels inside the defect's outline, changed or not
 * @param severities per image, how large its defect is; null when unknown (outlined real defects)
 */
public record DefectSet(
    List<ImageRecord> images, boolean[][] changed, boolean[][] touched, Severity[] severities) {

  /** Checks that every image has its masks. */
  public DefectSet {
    if (changed.length != images.size()
        || touched.length != images.size()
        || (severities != null && severities.length != images.size())) {
      throw new IllegalArgumentException(
          images.size() + " images need as many masks and severities");
    }
  }

  /**
   * Returns the rows of each severity, in severity order.
   *
   * @return e.g. "subtle" to its rows; empty when severities are unknown
   */
  public Map<String, int[]> bySeverity() {
    Map<String, int[]> groups = new LinkedHashMap<>();
    if (severities == null) {
      return groups;
    }
    for (Severity s : Severity.values()) {
      groups.put(
          s.name().toLowerCase(Locale.ROOT),
          IntStream.range(0, severities.length).filter(i -> severities[i] == s).toArray());
    }
    return groups;
  }
}
