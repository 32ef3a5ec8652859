package io.flowspect.core.eval;

/**
 * How well one anomaly score separates normal from anomalous images, threshold-free (AUROC, AUPRC)
 * and at the operating points the out-of-distribution literature reports (FPR at 95% and at 80%
 * TPR, the latter the "FPR80" of Ren et al. 2019, <i>Likelihood Ratios for Out-of-Distribution
 * Detection</i>).
 *
 * <p>Higher scores are more anomalous; {@code normal} scores are the negatives, {@code anomalous}
 * scores the positives. All rates are fractions in [0, 1].
 *
 * @param auroc area under the ROC curve: the probability that a random anomalous image scores
 *     higher than a random normal one, ties counting 1/2 (0.5 = no separation, 1 = perfect, 0 =
 *     perfectly reversed)
 * @param auprc average precision with the anomalous images as positives (its chance level is the
 *     anomalous fraction, not 0.5)
 * @param fprAt95Tpr fraction of normal images flagged at the strictest threshold that flags at
 *     least 95% of the anomalous ones
 * @param fprAt80Tpr the same at 80% of the anomalous ones
 * @param nNormal number of normal scores, at least 1
 * @param nAnomalous number of anomalous scores, at least 1
 */
public record DetectionMetrics(
    double auroc, double auprc, double fprAt95Tpr, double fprAt80Tpr, int nNormal, int nAnomalous) {

  /** Validates that the rates are fractions and the counts positive. */
  public DetectionMetrics {
    checkFraction("auroc", auroc);
    checkFraction("auprc", auprc);
    checkFraction("fprAt95Tpr", fprAt95Tpr);
    checkFraction("fprAt80Tpr", fprAt80Tpr);
    if (nNormal < 1) {
      throw new IllegalArgumentException("nNormal must be at least 1, got " + nNormal);
    }
    if (nAnomalous < 1) {
      throw new IllegalArgumentException("nAnomalous must be at least 1, got " + nAnomalous);
    }
  }

  /**
   * Computes all metrics in one O(n log n) pass over the pooled, sorted scores.
   *
   * <p>AUROC is exact with ties (the Mann–Whitney U statistic divided by {@code nNormal *
   * nAnomalous}). AUPRC is the step-wise average precision {@code sum (R_k - R_{k-1}) P_k} over the
   * distinct thresholds (tied scores are flagged together, never split), as in scikit-learn. FPR at
   * TPR t is the smallest FPR among the thresholds whose TPR is at least t. Infinite scores are
   * valid: {@code +Infinity} ties with {@code +Infinity} and outranks every finite score.
   *
   * @param normal scores of normal images, at least one, none NaN; not modified
   * @param anomalous scores of anomalous images, at least one, none NaN; not modified
   * @return the metrics
   * @throws IllegalArgumentException if an array is null or empty or holds a NaN (the message names
   *     the array and the index)
   */
  public static DetectionMetrics of(double[] normal, double[] anomalous) {
    RankedScores ranked = RankedScores.of(normal, anomalous);
    return new DetectionMetrics(
        ranked.auroc(),
        ranked.averagePrecision(),
        ranked.fprAtTpr(0.95),
        ranked.fprAtTpr(0.80),
        ranked.nNormal,
        ranked.nAnomalous);
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }
}
