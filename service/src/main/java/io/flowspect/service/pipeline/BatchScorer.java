package io.flowspect.service.pipeline;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.service.alert.ExplainOptions;
import io.flowspect.service.alert.Explainer;
import io.flowspect.service.alert.Explainers;
import io.flowspect.service.alert.Explanation;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.ingest.InboundImage;
import io.flowspect.service.ingest.Intake;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.Judgement;
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
import org.jboss.logging.Logger;

/**
 * The transform step of the pipeline: a batch of input records in, the records to produce out. No
 * Kafka I/O here, so the loop decides alone how outputs and offsets are committed.
 *
 * <p>Per batch: every record is decoded ({@link ImageIntake}) and routed to its line's model
 * through one {@link ModelRouter.Lease}, so that a model swapped in by a reload or a threshold
 * change applies from a batch boundary on; images are grouped by model and each group is scored by
 * ONE {@code Detector.judge} call (one ONNX Runtime call per graph). Every input yields either a
 * score record (plus an alert record when its decision is anomalous) or a dead-letter record;
 * outputs keep the input order.
 *
 * <p>If a model call fails for a whole group, its images are retried one by one, and only those
 * that still fail become {@link DlqReason#SCORING_FAILED} dead letters: bad input never stops the
 * loop. Not thread-safe: one pipeline thread uses it.
 */
public final class BatchScorer {

  private static final Logger LOG = Logger.getLogger(BatchScorer.class);
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
    LoadedModel model;
    byte[] chw;
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
      long start = System.nanoTime();
      try {
        item.chw = model.get().input().toChw(accepted.image());
      } catch (RuntimeException e) {
        item.refused =
            new Intake.Refused(
                in.meta(),
                DlqReason.SCORING_FAILED,
                in.meta().imageId() + ": cannot convert to the model input: " + e.getMessage());
        continue;
      }
      Intake.Refused unconditioned = checkCondition(in.meta(), model.get());
      if (unconditioned != null) {
        item.refused = unconditioned;
        continue;
      }
      item.model = model.get();
      item.decodeNanos = accepted.decodeNanos() + System.nanoTime() - start;
      groups.computeIfAbsent(item.model, m -> new ArrayList<>()).add(item);
    }
    List<ModelCall> calls = new ArrayList<>(groups.size());
    for (Map.Entry<LoadedModel, List<Item>> group : groups.entrySet()) {
      scoreGroup(group.getKey(), group.getValue(), polledAtNanos, calls);
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

  /**
   * A conditional bundle (cvae) scores an image under the class of its {@code condition} header: a
   * record without one, or with a class the bundle does not know, is refused here, before the model
   * call, so that it cannot fail the batch.
   *
   * @return the refusal, or null when the image can be scored
   */
  private static Intake.Refused checkCondition(InboundImage meta, LoadedModel model) {
    Optional<Condition> condition = model.detector().scorer().condition();
    if (condition.isEmpty()) {
      return null;
    }
    Condition c = condition.get();
    if (meta.condition() == null) {
      return new Intake.Refused(
          meta,
          DlqReason.NO_CONDITION,
          meta.imageId()
              + ": model "
              + model.ref().id()
              + " is conditioned on "
              + c.name()
              + ": send one of its classes "
              + c.classes()
              + " in the '"
              + ImageHeaders.CONDITION
              + "' header");
    }
    if (!c.classes().contains(meta.condition())) {
      return new Intake.Refused(
          meta,
          DlqReason.UNKNOWN_CONDITION,
          meta.imageId()
              + ": model "
              + model.ref().id()
              + ": "
              + c.name()
              + " '"
              + meta.condition()
              + "' is not one of its classes "
              + c.classes());
    }
    return null;
  }

  /** The items' conditions for their model: null for unconditional models. */
  private static List<String> conditions(LoadedModel model, List<Item> items) {
    if (model.detector().scorer().condition().isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>(items.size());
    for (Item item : items) {
      out.add(item.meta.condition());
    }
    return out;
  }

  /** Scores images of one model, each under its condition when the model is conditional. */
  private static Verdicts judge(LoadedModel model, List<Item> items, List<byte[]> chws) {
    Detector detector = model.detector();
    return detector.judge(
        detector.score(
            ScoreRequest.of(chws, detector.scorer().available())
                .withConditions(conditions(model, items))));
  }

  /** Scores one model's images with one call. */
  private void scoreGroup(
      LoadedModel model, List<Item> group, long polledAtNanos, List<ModelCall> calls) {
    List<byte[]> chws = new ArrayList<>(group.size());
    for (Item item : group) {
      chws.add(item.chw);
    }
    long start = System.nanoTime();
    Verdicts verdicts;
    try {
      verdicts = judge(model, group, chws);
    } catch (RuntimeException e) {
      LOG.warnf(
          e, "model %s failed on a batch of %d; scoring its images one by one", model, chws.size());
      scoreOneByOne(model, group, polledAtNanos, calls);
      return;
    }
    long nanos = System.nanoTime() - start;
    calls.add(new ModelCall(model.ref(), group.size(), nanos));
    Explanation[] explanations =
        explain(Explainers.forDetector(model.detector(), explain), model, group, verdicts);
    for (int i = 0; i < group.size(); i++) {
      emit(
          model,
          group.get(i),
          verdicts,
          i,
          group.size(),
          millis(nanos),
          polledAtNanos,
          explanations[i]);
    }
  }

  private void scoreOneByOne(
      LoadedModel model, List<Item> group, long polledAtNanos, List<ModelCall> calls) {
    Explainer explainer = Explainers.forDetector(model.detector(), explain);
    for (Item item : group) {
      long start = System.nanoTime();
      try {
        Verdicts v = judge(model, List.of(item), List.of(item.chw));
        long nanos = System.nanoTime() - start;
        calls.add(new ModelCall(model.ref(), 1, nanos));
        Explanation explanation = explain(explainer, model, List.of(item), v)[0];
        emit(model, item, v, 0, 1, millis(nanos), polledAtNanos, explanation);
      } catch (RuntimeException e) {
        item.refused =
            new Intake.Refused(
                item.meta,
                DlqReason.SCORING_FAILED,
                item.meta.imageId() + ": model " + model.ref().id() + " failed: " + e);
      }
    }
  }

  /**
   * Explains the anomalous images of a group in one explainer call (one more model pass at most);
   * an explainer that fails leaves them with {@link Explanation#NONE}, never without an alert.
   *
   * @return per image, its explanation, or null when it is not anomalous
   */
  private static Explanation[] explain(
      Explainer explainer, LoadedModel model, List<Item> group, Verdicts verdicts) {
    Explanation[] out = new Explanation[group.size()];
    List<Integer> anomalous = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (Boolean.TRUE.equals(verdicts.verdict(i).anomaly())) {
        anomalous.add(i);
      }
    }
    if (anomalous.isEmpty()) {
      return out;
    }
    int[] rows = anomalous.stream().mapToInt(Integer::intValue).toArray();
    List<byte[]> chws = new ArrayList<>(rows.length);
    for (int row : rows) {
      chws.add(group.get(row).chw);
    }
    List<Explanation> explained;
    try {
      explained = explainer.explainAll(chws, model.input(), verdicts.table(), rows);
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "could not explain %d alert(s) of model %s; alerting without heatmaps",
          rows.length,
          model);
      explained = java.util.Collections.nCopies(rows.length, Explanation.NONE);
    }
    for (int k = 0; k < rows.length; k++) {
      out[rows[k]] = explained.get(k);
    }
    return out;
  }

  /** Adds the score record, and the alert record when anomalous. */
  private void emit(
      LoadedModel model,
      Item item,
      Verdicts verdicts,
      int row,
      int batchSize,
      double inferenceMs,
      long polledAtNanos,
      Explanation explanation) {
    Verdict v = verdicts.verdict(row);
    InboundImage meta = item.meta;
    Instant now = clock.instant();
    String capturedAt = meta.capturedAt() == null ? null : meta.capturedAt().toString();
    Latencies latencies =
        new Latencies(
            millis(item.decodeNanos),
            inferenceMs,
            millis(System.nanoTime() - polledAtNanos),
            Duration.between(meta.origin(), now).toNanos() / 1e6);
    Judgement judgement = Judgement.of(v, verdicts.threshold());
    ScoreRecord score =
        new ScoreRecord(
            meta.imageId(),
            meta.line(),
            model.ref(),
            judgement,
            capturedAt,
            now.toString(),
            meta.source(),
            batchSize,
            latencies,
            v.reason());
    item.outputs.add(output(topics.scores(), item, score));
    item.score = score;
    if (!Boolean.TRUE.equals(v.anomaly())) {
      return;
    }
    AlertRecord alert =
        new AlertRecord(
            meta.imageId(),
            meta.line(),
            model.ref(),
            judgement,
            capturedAt,
            now.toString(),
            meta.source(),
            explanation == null ? Explanation.NONE : explanation,
            v.reason());
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
