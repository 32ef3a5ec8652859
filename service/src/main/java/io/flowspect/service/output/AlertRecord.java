package io.flowspect.service.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.inspect.Judgement;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.routing.ModelRef;

/**
 * The value of a {@code flowspect.alerts} record: one per image whose decision is anomalous, with
 * the same identity and decision fields as its {@link ScoreRecord}.
 *
 * @param imageId the input's {@code image-id}
 * @param line the input's key
 * @param model the bundle that scored it
 * @param judgement the decision fields of its score record (flat in JSON)
 * @param capturedAt the input's {@code captured-at}; null when absent
 * @param alertedAt when this record was produced
 * @param source where the input sits in the log
 * @param explanation where in the image the model sees the anomaly, as far as it can say
 * @param reason {@code non_finite} when the model could not give a finite score; null otherwise
 */
public record AlertRecord(
    String imageId,
    String line,
    ModelRef model,
    @JsonUnwrapped Judgement judgement,
    String capturedAt,
    String alertedAt,
    SourceRef source,
    Explanation explanation,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

  /**
   * The alert of an anomalous image: its score record's identity and decision fields, produced at
   * the same instant, with the explanation.
   *
   * @param score the image's score record
   * @param explanation where the model sees the anomaly
   * @return the alert
   */
  public static AlertRecord of(ScoreRecord score, Explanation explanation) {
    return new AlertRecord(
        score.imageId(),
        score.line(),
        score.model(),
        score.judgement(),
        score.capturedAt(),
        score.scoredAt(),
        score.source(),
        explanation,
        score.reason());
  }
}
