package io.flowspect.core.detect;

import io.flowspect.core.local.LocalFinding;
import java.util.Map;

/**
 * The decision about one image.
 *
 * @param score the decision score's id, e.g. "complexity" or "fisher:complexity+llr"
 * @param value its anomaly value (higher = more anomalous)
 * @param pValue conformal p-value of the value against normal calibration images; NaN when the
 *     bundle is not calibrated
 * @param anomaly true when the value is above the calibrated threshold; null when not calibrated
 * @param scores every computed score as reported (see {@link io.flowspect.core.score.Score})
 * @param pValues conformal p-value of each single score that the calibration covers
 * @param location where the image's local evidence is strongest (its p-value is {@code
 *     pValues.get("local")}); null when the calibration has no map statistics
 * @param reason {@link io.flowspect.core.score.NonFinite#REASON} when the model could not give a
 *     finite score for the image (it is then anomalous, at the minimum p-value); null otherwise
 */
public record Verdict(
    String score,
    double value,
    double pValue,
    Boolean anomaly,
    Map<String, Double> scores,
    Map<String, Double> pValues,
    LocalFinding location,
    String reason) {}
