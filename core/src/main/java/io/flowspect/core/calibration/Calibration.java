package io.flowspect.core.calibration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.bundle.SidecarFiles;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.score.Score;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bundle's calibration, stored as {@value #FILE_NAME} in the bundle directory: what turns scores
 * into p-values and decisions.
 *
 * <p>Thresholds live here and never inside an ONNX graph, so an operator recalibrates or moves a
 * threshold without re-exporting the model. The file is not part of the bundle's checksums for the
 * same reason; it names the bundle id and version it was made for, and is refused for any other.
 *
 * @param formatVersion {@link #CURRENT_FORMAT}
 * @param bundleId id of the bundle it calibrates
 * @param bundleVersion version of that bundle
 * @param score the decision score, as {@link DecisionScore#parse} reads it
 * @param alpha the target false-positive rate the threshold was set for
 * @param threshold anomaly threshold on the decision score's anomaly value: an image is anomalous
 *     when its value is strictly above; +infinity when there were too few images for alpha
 * @param n number of normal images used
 * @param dataFingerprint {@link io.flowspect.core.data.DataFingerprint} of the normal images
 * @param createdAt ISO-8601 time of calibration
 * @param references anomaly scores of normal images per score id (for Fisher, of the first half)
 * @param decisionReference anomaly values of the decision score on normal images (for Fisher, the
 *     statistic on the second half); its p-values are the reported ones
 * @param labelled summary against labelled anomalies; null when none were given
 * @param maps per-pixel statistics of normal images' evidence maps and the local score's window;
 *     null when the calibration made no maps (then {@code local} is not available)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(
    int formatVersion,
    String bundleId,
    String bundleVersion,
    String score,
    double alpha,
    double threshold,
    long n,
    String dataFingerprint,
    String createdAt,
    Map<String, ConformalReference> references,
    ConformalReference decisionReference,
    LabelledSummary labelled,
    MapReference maps) {

  /** The format this code writes and reads. */
  public static final int CURRENT_FORMAT = 1;

  /** File name inside a bundle directory. */
  public static final String FILE_NAME = SidecarFiles.CALIBRATION;

  /** Validates the fields; copies the map. */
  public Calibration {
    SidecarFiles.requireFormat("calibration", formatVersion, CURRENT_FORMAT);
    DecisionScore decision = DecisionScore.parse(score);
    ConformalReference.requireAlpha("calibration", alpha);
    if (references == null || decisionReference == null) {
      throw new IllegalArgumentException("calibration references must not be null");
    }
    if (decision.components().contains(Score.LOCAL) && maps == null) {
      throw new IllegalArgumentException(
          "calibration with score local must hold map statistics (maps)");
    }
    for (Score s : decision.components()) {
      if (!references.containsKey(s.id())) {
        throw new IllegalArgumentException(
            "calibration has no reference for score " + s + ", has " + references.keySet());
      }
    }
    references = Collections.unmodifiableMap(new LinkedHashMap<>(references));
  }

  /**
   * Returns the parsed decision score.
   *
   * @return the decision score
   */
  public DecisionScore decision() {
    return DecisionScore.parse(score);
  }

  /**
   * Returns the conformal p-value of a single score's anomaly value.
   *
   * @param s the score
   * @param anomalyValue its value oriented by {@link Score#anomaly}
   * @return the p-value, or NaN when this calibration has no reference for the score
   */
  public double pValue(Score s, double anomalyValue) {
    ConformalReference ref = references.get(s.id());
    return ref == null ? Double.NaN : ref.pValue(anomalyValue);
  }

  /**
   * Returns a single score's p-value with an exponential tail beyond the largest normal score (see
   * {@link ConformalReference#tailPValue}); what Fisher's method combines.
   *
   * @param s the score
   * @param anomalyValue the image's anomaly value for {@code s}
   * @return the p-value, or NaN when the calibration has no reference for {@code s}
   */
  public double tailPValue(Score s, double anomalyValue) {
    ConformalReference ref = references.get(s.id());
    return ref == null ? Double.NaN : ref.tailPValue(anomalyValue);
  }

  /**
   * Returns a calibration image's own p-value for a single score, against the other calibration
   * images ({@link ConformalReference#leaveOneOutTailPValue}).
   *
   * @param s the score
   * @param anomalyValue the calibration image's anomaly value for {@code s}, one of the reference's
   * @return the p-value, or NaN when the calibration has no reference for {@code s}
   */
  public double leaveOneOutTailPValue(Score s, double anomalyValue) {
    ConformalReference ref = references.get(s.id());
    return ref == null ? Double.NaN : ref.leaveOneOutTailPValue(anomalyValue);
  }
}
