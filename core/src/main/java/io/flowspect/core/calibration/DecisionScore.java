package io.flowspect.core.calibration;

import io.flowspect.core.score.Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The anomaly score a decision is made on: one {@link Score}, or Fisher's combination of several.
 *
 * <p>Fisher's method turns the conformal p-values p_1..p_k of k scores into one statistic {@code T
 * = -2 sum ln p_j} (higher = more anomalous), which is large when any score is very surprising or
 * several are somewhat surprising. It helps when scores see different failures (the likelihood
 * ratio catches semantic outliers, complexity catches simple ones). T is itself calibrated
 * conformally on the normal images, each judged against the others ({@link Calibrator}), so its
 * false-positive rate holds even though the scores are dependent.
 *
 * <p>Tippett's method takes the smallest p-value instead, {@code T = -2 ln min p_j}: large only
 * when one score is very surprising, whatever the others say. It suits scores that see disjoint
 * failures, a global and a local one: an image that is all wrong (another dataset) or wrong in one
 * spot (a defect) rarely shows both, and Fisher's sum then pays, in power, for the score that sees
 * nothing. Calibrated the same way.
 *
 * <p>Tippett's method may give its scores unequal shares of the false-positive budget: {@code
 * "tippett:complexity+local*0.2"} gives {@code local} 0.2 and {@code complexity} the rest, and the
 * statistic becomes {@code -2 ln min_j (p_j / (k w_j))} (Bonferroni's weighted form; with equal
 * weights {@code w_j = 1/k} it is the unweighted statistic). It suits a global score that must keep
 * most of its power on whole-image anomalies and a local score that should still add what it sees.
 *
 * <p>Written {@code "complexity"}, {@code "fisher:complexity+llr"}, {@code
 * "tippett:complexity+local"} or {@code "tippett:complexity+local*0.2"}.
 *
 * @param components the scores, one for a single score, two or more for a combination
 * @param combination how two or more scores' p-values are combined; null for a single score
 * @param weights each component's share of the false-positive budget (Tippett only), summing to 1;
 *     null for equal shares
 */
public record DecisionScore(List<Score> components, Combination combination, double[] weights) {

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

  /**
   * A combination with equal shares, or a single score.
   *
   * @param components the scores
   * @param combination how their p-values are combined; null for a single score
   */
  public DecisionScore(List<Score> components, Combination combination) {
    this(components, combination, null);
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
    if (weights != null) {
      if (combination != Combination.TIPPETT) {
        throw new IllegalArgumentException(
            "weights are for Tippett's combination only, e.g. tippett:complexity+local*0.2");
      }
      if (weights.length != components.size()) {
        throw new IllegalArgumentException(
            weights.length + " weights for " + components.size() + " scores");
      }
      double sum = 0;
      for (double w : weights) {
        if (!(w > 0 && w < 1)) {
          throw new IllegalArgumentException("a score's weight must be in (0, 1), got " + w);
        }
        sum += w;
      }
      if (Math.abs(sum - 1) > 1e-9) {
        throw new IllegalArgumentException("weights must sum to 1, got " + sum);
      }
      weights = weights.clone();
      if (isEqual(weights)) {
        weights = null;
      }
    }
  }

  private static boolean isEqual(double[] weights) {
    for (double w : weights) {
      if (Math.abs(w - 1.0 / weights.length) > 1e-12) {
        return false;
      }
    }
    return true;
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
    List<Double> given = new ArrayList<>();
    for (String part : rest.split("\\+")) {
      int star = part.indexOf('*');
      parts.add(Score.of(star < 0 ? part : part.substring(0, star)));
      given.add(star < 0 ? null : weight(text, part.substring(star + 1)));
    }
    if (parts.size() < 2) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': a combination takes at least two scores, e.g. fisher:complexity+llr or"
              + " tippett:complexity+local");
    }
    return new DecisionScore(parts, combination, weights(text, given));
  }

  private static double weight(String text, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': weight '"
              + value
              + "' is not a number, e.g. tippett:complexity+local*0.2");
    }
  }

  /** Given weights, with the rest of the budget shared by the scores that name none; or null. */
  private static double[] weights(String text, List<Double> given) {
    double named = 0;
    int unnamed = 0;
    for (Double w : given) {
      if (w == null) {
        unnamed++;
      } else {
        named += w;
      }
    }
    if (unnamed == given.size()) {
      return null;
    }
    if (unnamed == 0 ? Math.abs(named - 1) > 1e-9 : !(named < 1)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': the weights must sum to 1, or to less with a score left to share the rest");
    }
    double[] out = new double[given.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = given.get(j) == null ? (1 - named) / unnamed : given.get(j);
    }
    return out;
  }

  /**
   * Tells whether this combines several scores (by Fisher's or Tippett's method): its statistic is
   * then calibrated with each normal image judged against the others.
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
    double smallest = Double.POSITIVE_INFINITY;
    for (int j = 0; j < pValues.length; j++) {
      double share = weights == null ? 1 : pValues.length * weights[j];
      smallest = Math.min(smallest, pValues[j] / share);
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
    StringBuilder out = new StringBuilder(combination == Combination.TIPPETT ? TIPPETT : FISHER);
    for (int j = 0; j < components.size(); j++) {
      out.append(j == 0 ? "" : "+").append(components.get(j).id());
      if (weights != null) {
        out.append('*').append(weightText(weights[j]));
      }
    }
    return out.toString();
  }

  private static String weightText(double w) {
    String t = String.format(Locale.ROOT, "%.6f", w).replaceAll("0+$", "");
    return t.endsWith(".") ? t + "0" : t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecisionScore d
        && components.equals(d.components)
        && combination == d.combination
        && Arrays.equals(weights, d.weights);
  }

  @Override
  public int hashCode() {
    return components.hashCode() * 31
        + Objects.hashCode(combination) * 7
        + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return id();
  }
}
