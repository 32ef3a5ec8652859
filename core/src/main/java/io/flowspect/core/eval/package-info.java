/**
 * Detection metrics over two samples of anomaly scores: {@link
 * io.flowspect.core.eval.DetectionMetrics} (AUROC, AUPRC, FPR at a fixed TPR) and the {@link
 * io.flowspect.core.eval.RocCurve} behind them.
 *
 * <p>Convention everywhere: a higher score is more anomalous, an image is flagged when its score is
 * at or above the threshold, the {@code normal} scores are the negatives and the {@code anomalous}
 * scores the positives.
 */
package io.flowspect.core.eval;
