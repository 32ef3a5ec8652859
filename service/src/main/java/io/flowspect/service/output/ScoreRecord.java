package io.flowspect.service.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.routing.ModelRef;
import java.util.Map;

/**
 * The value of a {@code flowspect.scores} record: one per scored image.
 *
 * @param imageId the input's {@code image-id}
 * @param line the input's key
 * @param model the bundle that scored it
 * @param scoreName the decision score, e.g. {@code complexity}
 * @param score its value, oriented so that higher is more anomalous
 * @param threshold the calibrated threshold on {@code score}; null when not calibrated
 * @param pValue conformal p-value; null when not calibrated
 * @param anomaly true when {@code score > threshold}; null when not calibrated
 * @param scores every score as defined in docs/cli.md (log_px, bpd, complexity...)
 * @param pValues p-value of each single score the calibration covers
 * @param capturedAt the input's {@code captured-at} as ISO-8601; null when absent
 * @param scoredAt when this record was produced, ISO-8601
 * @param source where the input sits in the log
 * @param batchSize images scored together with this one by the same model
 * @param latencyMs where the time went
 * @param reason {@code non_finite} when the model could not give a finite score for the image (its
 *     scores then stand at the anomalous end of the doubles and it is anomalous at the minimum
 *     p-value); null otherwise
 */
public record ScoreRecord(
    String imageId,
    String line,
    ModelRef model,
    String scoreName,
    Double score,
    Double threshold,
    Double pValue,
    Boolean anomaly,
    Map<String, Double> scores,
    Map<String, Double> pValues,
    String capturedAt,
    String scoredAt,
    SourceRef source,
    int batchSize,
    Latencies latencyMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {}
