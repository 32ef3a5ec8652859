package io.flowspect.core.detect;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scores images with a bundle and decides which are anomalous: the {@link Scorer} plus the bundle's
 * {@link Calibration}. The CLI's {@code score} and the service both decide through this class, so a
 * decision never differs between offline and online use.
 *
 * <p>The decision score is the calibration's when there is one, else the manifest's default score,
 * else {@link Score#COMPLEXITY}. Without a calibration, verdicts carry scores but no p-value and no
 * decision.
 *
 * <p>Thread-safe and immutable; {@link #withCalibration} returns a new detector that shares the
 * sessions, which is how a service swaps thresholds without reloading the model.
 */
public final class Detector implements AutoCloseable {

  private final Scorer scorer;
  private final Calibration calibration;
  private final DecisionScore decision;
  private final FrameDetector frames;

  private Detector(Scorer scorer, Calibration calibration, DecisionScore decision) {
    this.scorer = scorer;
    this.calibration = calibration;
    this.decision = decision;
    this.frames = FrameDetector.of(scorer).orElse(null);
    if (calibration != null
        && calibration.maps() != null
        && calibration.maps().needsSigned()
        && !scorer.hasPixelCdf()) {
      throw new BundleException(
          scorer.bundle().dir()
              + ": the calibration's local score reads signed residual maps, but the bundle's graph"
              + " has no pixel_cdf output; re-export it with flowspect export, or calibrate with"
              + " --local-score window");
    }
    for (Score s : decision.components()) {
      boolean local =
          s == Score.LOCAL
              && calibration != null
              && calibration.maps() != null
              && scorer.supportsMap(calibration.maps().kind());
      if (!local && !scorer.available().contains(s)) {
        throw new BundleException(
            scorer.bundle().dir()
                + ": decision score "
                + decision
                + " needs "
                + s
                + ", which this bundle cannot compute; available: "
                + scorer.available());
      }
    }
  }

  /**
   * Opens a bundle with its calibration, if it has one.
   *
   * @param bundle a verified bundle
   * @param options ONNX Runtime options
   * @return the detector; the caller closes it
   */
  public static Detector open(Bundle bundle, OnnxOptions options) {
    Scorer scorer = Scorer.open(bundle, options);
    try {
      return of(scorer, CalibrationFile.read(bundle).orElse(null));
    } catch (RuntimeException e) {
      scorer.close();
      throw e;
    }
  }

  /**
   * Wraps an open scorer.
   *
   * @param scorer the scorer; closed with this detector
   * @param calibration the calibration, or null
   * @return the detector
   */
  public static Detector of(Scorer scorer, Calibration calibration) {
    return new Detector(scorer, calibration, decisionFor(scorer.bundle(), calibration));
  }

  /**
   * Returns the decision score a bundle uses when it is not calibrated: the manifest's default
   * score, else complexity.
   *
   * @param bundle the bundle
   * @param calibration its calibration, or null
   * @return the decision score
   */
  public static DecisionScore decisionFor(Bundle bundle, Calibration calibration) {
    if (calibration != null) {
      return calibration.decision();
    }
    String preferred = bundle.manifest().defaultScore();
    return preferred == null || preferred.isBlank()
        ? DecisionScore.single(Score.COMPLEXITY)
        : DecisionScore.parse(preferred);
  }

  /**
   * Returns a detector with another calibration and the same sessions.
   *
   * @param newCalibration the calibration, or null to drop it
   * @return the new detector
   */
  public Detector withCalibration(Calibration newCalibration) {
    return of(scorer, newCalibration);
  }

  /**
   * Returns a detector that scores images without a condition of their own under one class of a
   * conditional bundle, with the same calibration and sessions.
   *
   * @param value a class of the bundle's condition
   * @return the new detector
   * @throws IllegalArgumentException if the bundle takes no condition or the class is unknown
   */
  public Detector withCondition(String value) {
    return new Detector(scorer.withCondition(value), calibration, decision);
  }

  /**
   * Returns the whole-frame detector of a model trained on patches and calibrated for frames.
   *
   * @return the frame detector, or empty when the bundle has no frame calibration
   */
  public Optional<FrameDetector> frames() {
    return Optional.ofNullable(frames);
  }

  /**
   * Returns the scorer.
   *
   * @return the scorer
   */
  public Scorer scorer() {
    return scorer;
  }

  /**
   * Returns the calibration.
   *
   * @return the calibration, or empty when not calibrated
   */
  public Optional<Calibration> calibration() {
    return Optional.ofNullable(calibration);
  }

  /**
   * Returns the decision score.
   *
   * @return the decision score
   */
  public DecisionScore decision() {
    return decision;
  }

  /**
   * Scores images with every available score and decides.
   *
   * @param images CHW bytes in the model's input spec
   * @return the verdicts
   */
  public Verdicts judge(List<byte[]> images) {
    return judge(score(images, scorer.available()));
  }

  /**
   * Scores images with this detector's scorer, computing evidence maps and {@link Score#LOCAL} when
   * the calibration has map statistics.
   *
   * @param images CHW bytes in the model's input spec
   * @param wanted scores to compute; {@link Score#LOCAL} is computed whenever maps are
   * @return the scores, with maps and local findings when the calibration has map statistics
   */
  public ScoreTable score(List<byte[]> images, Set<Score> wanted) {
    return score(ScoreRequest.of(images, wanted));
  }

  /**
   * Scores a request with this detector's map: the request's own map is replaced by the
   * calibration's, and {@link Score#LOCAL} is computed from it whenever the calibration has map
   * statistics.
   *
   * @param request the images, their classes and the scores wanted
   * @return the scores, with maps and local findings when the calibration has map statistics
   */
  public ScoreTable score(ScoreRequest request) {
    Set<Score> direct = EnumSet.noneOf(Score.class);
    direct.addAll(request.scores());
    direct.remove(Score.LOCAL);
    MapKind kind = mapKind();
    ScoreTable table =
        scorer.score(
            new ScoreRequest(
                request.images(),
                request.conditions(),
                direct,
                kind,
                kind != null && calibration.maps().needsSigned()));
    return kind == null ? table : LocalScores.add(table, calibration.maps());
  }

  /**
   * Returns the evidence map this detector computes: the calibration's, when it has map statistics
   * and the model can give that map.
   *
   * @return the map kind, or null for none
   */
  public MapKind mapKind() {
    if (calibration == null || calibration.maps() == null) {
      return null;
    }
    MapKind kind = calibration.maps().kind();
    return scorer.supportsMap(kind) ? kind : null;
  }

  /**
   * Decides on scores already computed.
   *
   * @param table scores holding every component of the decision score
   * @return the verdicts
   */
  public Verdicts judge(ScoreTable table) {
    if (table.maps() != null && calibration != null && calibration.maps() != null) {
      table = LocalScores.ensure(table, calibration.maps());
    }
    double[] values;
    double[] p = new double[table.size()];
    if (calibration == null) {
      if (decision.isFisher()) {
        throw new IllegalStateException(
            "decision score " + decision + " needs a calibration: run flowspect calibrate first");
      }
      values = table.anomalyColumn(decision.components().get(0));
      Arrays.fill(p, Double.NaN);
      return new Verdicts(table, decision.id(), values, p, Double.NaN, null);
    }
    values = DecisionValues.of(calibration, table);
    for (int i = 0; i < p.length; i++) {
      p[i] = calibration.decisionReference().pValue(values[i]);
    }
    return new Verdicts(table, decision.id(), values, p, calibration.threshold(), calibration);
  }

  /** Closes the sessions. */
  @Override
  public void close() {
    scorer.close();
  }
}
