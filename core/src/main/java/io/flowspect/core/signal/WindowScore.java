package io.flowspect.core.signal;

/**
 * One window's decision within a recording.
 *
 * @param channel the channel, from 0
 * @param startSample its first sample
 * @param value the decision score's anomaly value for the window (higher = more anomalous)
 * @param pValue the window's conformal p-value against normal windows; NaN when not calibrated
 */
public record WindowScore(int channel, int startSample, double value, double pValue) {}
