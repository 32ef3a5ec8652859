package io.flowspect.core.score;

/**
 * What a score is when the model cannot give it as a finite number.
 *
 * <p>An image far enough from the training data can overflow a model's arithmetic: a flow's scales
 * or a Gaussian conditional's squared distance reach infinity in float32, and infinities meeting in
 * later layers give NaN (the reference MAF gives NaN for an all-white frame, a checkerboard or
 * uniform noise). Such an image is as far from normal as the model can tell, so each non-finite
 * score is reported at the anomalous end of the finite doubles ({@link Double#MAX_VALUE}, negated
 * for scores where higher is normal): the decision, its p-value (the minimum, as for any image
 * beyond every calibration image) and the alert follow by themselves, and no record, metric or
 * answer carries a NaN or a null. {@link ScoreTable#nonFinite} tells such rows apart, and records
 * name them with {@link #REASON}.
 */
public final class NonFinite {

  /** The reason records give for an image whose model pass was not finite. */
  public static final String REASON = "non_finite";

  private NonFinite() {}

  /**
   * Returns a score value as reported.
   *
   * @param score the score, for its orientation
   * @param value the computed value
   * @return the value when finite, else the largest finite value on its anomalous side
   */
  public static double saturate(Score score, double value) {
    if (Double.isFinite(value)) {
      return value;
    }
    return score.higherIsAnomalous() ? Double.MAX_VALUE : -Double.MAX_VALUE;
  }

  /**
   * Replaces every non-finite value of a column in place.
   *
   * @param score the column's score
   * @param values the column
   * @return {@code values}
   */
  public static double[] saturate(Score score, double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = saturate(score, values[i]);
    }
    return values;
  }

  /**
   * Returns a per-pixel evidence value (higher is more anomalous) as pixel-level metrics rank it: a
   * value the model could not give finitely stands at the anomalous end, like a score.
   *
   * @param value an evidence map's value
   * @return the value when finite, else {@link Double#MAX_VALUE}
   */
  public static double evidence(double value) {
    return Double.isFinite(value) || value == Double.NEGATIVE_INFINITY ? value : Double.MAX_VALUE;
  }

  /**
   * Tells whether a reported value stands for a non-finite one.
   *
   * @param value a reported score
   * @return true at plus or minus {@link Double#MAX_VALUE}
   */
  public static boolean isSaturated(double value) {
    return value == Double.MAX_VALUE || value == -Double.MAX_VALUE;
  }
}
