package io.flowspect.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random train / validation split, so that a training run can be repeated exactly
 * from its recorded seed. Stateless.
 */
public final class DataSplit {

  /** Largest accepted validation fraction: beyond it the model would see too little data. */
  public static final double MAX_VALIDATION_FRACTION = 0.5;

  private DataSplit() {}

  /**
   * Splits a data set. The indices are shuffled (Fisher-Yates with {@code new
   * SplittableRandom(seed)}); the first {@code round(n * validationFraction)} of them, at most
   * {@code n - 1} so that training is never empty, go to validation. Both parts keep the input's
   * relative order.
   *
   * @param images the data set
   * @param validationFraction share of images held out, 0 to 0.5
   * @param seed random seed; the same seed and input give the same split
   * @return the split
   */
  public static Split split(List<ImageRecord> images, double validationFraction, long seed) {
    if (images == null) {
      throw new IllegalArgumentException("images must not be null");
    }
    int n = images.size();
    boolean[] held = heldOut(n, validationFraction, seed);
    List<ImageRecord> train = new ArrayList<>(n);
    List<ImageRecord> validation = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      (held[i] ? validation : train).add(images.get(i));
    }
    return new Split(train, validation);
  }

  /**
   * Chooses which of {@code n} items are held out, by the rule of {@link #split}: the same seed and
   * count hold out the same items, whatever they are (images, or whole frames before they are cut
   * into patches).
   *
   * @param n how many items
   * @param validationFraction share held out, 0 to 0.5
   * @param seed random seed
   * @return per item, true when held out
   */
  public static boolean[] heldOut(int n, double validationFraction, long seed) {
    if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, "
              + MAX_VALIDATION_FRACTION
              + "], got "
              + validationFraction);
    }
    int nValidation = (int) Math.min(Math.round(n * validationFraction), Math.max(0, n - 1));
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, new SplittableRandom(seed));
    boolean[] held = new boolean[n];
    for (int i = 0; i < nValidation; i++) {
      held[order[i]] = true;
    }
    return held;
  }

  /**
   * Shuffles indices in place (Fisher-Yates): the one shuffle behind every seeded split, so that a
   * split made elsewhere (an evaluation's re-splits) follows the same rule.
   *
   * @param order the indices to shuffle
   * @param random the random stream
   */
  public static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
