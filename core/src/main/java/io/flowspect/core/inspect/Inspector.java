package io.flowspect.core.inspect;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.detect.FrameVerdict;
import io.flowspect.core.detect.FrameVerdicts;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.explain.Explainer;
import io.flowspect.core.explain.Explainers;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.explain.FrameExplanations;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring use case, written once: converts each image to the model input, checks its class for
 * a conditional model, scores and judges the batch with one detector call, and explains the images
 * with the decision's own evidence map ({@link Explainers#forDetector}). Kafka, REST and the CLI
 * differ only in how they read images and write the outcome.
 *
 * <p>Bad input never fails a batch: an image that cannot be converted or lacks its class is refused
 * before the model call, and when the call fails for the whole batch, its images are scored one by
 * one so that only those that still fail are refused ({@link Refusal#SCORING_FAILED}). An explainer
 * that fails leaves its images with {@link Explanation#NONE}, never without their judgement.
 *
 * <p>Immutable and thread-safe when its detector is; the {@code with...} methods return copies.
 */
public final class Inspector {

  private static final Logger LOG = LoggerFactory.getLogger(Inspector.class);

  private final Detector detector;
  private final Set<Score> scores;
  private final ExplainWhen explainWhen;
  private final Explainer explainer;
  private final ExplainOptions explainOptions;
  private final String conditionHint;

  private Inspector(
      Detector detector,
      Set<Score> scores,
      ExplainWhen explainWhen,
      Explainer explainer,
      ExplainOptions explainOptions,
      String conditionHint) {
    this.detector = detector;
    this.explainOptions = explainOptions;
    this.scores = Collections.unmodifiableSet(new LinkedHashSet<>(scores));
    this.explainWhen = explainWhen;
    this.explainer = explainer;
    this.conditionHint = conditionHint;
  }

  /**
   * Returns an inspector that computes every score the detector's model offers and explains
   * nothing.
   *
   * @param detector the model and its calibration
   * @return the inspector
   */
  public static Inspector of(Detector detector) {
    return new Inspector(
        detector,
        detector.scorer().available(),
        ExplainWhen.NEVER,
        Explainer.NONE,
        ExplainOptions.defaults(),
        "");
  }

  /**
   * Returns a copy that computes these scores (the decision's components are always computed).
   *
   * @param wanted the scores to report
   * @return the copy
   */
  public Inspector scoring(Set<Score> wanted) {
    Set<Score> computed = new LinkedHashSet<>(wanted);
    computed.addAll(detector.decision().components());
    return new Inspector(detector, computed, explainWhen, explainer, explainOptions, conditionHint);
  }

  /**
   * Returns a copy that explains images with the decision's map.
   *
   * @param when which images
   * @param options what an explanation attaches
   * @return the copy
   */
  public Inspector explaining(ExplainWhen when, ExplainOptions options) {
    Explainer chosen =
        when == ExplainWhen.NEVER ? Explainer.NONE : Explainers.forDetector(detector, options);
    return new Inspector(detector, scores, when, chosen, options, conditionHint);
  }

  /**
   * Returns a copy whose refusals of a missing class say how the channel gives one, e.g. {@code in
   * the 'condition' header}.
   *
   * @param hint words appended to the refusal
   * @return the copy
   */
  public Inspector withConditionHint(String hint) {
    return new Inspector(detector, scores, explainWhen, explainer, explainOptions, hint);
  }

  /**
   * Returns the detector.
   *
   * @return the model and its calibration
   */
  public Detector detector() {
    return detector;
  }

  /**
   * Inspects one image.
   *
   * @param subject the image
   * @return its judgement or refusal
   */
  public Inspection inspect(Subject subject) {
    return inspect(List.of(subject)).inspections().get(0);
  }

  /**
   * Inspects a batch with one model call (more only when that call fails).
   *
   * @param subjects the images
   * @return one inspection per image, in order, and the model calls made
   */
  public InspectedBatch inspect(List<Subject> subjects) {
    if (subjects.stream().anyMatch(s -> s.signal() != null)) {
      return SignalInspection.inspect(this, subjects);
    }
    return inspectImages(subjects);
  }

  /** Inspects images (no recordings) with one model call, more only when it fails. */
  InspectedBatch inspectImages(List<Subject> subjects) {
    Inspection[] out = new Inspection[subjects.size()];
    List<Integer> rows = new ArrayList<>(subjects.size());
    List<byte[]> chws = new ArrayList<>(subjects.size());
    long[] prepareNanos = new long[subjects.size()];
    List<Integer> frameRows = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      long start = System.nanoTime();
      Subject subject = subjects.get(i);
      if (isFrame(subject)) {
        frameRows.add(i);
        continue;
      }
      Inspection.Refused refused = checkCondition(subject.condition());
      byte[] chw = null;
      if (refused == null) {
        try {
          chw =
              subject.chw() != null
                  ? subject.chw()
                  : detector.scorer().input().toChw(subject.image());
        } catch (RuntimeException e) {
          refused =
              new Inspection.Refused(
                  Refusal.NOT_CONVERTIBLE,
                  "cannot convert to the input of model " + modelId() + ": " + e.getMessage());
        }
      }
      prepareNanos[i] = System.nanoTime() - start;
      if (refused != null) {
        out[i] = refused;
      } else {
        rows.add(i);
        chws.add(chw);
      }
    }
    List<InferenceCall> calls = new ArrayList<>();
    if (!rows.isEmpty()) {
      judgeAll(subjects, rows, chws, prepareNanos, out, calls);
    }
    if (!frameRows.isEmpty()) {
      judgeFrames(subjects, frameRows, out, calls);
    }
    return new InspectedBatch(List.of(out), calls);
  }

  /**
   * Tells whether a subject is a whole frame for the detector's frame calibration: a decoded image
   * of the calibrated frame size, for a model trained on patches.
   */
  private boolean isFrame(Subject subject) {
    if (subject.image() == null || detector.frames().isEmpty()) {
      return false;
    }
    FrameCalibration c = detector.frames().get().calibration();
    return subject.image().width() == c.width() && subject.image().height() == c.height();
  }

  /** Judges whole frames with one batched pass over their tiles; a failure refuses them alone. */
  private void judgeFrames(
      List<Subject> subjects, List<Integer> rows, Inspection[] out, List<InferenceCall> calls) {
    FrameDetector frames = detector.frames().orElseThrow();
    List<RasterImage> images = new ArrayList<>(rows.size());
    for (int row : rows) {
      images.add(subjects.get(row).image());
    }
    long start = System.nanoTime();
    List<FrameVerdict> verdicts;
    try {
      verdicts = frames.judge(images);
    } catch (RuntimeException e) {
      LOG.warn("model {} failed on {} frame(s)", modelId(), rows.size(), e);
      for (int row : rows) {
        out[row] = failed("failed on the frame", e);
      }
      return;
    }
    long nanos = timed(calls, start, rows.size());
    String map = frames.calibration().map();
    for (int k = 0; k < rows.size(); k++) {
      FrameVerdict f = verdicts.get(k);
      Verdict v = FrameVerdicts.verdict(f);
      boolean explain =
          explainWhen == ExplainWhen.ALWAYS
              || (explainWhen == ExplainWhen.ANOMALOUS && f.anomaly());
      Explanation explanation =
          explain ? FrameExplanations.of(images.get(k), f, map, explainOptions) : Explanation.NONE;
      out[rows.get(k)] =
          new Inspection.Judged(
              v,
              Judgement.of(v, f.threshold(), f.regions(), f.mask()),
              explanation,
              rows.size(),
              0,
              nanos,
              f.regions(),
              null);
    }
  }

  private void judgeAll(
      List<Subject> subjects,
      List<Integer> rows,
      List<byte[]> chws,
      long[] prepareNanos,
      Inspection[] out,
      List<InferenceCall> calls) {
    long start = System.nanoTime();
    Verdicts verdicts;
    try {
      verdicts = judge(subjects, rows, chws);
    } catch (RuntimeException e) {
      LOG.warn(
          "model {} failed on a batch of {}; scoring its images one by one",
          modelId(),
          rows.size(),
          e);
      for (int k = 0; k < rows.size(); k++) {
        int row = rows.get(k);
        List<Integer> one = List.of(row);
        List<byte[]> oneChw = List.of(chws.get(k));
        long oneStart = System.nanoTime();
        try {
          Verdicts v = judge(subjects, one, oneChw);
          long nanos = timed(calls, oneStart, 1);
          emit(v, oneChw, one, prepareNanos, nanos, out);
        } catch (RuntimeException single) {
          out[row] = failed("failed", single);
        }
      }
      return;
    }
    long nanos = timed(calls, start, rows.size());
    emit(verdicts, chws, rows, prepareNanos, nanos, out);
  }

  /** Scores and judges the images of {@code rows}, each under its class. */
  private Verdicts judge(List<Subject> subjects, List<Integer> rows, List<byte[]> chws) {
    List<String> conditions = null;
    if (detector.scorer().condition().isPresent()) {
      conditions = new ArrayList<>(rows.size());
      for (int row : rows) {
        conditions.add(subjects.get(row).condition());
      }
    }
    return detector.judge(detector.score(ScoreRequest.of(chws, scores).withConditions(conditions)));
  }

  /** Fills the judgements of one model call, explaining the images {@link #explainWhen} asks. */
  private void emit(
      Verdicts verdicts,
      List<byte[]> chws,
      List<Integer> rows,
      long[] prepareNanos,
      long inferenceNanos,
      Inspection[] out) {
    Explanation[] explanations = explain(verdicts, chws);
    EvidenceMaps maps = verdicts.table().maps();
    for (int k = 0; k < rows.size(); k++) {
      int row = rows.get(k);
      out[row] =
          new Inspection.Judged(
              verdicts.verdict(k),
              Judgement.of(verdicts.verdict(k), verdicts.threshold()),
              explanations[k],
              rows.size(),
              prepareNanos[row],
              inferenceNanos,
              List.of(),
              maps == null ? null : maps.values()[k]);
    }
  }

  /**
   * Explains the images {@link #explainWhen} asks for in one explainer call (one more model pass at
   * most).
   *
   * @return per image, its explanation, {@link Explanation#NONE} for the others
   */
  private Explanation[] explain(Verdicts verdicts, List<byte[]> chws) {
    Explanation[] out = new Explanation[chws.size()];
    Arrays.fill(out, Explanation.NONE);
    List<Integer> wanted = new ArrayList<>();
    for (int k = 0; k < chws.size(); k++) {
      boolean anomalous = Boolean.TRUE.equals(verdicts.verdict(k).anomaly());
      if (explainWhen == ExplainWhen.ALWAYS
          || (explainWhen == ExplainWhen.ANOMALOUS && anomalous)) {
        wanted.add(k);
      }
    }
    if (wanted.isEmpty()) {
      return out;
    }
    int[] rows = wanted.stream().mapToInt(Integer::intValue).toArray();
    List<byte[]> picked = new ArrayList<>(rows.length);
    for (int row : rows) {
      picked.add(chws.get(row));
    }
    List<Explanation> explained;
    try {
      explained = explainer.explainAll(picked, detector.scorer().input(), verdicts.table(), rows);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not explain {} image(s) of model {}; judging them without heatmaps",
          rows.length,
          modelId(),
          e);
      explained = Collections.nCopies(rows.length, Explanation.NONE);
    }
    for (int k = 0; k < rows.length; k++) {
      out[rows[k]] = explained.get(k);
    }
    return out;
  }

  /**
   * A conditional model scores an image under its class: an image without one (and no default
   * class) or with a class the model does not know is refused here, before the model call, so that
   * it cannot fail the batch.
   *
   * @return the refusal, or null when the image can be scored
   */
  private Inspection.Refused checkCondition(String value) {
    Optional<Condition> condition = detector.scorer().condition();
    if (condition.isEmpty()) {
      return null;
    }
    Condition c = condition.get();
    if (value == null) {
      if (detector.scorer().defaultCondition().isPresent()) {
        return null;
      }
      return new Inspection.Refused(
          Refusal.NO_CONDITION,
          "model "
              + modelId()
              + " is conditioned on "
              + c.name()
              + ": give one of its classes "
              + c.classes()
              + conditionHint);
    }
    if (!c.classes().contains(value)) {
      return new Inspection.Refused(
          Refusal.UNKNOWN_CONDITION,
          "model "
              + modelId()
              + ": "
              + c.name()
              + " '"
              + value
              + "' is not one of its classes "
              + c.classes());
    }
    return null;
  }

  private String modelId() {
    return detector.scorer().bundle().manifest().id();
  }

  /** Records a model call on {@code rows} images that began at {@code start}; returns its nanos. */
  private static long timed(List<InferenceCall> calls, long start, int rows) {
    long nanos = System.nanoTime() - start;
    calls.add(new InferenceCall(rows, nanos));
    return nanos;
  }

  /** The refusal of an image the model failed on, naming the model and the failure. */
  private Inspection.Refused failed(String what, RuntimeException e) {
    return new Inspection.Refused(
        Refusal.SCORING_FAILED, "model " + modelId() + " " + what + ": " + e);
  }
}
