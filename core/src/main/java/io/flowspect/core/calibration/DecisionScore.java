package io.flowspect.core.calibration;

import io.flowspect.core.score.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The anomaly score a decision is made on: one {@link Score}, or Fisher's combination of several.
 *
 * <p>Fisher's method turns the conformal p-values p_1..p_k of k scores into one statistic {@code T
 * = -2 sum ln p_j} (higher = more anomalous), which is large when any score is very surprising or
 * several are somewhat surprising. It helps when scores see different failures (the likelihood
 * ratio catches semantic outliers, complexity catches simple ones). T is itself calibrated
 * conformally on a second, disjoint set of normal images, so its p-value and false-positive rate
 * stay exact even though the scores are dependent.
 *
 * <p>Tippett's method takes the smallest p-value instead, {@code T = -2 ln min p_j}: large only
 * when one score is very surprising, whatever the others say. It suits scores that see disjoint
 * failures, a global and a local one: an image that is all wrong (another dataset) or wrong in one
 * spot (a defect) rarely shows both, and Fisher's sum then pays, in power, for the score that sees
 * nothing. Calibrated the same way.
 *
 * <p>Written {@code "complexity"}, {@code "fisher:complexity+llr"} or {@code
 * "tippett:complexity+local"}.
 *
 * @param components the scores, one for a single score, two or more for a combination
 * @param combination how two or more scores' p-values are combined; null for a single score
 */
public record DecisionScore(List<Score> components, Combination combination) {

  private static final String FISHER = "fisher:";
  private static final String TIPPETT = "tippett:";

  /** How the p-values of two or more scores become one statistic. */
  public enum Combination {
    /** Fisher's method: -2 sum ln p. */
    FISHER,
    /** Tippett's method: -2 ln min p. */
    TIPPETT
  }

  /**
   * Fisher's combination of two or more scores, or a single score.
   *
   * @param components the scores
   */
  public DecisionScore(List<Score> components) {
    this(components, components != null && components.size() > 1 ? Combination.FISHER : null);
  }

  /** Validates and copies. */
  public DecisionScore {
    if (components == null || components.isEmpty()) {
      throw new IllegalArgumentException("a decision score needs at least one score");
    }
    if (components.size() == 1) {
      combination = null;
    } else if (combination == null) {
      throw new IllegalArgumentException("two or more scores need a combination");
    }
    if (EnumSet.copyOf(components).size() != components.size()) {
      throw new IllegalArgumentException("a score appears twice in " + components);
    }
    components = Collections.unmodifiableList(new ArrayList<>(components));
  }

  /**
   * A decision on one score.
   *
   * @param score the score
   * @return the decision score
   */
  public static DecisionScore single(Score score) {
    return new DecisionScore(List.of(score));
  }

  /**
   * Parses {@code "bpd"}, {@code "llr"} or {@code "fisher:complexity+llr"}.
   *
   * @param text the spec
   * @return the decision score
   * @throws IllegalArgumentException naming the text and the known scores
   */
  public static DecisionScore parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("score must not be blank; known scores: " + Score.known());
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Combination combination;
    String rest;
    if (t.startsWith(FISHER)) {
      combination = Combination.FISHER;
      rest = t.substring(FISHER.length());
    } else if (t.startsWith(TIPPETT)) {
      combination = Combination.TIPPETT;
      rest = t.substring(TIPPETT.length());
    } else {
      return single(Score.of(t));
    }
    List<Score> parts = new ArrayList<>();
    for (String part : rest.split("\\+")) {
      parts.add(Score.of(part));
    }
    if (parts.size() < 2) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': a combination takes at least two scores, e.g. fisher:complexity+llr or"
              + " tippett:complexity+local");
    }
    return new DecisionScore(parts, combination);
  }

  /**
   * Tells whether this combines several scores (by Fisher's or Tippett's method): its statistic is
   * then calibrated on a second half of the normal images.
   *
   * @return true for two or more components
   */
  public boolean isFisher() {
    return components.size() > 1;
  }

  /**
   * Returns the combined statistic of the components' p-values.
   *
   * @param pValues one per component, each in (0, 1]
   * @return Fisher's or Tippett's statistic, higher = more anomalous
   */
  public double statistic(double[] pValues) {
    if (combination != Combination.TIPPETT) {
      return fisherStatistic(pValues);
    }
    double smallest = 1;
    for (double p : pValues) {
      smallest = Math.min(smallest, p);
    }
    return -2 * Math.log(smallest);
  }

  /**
   * Returns Fisher's statistic for p-values of the components.
   *
   * @param pValues one per component, each in (0, 1]
   * @return {@code -2 sum ln p_j}
   */
  public static double fisherStatistic(double[] pValues) {
    double t = 0;
    for (double p : pValues) {
      t += -2 * Math.log(p);
    }
    return t;
  }

  /**
   * Returns the spec text, as {@link #parse} reads it.
   *
   * @return e.g. "fisher:complexity+llr"
   */
  public String id() {
    if (!isFisher()) {
      return components.get(0).id();
    }
    return components.stream()
        .map(Score::id)
        .collect(
            Collectors.joining("+", combination == Combination.TIPPETT ? TIPPETT : FISHER, ""));
  }

  @Override
  public String toString() {
    return id();
  }
}
