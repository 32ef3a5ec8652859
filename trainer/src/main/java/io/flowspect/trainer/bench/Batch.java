package io.flowspect.trainer.bench;

import io.flowspect.core.image.InputSpec;
import java.util.List;

/**
 * One batch of images in every form a workload may take, converted before timing so that every
 * engine is timed from the same starting point: what a caller already holds in memory.
 *
 * @param chw the images, unsigned bytes in CHW order (what {@link
 *     io.flowspect.core.score.Scorer#score} takes)
 * @param rows the same as raw 0..255 floats, one row per image (what {@link
 *     io.flowspect.core.onnx.DensityModel#score} takes)
 * @param flat the same rows back to back, [N, D] (what a DJL array is created from)
 */
public record Batch(List<byte[]> chw, float[][] rows, float[] flat) {

  public Batch {
    chw = List.copyOf(chw);
  }

  /** Converts images once into all three forms. */
  public static Batch of(List<byte[]> images) {
    int n = images.size();
    float[][] rows = new float[n][];
    int d = n == 0 ? 0 : images.get(0).length;
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      rows[i] = InputSpec.toFloats(images.get(i));
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return new Batch(images, rows, flat);
  }

  public int size() {
    return chw.size();
  }
}
