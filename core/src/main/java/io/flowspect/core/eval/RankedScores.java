package io.flowspect.core.eval;

import java.util.Arrays;

/**
 * The pooled scores of both samples grouped by distinct value, highest first, with the cumulative
 * counts of each sample at or above each value: the one pass every metric here is computed from.
 *
 * <p>Group k holds every score equal to {@code thresholds[k]}; flagging the scores {@code >=
 * thresholds[k]} flags {@code truePositives[k]} anomalous and {@code falsePositives[k]} normal
 * scores. Equal scores always land in the same group, so ties are never broken arbitrarily. {@code
 * -0.0} and {@code 0.0} are one value; the infinities are ordinary values.
 */
final class RankedScores {

  final double[] thresholds;
  final int[] truePositives;
  final int[] falsePositives;
  final int nNormal;
  final int nAnomalous;

  private RankedScores(
      double[] thresholds, int[] truePositives, int[] falsePositives, int nNormal, int nAnomalous) {
    this.thresholds = thresholds;
    this.truePositives = truePositives;
    this.falsePositives = falsePositives;
    this.nNormal = nNormal;
    this.nAnomalous = nAnomalous;
  }

  /**
   * Validates, sorts and groups the scores in O(n log n).
   *
   * @param normal scores of normal images (negatives), at least one, no NaN
   * @param anomalous scores of anomalous images (positives), at least one, no NaN
   */
  static RankedScores of(double[] normal, double[] anomalous) {
    double[] neg = sortedCopy(normal, "normal");
    double[] pos = sortedCopy(anomalous, "anomalous");
    int capacity = neg.length + pos.length;
    double[] thresholds = new double[capacity];
    int[] tp = new int[capacity];
    int[] fp = new int[capacity];
    int i = neg.length - 1;
    int j = pos.length - 1;
    int tpCount = 0;
    int fpCount = 0;
    int groups = 0;
    while (i >= 0 || j >= 0) {
      double value = i < 0 ? pos[j] : j < 0 ? neg[i] : Math.max(neg[i], pos[j]);
      while (i >= 0 && neg[i] == value) {
        fpCount++;
        i--;
      }
      while (j >= 0 && pos[j] == value) {
        tpCount++;
        j--;
      }
      thresholds[groups] = value;
      tp[groups] = tpCount;
      fp[groups] = fpCount;
      groups++;
    }
    return new RankedScores(
        Arrays.copyOf(thresholds, groups),
        Arrays.copyOf(tp, groups),
        Arrays.copyOf(fp, groups),
        neg.length,
        pos.length);
  }

  /** Number of distinct score values. */
  int groups() {
    return thresholds.length;
  }

  /**
   * Area under the ROC curve as the Mann–Whitney statistic: the fraction of (normal, anomalous)
   * pairs in which the anomalous score is higher, a tie counting 1/2. Summed exactly in integers as
   * twice the trapezoidal area, so the only rounding is the final division.
   */
  double auroc() {
    long twiceArea = 0;
    int prevTp = 0;
    int prevFp = 0;
    for (int k = 0; k < groups(); k++) {
      long newNegatives = falsePositives[k] - prevFp;
      twiceArea += newNegatives * ((long) prevTp + truePositives[k]);
      prevTp = truePositives[k];
      prevFp = falsePositives[k];
    }
    return twiceArea / (2.0 * nNormal * nAnomalous);
  }

  /**
   * Average precision: {@code sum_k (R_k - R_{k-1}) * P_k} over the distinct thresholds, the
   * step-wise (non-interpolated) area under the precision-recall curve, as in scikit-learn's {@code
   * average_precision_score}.
   */
  double averagePrecision() {
    double sum = 0;
    int prevTp = 0;
    for (int k = 0; k < groups(); k++) {
      int gained = truePositives[k] - prevTp;
      if (gained > 0) {
        double precision = (double) truePositives[k] / (truePositives[k] + falsePositives[k]);
        sum += gained * precision;
      }
      prevTp = truePositives[k];
    }
    return sum / nAnomalous;
  }

  /** The smallest FPR among the thresholds whose TPR is at least {@code minTpr}. */
  double fprAtTpr(double minTpr) {
    for (int k = 0; k < groups(); k++) {
      if ((double) truePositives[k] / nAnomalous >= minTpr) {
        return (double) falsePositives[k] / nNormal;
      }
    }
    throw new AssertionError("the lowest threshold flags every anomalous score");
  }

  private static double[] sortedCopy(double[] scores, String name) {
    if (scores == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException(name + " must hold at least one score, got 0");
    }
    double[] copy = new double[scores.length];
    for (int k = 0; k < scores.length; k++) {
      if (Double.isNaN(scores[k])) {
        throw new IllegalArgumentException(name + "[" + k + "] is NaN");
      }
      copy[k] = scores[k] + 0.0; // -0.0 + 0.0 == +0.0: one value for the sort and the grouping
    }
    Arrays.sort(copy);
    return copy;
  }
}
