package io.flowspect.core.signal;

/**
 * One window's decision within a recording.
 *
 * @param channel the channel, from 0
 * @param startSample its first sample
 * @param value the decision score's anomaly value for the window (higher = more anomalous; a value
 *     the model could not give finitely stands at the anomalous end of the doubles, as every score)
 * @param pValue the window's conformal p-value against normal windows; null, never NaN, when the
 *     bundle is not calibrated (as a record's {@code p_value})
 */
public record WindowScore(int channel, int startSample, double value, Double pValue) {

  /**
   * A window's decision as outputs state it.
   *
   * @param channel the channel
   * @param startSample its first sample
   * @param value its anomaly value, finite
   * @param pValue its p-value, or NaN when not calibrated
   * @return the window score, with a null p-value for NaN
   */
  public static WindowScore of(int channel, int startSample, double value, double pValue) {
    return new WindowScore(channel, startSample, value, Double.isNaN(pValue) ? null : pValue);
  }
}
