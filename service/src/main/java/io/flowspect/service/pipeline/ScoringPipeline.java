package io.flowspect.service.pipeline;

import io.flowspect.service.kafka.KafkaAccess;
import io.flowspect.service.kafka.RestartingLoop;
import io.flowspect.service.lifecycle.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jboss.logging.Logger;

/**
 * The consume-transform-produce loop: polls batches of images, scores them with a {@link
 * BatchScorer}, and commits each batch's outputs with its input offsets, on a thread of its own.
 *
 * <p><b>Batching</b>: a batch closes when it holds {@link PipelineOptions#maxRecords()} records or
 * {@link PipelineOptions#maxWait()} after its first record arrived, whichever comes first. Records
 * polled beyond the limit are not kept in memory: the consumer seeks back to them, so that the
 * consumer's position is always the truth and a rebalance cannot strand buffered records.
 *
 * <p><b>Overlap</b>: batches are scored on a thread of their own while the loop thread commits the
 * previous batch and polls the next, so that the Kafka round trips of a commit (several, each a
 * wake-up of broker and client threads) do not stop the scoring. At most two batches are in the
 * loop at once: one being scored, one being committed; a batch is committed only once scored and
 * only after the batch before it, so outputs and offsets keep their order. A batch being scored
 * when its partitions are revoked is finished and committed in the rebalance callback, while they
 * are still this consumer's; when they are lost it is dropped and redone from the committed
 * offsets.
 *
 * <p><b>Delivery</b>: with {@link Delivery#EXACTLY_ONCE} one Kafka transaction per batch carries
 * its outputs and {@code sendOffsetsToTransaction} with the consumer's group metadata, so a
 * read_committed reader sees every input's outputs once, whatever crashes. Any Kafka error drops
 * the session: clients are closed (an open transaction is aborted), and a new session resumes from
 * the committed offsets after a back-off. A fenced producer or consumer means another instance with
 * the same id took over: the pipeline stops.
 *
 * <p><b>Shutdown</b>: {@link #stop} lets the batch in flight (being scored or committed) finish and
 * commit, then closes the clients; records polled for the next batch are left uncommitted for the
 * next start. It returns within its timeout.
 *
 * <p>Thread-safe: start, stop and stats may be called from any thread.
 */
public final class ScoringPipeline extends RestartingLoop implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);

  /** Longest single poll, so that a stop is noticed quickly even while idle. */
  private static final Duration POLL_SLICE = Duration.ofMillis(100);

  /** Longest poll while a batch is being scored, so that its commit starts soon after. */
  private static final Duration SCORING_POLL_SLICE = Duration.ofMillis(5);

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** How often a refused service tries again, so that a granted ACL takes effect by itself. */
  private static final Duration ACCESS_RETRY = Duration.ofSeconds(10);

  private final PipelineOptions options;
  private final PipelineClients clients;
  private final BatchScorer scorer;
  private final PipelineObserver observer;
  private final ExecutorService scoring;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong scored = new AtomicLong();
  private final AtomicLong alerts = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();

  /** Kafka's refusal of this service (login or ACL), until a batch is committed; else null. */
  private volatile String accessProblem;

  /** The batch being collected; the rebalance listener drops revoked partitions from it. */
  private final List<ConsumerRecord<byte[], byte[]>> collecting = new ArrayList<>();

  /** {@link System#nanoTime()} when the first record of the collected batch was polled. */
  private long firstRecordNanos;

  /** When the collected batch closes: {@code maxWait} after its first record. */
  private long deadline;

  /** The batch being scored, if any; only the loop thread (and its rebalance callbacks) use it. */
  private InFlight inFlight;

  /** The session's clients, for the rebalance callbacks; null between sessions. */
  private OutputSink sessionSink;

  private KafkaConsumer<byte[], byte[]> sessionConsumer;

  /**
   * A batch handed to the scoring thread.
   *
   * @param records its input records, in poll order
   * @param result the scored batch, when done
   */
  private record InFlight(
      List<ConsumerRecord<byte[], byte[]>> records, Future<ScoredBatch> result) {}

  /**
   * Creates a pipeline; {@link #start()} runs it.
   *
   * @param options Kafka, topics, batching, delivery
   * @param scorer the transform
   */
  public ScoringPipeline(PipelineOptions options, BatchScorer scorer) {
    this(options, scorer, PipelineObserver.NONE);
  }

  /**
   * Creates a pipeline that reports its clients and committed batches; {@link #start()} runs it.
   *
   * @param options Kafka, topics, batching, delivery
   * @param scorer the transform
   * @param observer told about each session's clients and each committed batch
   */
  public ScoringPipeline(PipelineOptions options, BatchScorer scorer, PipelineObserver observer) {
    super("flowspect-pipeline-" + options.instanceId(), FIRST_BACKOFF, MAX_BACKOFF);
    this.options = options;
    this.clients = new PipelineClients(options);
    this.scorer = scorer;
    this.observer = observer;
    this.scoring =
        Executors.newSingleThreadExecutor(
            DaemonThreads.named("flowspect-scoring-" + options.instanceId()));
  }

  /** Starts the loop thread. Call once. */
  public synchronized void start() {
    startLoop("pipeline");
    LOG.infof(
        "scoring %s -> %s, %s, %s (batches of up to %d within %d ms, %s)",
        options.topics().images(),
        options.topics().scores(),
        options.topics().alerts(),
        options.topics().dlq(),
        options.maxRecords(),
        options.maxWait().toMillis(),
        options.delivery());
  }

  /**
   * Stops gracefully: the batch in flight finishes and commits, then the clients close.
   *
   * @param timeout how long to wait
   * @return true if the loop ended within the timeout
   */
  public boolean stop(Duration timeout) {
    running = false;
    return join(timeout);
  }

  /**
   * Stops the way a killed process would: the batch in flight is sent and flushed but neither
   * committed nor aborted, and the clients are closed without leaving the group. For crash tests.
   *
   * @param timeout how long to wait for the loop to end
   * @return true if the loop ended within the timeout
   */
  boolean halt(Duration timeout) {
    halting = true;
    if (join(timeout)) {
      return true;
    }
    // No batch came to crash in: end like a stop.
    running = false;
    return join(timeout);
  }

  /**
   * Returns Kafka's refusal of this service, said in one line with its fix, while it lasts.
   *
   * @return the refusal, or empty since the last committed batch
   */
  public Optional<String> accessProblem() {
    return Optional.ofNullable(accessProblem);
  }

  /**
   * Returns the counters of committed work.
   *
   * @return a snapshot
   */
  public PipelineStats stats() {
    return new PipelineStats(
        batches.get(), scored.get(), alerts.get(), deadLetters.get(), restarts.get());
  }

  /** Stops gracefully within 10 s. */
  @Override
  public void close() {
    if (!stop(Duration.ofSeconds(10))) {
      LOG.warn("the scoring pipeline did not stop within 10 s");
    }
  }

  @Override
  protected boolean fenced(RuntimeException e) {
    if (!(e instanceof ProducerFencedException || e instanceof FencedInstanceIdException)) {
      return false;
    }
    LOG.errorf(
        "another instance with instance id %s took over (%s); this pipeline stops",
        options.instanceId(), e.getMessage());
    return true;
  }

  /** Retrying soon cannot mend a refusal of access: say it once, then retry slowly. */
  @Override
  protected boolean waitedOut(RuntimeException e) {
    Optional<String> access =
        KafkaAccess.describe(
            e,
            options.consumerOverrides(),
            options.delivery() == Delivery.EXACTLY_ONCE
                ? PipelineClients.transactionalId(options)
                : null);
    if (access.isEmpty()) {
      return false;
    }
    if (!access.get().equals(accessProblem)) {
      LOG.error(access.get());
    }
    accessProblem = access.get();
    sleepWhileRunning(ACCESS_RETRY);
    return true;
  }

  @Override
  protected void restarting(RuntimeException e, Duration backoff) {
    LOG.warnf(
        e,
        "scoring session failed; uncommitted work is redone from the committed offsets in %d ms",
        backoff.toMillis());
  }

  @Override
  protected void stopped() {
    // A batch still being scored after a crash or a failed session is dropped with the thread.
    scoring.shutdown();
    LOG.infof("scoring pipeline stopped: %s", stats());
  }

  /**
   * Runs one session with fresh clients until stopped.
   *
   * @return true if at least one batch was committed
   */
  @Override
  protected boolean session() {
    KafkaConsumer<byte[], byte[]> consumer = clients.consumer();
    OutputSink sink = null;
    boolean crashed = false;
    boolean committed = false;
    Runnable endObserving = () -> {};
    collecting.clear();
    inFlight = null;
    try {
      sink = OutputSink.of(options.delivery(), clients.producer());
      sessionSink = sink;
      sessionConsumer = consumer;
      endObserving = observeSession(consumer, sink);
      consumer.subscribe(List.of(options.topics().images()), new DropRevoked());
      while (running) {
        boolean ready = collect(consumer);
        if (inFlight == null) {
          if (ready) {
            inFlight = submit();
          }
          continue;
        }
        if (!ready && !inFlight.result().isDone()) {
          continue;
        }
        // The batch being scored is done, or the next one is complete and waits for the scoring
        // thread: hand the next one over, then commit this one while it is scored.
        InFlight done = inFlight;
        ScoredBatch result = await(done);
        inFlight = ready ? submit() : null;
        if (!commit(done.records(), result, sink, consumer)) {
          crashed = true;
          return committed;
        }
        committed = true;
        accessProblem = null;
      }
      // Stopping: the batch being scored finishes and commits; records collected for the next one
      // stay uncommitted and are read again at the next start.
      if (inFlight != null) {
        InFlight last = inFlight;
        inFlight = null;
        if (!commit(last.records(), await(last), sink, consumer)) {
          crashed = true;
          return committed;
        }
        committed = true;
        accessProblem = null;
      }
      return committed;
    } finally {
      // Nothing is committed from here on, not even by a revocation while the consumer closes.
      inFlight = null;
      sessionSink = null;
      sessionConsumer = null;
      endObserving.run();
      if (!crashed) {
        try {
          if (sink != null) {
            sink.close();
          }
        } finally {
          consumer.close(OutputSink.CLOSE_TIMEOUT);
        }
      }
    }
  }

  /** Hands the collected batch to the scoring thread. */
  private InFlight submit() {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(collecting);
    long polledAt = firstRecordNanos;
    collecting.clear();
    return new InFlight(records, scoring.submit(() -> scorer.score(records, polledAt)));
  }

  /** Waits for a batch's scores. */
  private static ScoredBatch await(InFlight batch) {
    try {
      return batch.result().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("scoring a batch failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was being scored", e);
    }
  }

  /**
   * Produces a scored batch's outputs and commits them with its input offsets.
   *
   * @return false if the pipeline was halted instead (the outputs were sent, nothing committed)
   */
  private boolean commit(
      List<ConsumerRecord<byte[], byte[]>> records,
      ScoredBatch result,
      OutputSink sink,
      KafkaConsumer<byte[], byte[]> consumer) {
    sink.begin();
    for (var output : result.outputs()) {
      sink.send(output);
    }
    if (halting) {
      running = false;
      sink.crash();
      consumer.close(Duration.ZERO);
      return false;
    }
    sink.commit(nextOffsets(records), consumer);
    batches.incrementAndGet();
    scored.addAndGet(result.scored());
    alerts.addAndGet(result.alerts().size());
    deadLetters.addAndGet(result.deadLetters().size());
    observeCommit(result);
    return true;
  }

  private Runnable observeSession(KafkaConsumer<byte[], byte[]> consumer, OutputSink sink) {
    try {
      Runnable end = observer.sessionStarted(consumer, sink.producer);
      return () -> {
        try {
          end.run();
        } catch (RuntimeException e) {
          LOG.warnf(e, "a pipeline observer failed at the end of a session");
        }
      };
    } catch (RuntimeException e) {
      LOG.warnf(e, "a pipeline observer failed at the start of a session");
      return () -> {};
    }
  }

  private void observeCommit(ScoredBatch result) {
    try {
      observer.committed(result);
    } catch (RuntimeException e) {
      LOG.warnf(e, "a pipeline observer failed on a committed batch");
    }
  }

  /**
   * Polls once for the batch being collected, unless it is already complete; records polled beyond
   * the limit are sought back to.
   *
   * @return true when the collected batch is complete: full, or {@code maxWait} after its first
   *     record
   */
  private boolean collect(KafkaConsumer<byte[], byte[]> consumer) {
    if (complete()) {
      return true;
    }
    long wait = POLL_SLICE.toNanos();
    if (!collecting.isEmpty()) {
      wait = Math.min(wait, deadline - System.nanoTime());
    }
    if (inFlight != null && !inFlight.result().isDone()) {
      wait = Math.min(wait, SCORING_POLL_SLICE.toNanos());
    }
    Map<TopicPartition, Long> rewind = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        consumer.poll(Duration.ofNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1))))) {
      if (collecting.size() < options.maxRecords()) {
        if (collecting.isEmpty()) {
          firstRecordNanos = System.nanoTime();
          deadline = firstRecordNanos + options.maxWait().toNanos();
        }
        collecting.add(r);
      } else {
        rewind.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
      }
    }
    if (!rewind.isEmpty()) {
      Set<TopicPartition> assigned = consumer.assignment();
      rewind.forEach(
          (tp, offset) -> {
            if (assigned.contains(tp)) {
              consumer.seek(tp, offset);
            }
          });
    }
    return complete();
  }

  private boolean complete() {
    return !collecting.isEmpty()
        && (collecting.size() >= options.maxRecords() || System.nanoTime() - deadline >= 0);
  }

  /** The offsets to commit: one past the last record of each partition in the batch. */
  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      OffsetAndMetadata next = new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), "");
      offsets.merge(tp, next, (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    return offsets;
  }

  /**
   * Keeps rebalances exact: records of revoked or lost partitions leave the batch being collected
   * (their new owner reads them from the committed offset); the batch being scored is committed
   * while its partitions are still ours (revoked) or dropped to be redone (lost). Runs on the loop
   * thread, inside {@code poll}.
   */
  private final class DropRevoked implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drop(partitions);
      if (inFlight != null && sessionSink != null && !halting && !partitions.isEmpty()) {
        InFlight last = inFlight;
        inFlight = null;
        LOG.infof(
            "partitions %s revoked: committing the batch in flight (%d images) first",
            partitions, last.records().size());
        commit(last.records(), await(last), sessionSink, sessionConsumer);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
      // The group has moved on: these offsets can no longer be committed by this member.
      inFlight = null;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    private void drop(Collection<TopicPartition> partitions) {
      Set<TopicPartition> gone = new HashSet<>(partitions);
      collecting.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
    }
  }
}
