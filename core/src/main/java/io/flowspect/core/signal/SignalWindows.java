package io.flowspect.core.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording into the windows a model takes: back to back from the first sample, and, when
 * the length is not a multiple of the window, one more window ending at the last sample (it
 * overlaps the one before), so every sample is scored and no window is padded with samples the
 * sensor never sent.
 */
public final class SignalWindows {

  private SignalWindows() {}

  /**
   * Returns the first sample of every window of one channel.
   *
   * @param samples samples per channel, at least {@code width}
   * @param width samples per window, positive
   * @return the starts, ascending
   * @throws IllegalArgumentException when the recording is shorter than one window
   */
  public static int[] starts(int samples, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("a window needs at least one sample, got " + width);
    }
    if (samples < width) {
      throw new IllegalArgumentException(
          samples + " samples per channel, shorter than one window of " + width);
    }
    List<Integer> out = new ArrayList<>();
    for (int s = 0; s + width <= samples; s += width) {
      out.add(s);
    }
    if (samples % width != 0) {
      out.add(samples - width);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
