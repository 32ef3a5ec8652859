package io.flowspect.core.local;

/**
 * Turns a frame's raw evidence into its {@link FrameScore}: the one definition that calibration,
 * scoring and evaluation share. Thread-safe (it only reads its reference and decision).
 */
public final class FrameScoring {

  private final FrameReference reference;
  private final FrameDecision decision;

  /**
   * Creates the scoring of a calibration's reference and decision.
   *
   * @param reference per-position statistics of good frames
   * @param decision how the frame's peaks are weighed
   */
  public FrameScoring(FrameReference reference, FrameDecision decision) {
    this.reference = reference;
    this.decision = decision;
  }

  /**
   * Scores a frame.
   *
   * @param evidence the frame's raw evidence
   * @return its anomaly map, peaks and score
   */
  public FrameScore score(FrameEvidence evidence) {
    float[] a = reference.anomalyMap(evidence);
    FramePeaks peaks = reference.peaks(evidence, a);
    double[] p = decision.pValues(peaks);
    return new FrameScore(a, peaks, p, decision.score(p));
  }
}
