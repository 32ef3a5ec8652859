package io.flowspect.core.frames;

/**
 * How many frames a benchmark category holds.
 *
 * @param train good frames in {@code train/good}
 * @param testGood good frames in {@code test/good}
 * @param perDefect frames of each defect kind in {@code test/<defect>}, severities in turn
 */
public record FrameCounts(int train, int testGood, int perDefect) {

  /** Checks the counts. */
  public FrameCounts {
    if (train < 1 || testGood < 0 || perDefect < 0) {
      throw new IllegalArgumentException(
          "need at least 1 training frame and no negative count, got "
              + train
              + ", "
              + testGood
              + ", "
              + perDefect);
    }
  }

  /**
   * Returns every frame of a category.
   *
   * @return train + test good + every defect kind's
   */
  public int total() {
    return train + testGood + perDefect * FrameDefect.values().length;
  }
}
