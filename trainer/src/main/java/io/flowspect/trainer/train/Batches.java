package io.flowspect.trainer.train;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import java.util.List;
import java.util.SplittableRandom;

/** Turns preprocessed images into the model's float input [N, D], raw 0..255 values. */
final class Batches {

  private Batches() {}

  static float[] pixels(List<ImageRecord> images, int from, int to) {
    return pixels(images, null, from, to);
  }

  /** Images {@code order[from..to)} (or {@code from..to} when order is null) as [N, D] floats. */
  static float[] pixels(List<ImageRecord> images, int[] order, int from, int to) {
    int d = images.get(order == null ? from : order[from]).chw().length;
    float[] out = new float[(to - from) * d];
    for (int i = from; i < to; i++) {
      byte[] chw = images.get(order == null ? i : order[i]).chw();
      int base = (i - from) * d;
      for (int j = 0; j < d; j++) {
        out[base + j] = chw[j] & 0xff;
      }
    }
    return out;
  }

  /**
   * The one-hot classes [N, C] of images {@code order[from..to)} (or {@code from..to}) under a
   * condition; null when the condition is null.
   *
   * @throws IllegalArgumentException naming the image whose label is missing or unknown
   */
  static float[] oneHot(
      List<ImageRecord> images, int[] order, int from, int to, Condition condition) {
    if (condition == null) {
      return null;
    }
    int c = condition.size();
    float[] out = new float[(to - from) * c];
    for (int i = from; i < to; i++) {
      ImageRecord r = images.get(order == null ? i : order[i]);
      int k;
      try {
        k = condition.index(r.label());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + r.id() + ": " + e.getMessage(), e);
      }
      out[(i - from) * c + k] = 1f;
    }
    return out;
  }

  /** Binarises [N, D] floats in place with the input contract (after background mutation). */
  static void binarize(float[] pixels, InputSpec spec) {
    if (!spec.isBinarized()) {
      return;
    }
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) pixels[i];
    }
    float[] back = InputSpec.toFloats(spec.binarize(bytes));
    System.arraycopy(back, 0, pixels, 0, pixels.length);
  }

  /** Replaces each value with a uniform level 0..255 with probability {@code rate}, in place. */
  static void mutate(float[] pixels, double rate, SplittableRandom random) {
    if (rate <= 0) {
      return;
    }
    for (int i = 0; i < pixels.length; i++) {
      if (random.nextDouble() < rate) {
        pixels[i] = random.nextInt(256);
      }
    }
  }

  /** Uniform dequantisation offsets in [0, 1). */
  static float[] uniform(int n, SplittableRandom random) {
    float[] u = new float[n];
    for (int i = 0; i < n; i++) {
      u[i] = (float) random.nextDouble();
    }
    return u;
  }

  /** Standard-normal draws (the noise of a VAE's reparameterised samples). */
  static float[] gaussian(int n, SplittableRandom random) {
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      g[i] = (float) io.flowspect.core.score.ImportanceSampling.standardNormal(random);
    }
    return g;
  }

  /** A seeded permutation of 0..n-1 (Fisher-Yates). */
  static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
