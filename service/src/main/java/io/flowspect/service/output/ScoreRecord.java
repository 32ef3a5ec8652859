package io.flowspect.service.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flowspect.core.inspect.Judgement;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.routing.ModelRef;

/**
 * The value of a {@code flowspect.scores} record: one per scored image.
 *
 * @param imageId the input's {@code image-id}
 * @param line the input's key
 * @param model the bundle that scored it
 * @param judgement the decision score, threshold, p-value, verdict and every score (flat in JSON)
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
    @JsonUnwrapped Judgement judgement,
    String capturedAt,
    String scoredAt,
    SourceRef source,
    int batchSize,
    Latencies latencyMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {}
