package io.flowspect.core.signal;

import java.util.List;

/**
 * What the judgement of a sensor recording adds to an image's: how it was windowed, every window's
 * decision, the hottest time span and a trace to draw.
 *
 * @param sampleRateHz samples per second per channel
 * @param channels channels
 * @param samples samples per channel
 * @param windowSamples samples per window, the model's input width
 * @param windows every window's decision, channel by channel, in time order
 * @param hottest where the evidence is strongest
 * @param trace the recording and its per-sample evidence, reduced; null when the calibration holds
 *     no map statistics
 */
public record SignalFinding(
    double sampleRateHz,
    int channels,
    int samples,
    int windowSamples,
    List<WindowScore> windows,
    SignalSpan hottest,
    SignalTrace trace) {

  /** Copies the list. */
  public SignalFinding {
    windows = List.copyOf(windows);
  }
}
