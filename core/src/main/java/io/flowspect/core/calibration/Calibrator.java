package io.flowspect.core.calibration;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link Calibration} from the scores of normal images, and optionally of labelled
 * anomalies.
 *
 * <p>For a single score, every normal image goes into its reference. For a combination (Fisher's or
 * Tippett's) every normal image gives the component references that turn scores into p-values, and
 * every one is also judged by the combined statistic with its own p-values taken against the other
 * images ({@link DecisionValues#leaveOneOut}), as a new image's would be; so the statistic is
 * calibrated on as many images as a single score, without a split halving either side. (Above
 * {@link ConformalReference#MAX_EXACT} images, where references are sketches, the images are split
 * by index parity instead: the even ones give the component references, the odd ones the
 * statistic's.)
 */
public final class Calibrator {

  /** With evidence maps, one normal image in this many fits the map statistics. */
  static final int MAP_STRIDE = 4;

  private Calibrator() {}

  /**
   * Calibrates a decision score.
   *
   * @param manifest the bundle's manifest (id and version are recorded)
   * @param normal scores of the normal calibration images; must hold every component score
   * @param decision the decision score
   * @param alpha target false-positive rate, in (0, 1)
   * @param fingerprint fingerprint of the normal images
   * @param anomalous scores of labelled anomalies, or null
   * @return the calibration
   * @throws IllegalArgumentException if there are too few images (2 for a single score, 4 for
   *     Fisher) or a score is missing
   */
  public static Calibration calibrate(
      Manifest manifest,
      ScoreTable normal,
      DecisionScore decision,
      double alpha,
      String fingerprint,
      ScoreTable anomalous) {
    return calibrate(
        manifest, normal, decision, alpha, fingerprint, anomalous, LocalSettings.DEFAULT);
  }

  /**
   * Calibrates a decision score, fitting map statistics when the normal scores carry evidence maps.
   *
   * <p>With maps, every fourth normal image (indices 3, 7, 11, ...) is set aside to fit the
   * per-pixel statistics, and the local score's reference comes from the other images, which its
   * standardisation never saw. A decision that uses {@code local} is calibrated on those images too
   * (its rows must carry the local score). A decision that does not is calibrated on every image:
   * the global scores never depend on the map statistics, and a quarter more images makes a
   * threshold at alpha = 0.01 markedly steadier (its rank sits in the sparse tail).
   *
   * @param manifest the bundle's manifest (id and version are recorded)
   * @param normal scores of the normal calibration images; must hold every component score, or
   *     evidence maps when the decision uses {@code local}
   * @param decision the decision score
   * @param alpha target false-positive rate, in (0, 1)
   * @param fingerprint fingerprint of the normal images
   * @param anomalous scores of labelled anomalies (with maps when {@code normal} has them), or null
   * @param local the local score's window and standardisation, used when there are maps
   * @return the calibration
   */
  public static Calibration calibrate(
      Manifest manifest,
      ScoreTable normal,
      DecisionScore decision,
      double alpha,
      String fingerprint,
      ScoreTable anomalous,
      LocalSettings local) {
    MapReference maps = null;
    ConformalReference localReference = null;
    boolean usesLocal = decision.components().contains(Score.LOCAL);
    if (normal.maps() != null) {
      int[] fit = every(normal.size(), MAP_STRIDE, MAP_STRIDE - 1, true);
      int[] rest = every(normal.size(), MAP_STRIDE, MAP_STRIDE - 1, false);
      maps = MapReference.fit(normal.maps().select(fit), local);
      ScoreTable unseen = LocalScores.add(normal.select(rest), maps);
      if (usesLocal) {
        normal = unseen;
      } else {
        localReference = ConformalReference.of(unseen.anomalyColumn(Score.LOCAL));
      }
      if (anomalous != null && anomalous.maps() != null) {
        anomalous = LocalScores.ensure(anomalous, maps);
      }
    } else if (usesLocal) {
      throw new IllegalArgumentException(
          "score local needs evidence maps of the normal images (a model with per-pixel output)");
    }
    int n = normal.size();
    int minimum = decision.isFisher() ? 4 : 2;
    if (n < minimum) {
      throw new IllegalArgumentException(
          "calibration needs at least "
              + minimum
              + " normal images for "
              + decision
              + (maps == null || !usesLocal
                  ? ""
                  : " after a quarter is set aside for the map statistics")
              + ", got "
              + n);
    }
    Map<String, ConformalReference> references = new LinkedHashMap<>();
    ConformalReference decisionReference;
    if (!decision.isFisher()) {
      for (Score s : normal.scores()) {
        references.put(s.id(), ConformalReference.of(normal.anomalyColumn(s)));
      }
      decisionReference = references.get(decision.components().get(0).id());
      if (decisionReference == null) {
        throw new IllegalArgumentException("the normal scores lack " + decision);
      }
    } else {
      // Leave one out where references are exact; above that, split by index parity.
      boolean exact = n <= ConformalReference.MAX_EXACT;
      int[] first = parity(n, 0);
      for (Score s : normal.scores()) {
        double[] column = normal.anomalyColumn(s);
        references.put(s.id(), ConformalReference.of(exact ? column : pick(column, first)));
      }
      Calibration partial =
          build(
              manifest,
              decision,
              alpha,
              n,
              fingerprint,
              references,
              references.get(decision.components().get(0).id()),
              null,
              maps);
      decisionReference =
          ConformalReference.of(
              exact
                  ? DecisionValues.leaveOneOut(partial, normal)
                  : pick(DecisionValues.of(partial, normal), parity(n, 1)));
    }
    if (localReference != null) {
      references.put(Score.LOCAL.id(), localReference);
    }
    Calibration calibration =
        build(manifest, decision, alpha, n, fingerprint, references, decisionReference, null, maps);
    if (anomalous == null || anomalous.size() == 0) {
      return calibration;
    }
    LabelledSummary labelled =
        LabelledSummaries.of(
            DecisionValues.of(calibration, normal), DecisionValues.of(calibration, anomalous));
    return build(
        manifest, decision, alpha, n, fingerprint, references, decisionReference, labelled, maps);
  }

  private static int[] every(int n, int stride, int offset, boolean on) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if ((i % stride == offset) == on) {
        count++;
      }
    }
    int[] idx = new int[count];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if ((i % stride == offset) == on) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  private static Calibration build(
      Manifest manifest,
      DecisionScore decision,
      double alpha,
      int n,
      String fingerprint,
      Map<String, ConformalReference> references,
      ConformalReference decisionReference,
      LabelledSummary labelled,
      MapReference maps) {
    return new Calibration(
        Calibration.CURRENT_FORMAT,
        manifest.id(),
        manifest.version(),
        decision.id(),
        alpha,
        decisionReference.threshold(alpha),
        n,
        fingerprint,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        references,
        decisionReference,
        labelled,
        maps);
  }

  private static int[] parity(int n, int parity) {
    int[] idx = new int[(n - parity + 1) / 2];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = 2 * i + parity;
    }
    return idx;
  }

  private static double[] pick(double[] values, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = values[idx[i]];
    }
    return out;
  }
}
