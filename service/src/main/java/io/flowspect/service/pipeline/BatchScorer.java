package io.flowspect.service.pipeline;

import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.inspect.ExplainWhen;
import io.flowspect.core.inspect.InferenceCall;
import io.flowspect.core.inspect.InspectedBatch;
import io.flowspect.core.inspect.Inspection;
import io.flowspect.core.inspect.Inspector;
import io.flowspect.core.inspect.Refusal;
import io.flowspect.core.inspect.Subject;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.ingest.InboundImage;
import io.flowspect.service.ingest.Intake;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.Latencies;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The transform step of the pipeline: a batch of input records in, the records to produce out. No
 * Kafka I/O here, so the loop decides alone how outputs and offsets are committed.
 *
 * <p>Per batch: every record is decoded ({@link ImageIntake}) and routed to its line's model
 * through one {@link ModelRouter.Lease}, so that a model swapped in by a reload or a threshold
 * change applies from a batch boundary on; images are grouped by model and each group is inspected
 * by core's {@link Inspector} (the scoring use case REST and the CLI share: one detector call per
 * group, explanations of the anomalous images from the decision's map, images that fail alone
 * refused alone). Every input yields either a score record (plus an alert record when its decision
 * is anomalous) or a dead-letter record with its reason; outputs keep the input order: bad input
 * never stops the loop. Not thread-safe: one pipeline thread uses it.
 */
public final class BatchScorer {

  private static final byte[] JSON = "application/json".getBytes(StandardCharsets.UTF_8);

  private final Topics topics;
  private final ImageIntake intake;
  private final ModelRouter router;
  private final ExplainOptions explain;
  private final int dlqMaxValueBytes;
  private final Clock clock;

  /**
   * Creates the transform.
   *
   * @param topics output topics
   * @param intake the decoder with its limits
   * @param router the models
   * @param explain what alerts attach
   * @param dlqMaxValueBytes largest value copied to the dead-letter topic
   * @param clock the clock of {@code scored_at} and end-to-end latencies
   */
  public BatchScorer(
      Topics topics,
      ImageIntake intake,
      ModelRouter router,
      ExplainOptions explain,
      int dlqMaxValueBytes,
      Clock clock) {
    this.topics = topics;
    this.intake = intake;
    this.router = router;
    this.explain = explain;
    this.dlqMaxValueBytes = dlqMaxValueBytes;
    this.clock = clock;
  }

  /** One input on its way through the batch. */
  private static final class Item {
    final ConsumerRecord<byte[], byte[]> record;
    final InboundImage meta;
    Intake.Refused refused;
    long decodeNanos;
    final List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(2);
    ScoreRecord score;
    AlertRecord alert;

    Item(ConsumerRecord<byte[], byte[]> record, InboundImage meta) {
      this.record = record;
      this.meta = meta;
    }
  }

  /**
   * Scores a batch.
   *
   * @param batch input records, in consumption order
   * @param polledAtNanos {@link System#nanoTime()} when the batch's first record was polled
   * @return the outputs in input order, with counts
   */
  public ScoredBatch score(List<ConsumerRecord<byte[], byte[]>> batch, long polledAtNanos) {
    try (ModelRouter.Lease lease = router.lease()) {
      return score(batch, polledAtNanos, lease);
    }
  }

  private ScoredBatch score(
      List<ConsumerRecord<byte[], byte[]>> batch, long polledAtNanos, ModelRouter.Lease lease) {
    List<Item> items = new ArrayList<>(batch.size());
    Map<LoadedModel, List<Item>> groups = new LinkedHashMap<>();
    Map<LoadedModel, List<Subject>> subjects = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      Intake in = intake.read(r);
      Item item = new Item(r, in.meta());
      items.add(item);
      if (in instanceof Intake.Refused refused) {
        item.refused = refused;
        continue;
      }
      Intake.Accepted accepted = (Intake.Accepted) in;
      Optional<LoadedModel> model = lease.route(in.meta().line());
      if (model.isEmpty()) {
        item.refused =
            new Intake.Refused(
                in.meta(),
                DlqReason.NO_MODEL,
                in.meta().imageId()
                    + ": no bundle for line '"
                    + in.meta().line()
                    + "' and no flowspect.models.default");
        continue;
      }
      item.decodeNanos = accepted.decodeNanos();
      groups.computeIfAbsent(model.get(), m -> new ArrayList<>()).add(item);
      subjects.computeIfAbsent(model.get(), m -> new ArrayList<>()).add(accepted.subject());
    }
    List<ModelCall> calls = new ArrayList<>(groups.size());
    for (Map.Entry<LoadedModel, List<Item>> group : groups.entrySet()) {
      LoadedModel model = group.getKey();
      InspectedBatch inspected =
          Inspector.of(model.detector())
              .explaining(ExplainWhen.ANOMALOUS, explain)
              .withConditionHint(" in the '" + ImageHeaders.CONDITION + "' header")
              .inspect(subjects.get(model));
      for (InferenceCall call : inspected.calls()) {
        calls.add(new ModelCall(model.ref(), call.images(), call.nanos()));
      }
      for (int i = 0; i < group.getValue().size(); i++) {
        Item item = group.getValue().get(i);
        Inspection inspection = inspected.inspections().get(i);
        if (inspection instanceof Inspection.Judged judged) {
          emit(model, item, judged, polledAtNanos);
        } else {
          Inspection.Refused refused = (Inspection.Refused) inspection;
          item.refused =
              new Intake.Refused(
                  item.meta,
                  reason(refused.refusal()),
                  item.meta.imageId() + ": " + refused.message());
        }
      }
    }
    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(batch.size() + 8);
    List<ScoreRecord> scores = new ArrayList<>(batch.size());
    List<AlertRecord> alerts = new ArrayList<>();
    List<DlqReason> dead = new ArrayList<>();
    Instant now = clock.instant();
    for (Item item : items) {
      if (item.refused != null) {
        dead.add(item.refused.reason());
        outputs.add(DeadLetters.of(item.record, item.refused, topics.dlq(), dlqMaxValueBytes, now));
      } else {
        outputs.addAll(item.outputs);
        scores.add(item.score);
        if (item.alert != null) {
          alerts.add(item.alert);
        }
      }
    }
    return new ScoredBatch(outputs, scores, alerts, dead, calls);
  }

  /** The dead-letter reason of an image the inspection refused. */
  private static DlqReason reason(Refusal refusal) {
    return switch (refusal) {
      case NOT_CONVERTIBLE, SCORING_FAILED -> DlqReason.SCORING_FAILED;
      case NO_CONDITION -> DlqReason.NO_CONDITION;
      case UNKNOWN_CONDITION -> DlqReason.UNKNOWN_CONDITION;
    };
  }

  /** Adds the score record, and the alert record when anomalous. */
  private void emit(LoadedModel model, Item item, Inspection.Judged judged, long polledAtNanos) {
    InboundImage meta = item.meta;
    Instant now = clock.instant();
    String capturedAt = meta.capturedAt() == null ? null : meta.capturedAt().toString();
    Latencies latencies =
        new Latencies(
            millis(item.decodeNanos + judged.prepareNanos()),
            millis(judged.inferenceNanos()),
            millis(System.nanoTime() - polledAtNanos),
            Duration.between(meta.origin(), now).toNanos() / 1e6);
    String reason = judged.verdict().reason();
    ScoreRecord score =
        new ScoreRecord(
            meta.imageId(),
            meta.line(),
            model.ref(),
            judged.judgement(),
            capturedAt,
            now.toString(),
            meta.source(),
            judged.batchSize(),
            latencies,
            reason);
    item.outputs.add(output(topics.scores(), item, score));
    item.score = score;
    if (!judged.anomalous()) {
      return;
    }
    AlertRecord alert = AlertRecord.of(score, judged.explanation());
    item.outputs.add(output(topics.alerts(), item, alert));
    item.alert = alert;
  }

  private static ProducerRecord<byte[], byte[]> output(String topic, Item item, Object value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ImageHeaders.IMAGE_ID, item.meta.imageId().getBytes(StandardCharsets.UTF_8));
    headers.add(ImageHeaders.CONTENT_TYPE, JSON);
    return new ProducerRecord<>(topic, null, item.record.key(), OutputJson.bytes(value), headers);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
