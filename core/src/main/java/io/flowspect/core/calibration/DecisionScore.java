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
 * <p>Written {@code "complexity"} or {@code "fisher:complexity+llr"}.
 *
 * @param components the scores, one for a single score, two or more for Fisher
 */
public record DecisionScore(List<Score> components) {

  private static final String FISHER = "fisher:";

  /** Validates and copies. */
  public DecisionScore {
    if (components == null || components.isEmpty()) {
      throw new IllegalArgumentException("a decision score needs at least one score");
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
    if (!t.startsWith(FISHER)) {
      return single(Score.of(t));
    }
    List<Score> parts = new ArrayList<>();
    for (String part : t.substring(FISHER.length()).split("\\+")) {
      parts.add(Score.of(part));
    }
    if (parts.size() < 2) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': Fisher's method combines at least two scores, e.g. fisher:complexity+llr");
    }
    return new DecisionScore(parts);
  }

  /**
   * Tells whether this is Fisher's combination.
   *
   * @return true for two or more components
   */
  public boolean isFisher() {
    return components.size() > 1;
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
    return components.stream().map(Score::id).collect(Collectors.joining("+", FISHER, ""));
  }

  @Override
  public String toString() {
    return id();
  }
}
