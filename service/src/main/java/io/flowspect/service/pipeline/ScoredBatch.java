package io.flowspect.service.pipeline;

import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.output.ScoreRecord;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The outputs of one batch, in input order, ready to produce; and what they say, for the {@link
 * PipelineObserver}s that count committed work (metrics, the recent-alerts buffer).
 *
 * @param outputs score, alert and dead-letter records
 * @param scores the score records' values, in input order
 * @param alerts the alert records' values, in input order
 * @param deadLetters the reason of each refused input, in input order
 * @param calls the model calls that scored the batch
 */
public record ScoredBatch(
    List<ProducerRecord<byte[], byte[]>> outputs,
    List<ScoreRecord> scores,
    List<AlertRecord> alerts,
    List<DlqReason> deadLetters,
    List<ModelCall> calls) {

  /** Copies the lists. */
  public ScoredBatch {
    outputs = List.copyOf(outputs);
    scores = List.copyOf(scores);
    alerts = List.copyOf(alerts);
    deadLetters = List.copyOf(deadLetters);
    calls = List.copyOf(calls);
  }

  /**
   * Returns the number of images scored.
   *
   * @return {@code scores().size()}
   */
  public int scored() {
    return scores.size();
  }
}
