package io.flowspect.trainer.graph;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A named trainable parameter: its shape and how its first values are drawn.
 *
 * @param name unique, dotted path such as {@code level0.step3.coupling.conv1.weight}
 * @param shape row-major shape
 * @param init how the initial values are produced
 */
public record ParamSpec(String name, long[] shape, Init init) {

  /** Initial values of a parameter. */
  @FunctionalInterface
  public interface Init {
    float[] values(long[] shape, SplittableRandom random);
  }

  public ParamSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("parameter name must not be blank");
    }
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "parameter " + name + " has a non-positive dimension: " + Arrays.toString(shape));
      }
    }
    shape = shape.clone();
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public static Init zeros() {
    return (shape, random) -> new float[Math.toIntExact(product(shape))];
  }

  public static Init constant(float value) {
    return (shape, random) -> {
      float[] v = new float[Math.toIntExact(product(shape))];
      Arrays.fill(v, value);
      return v;
    };
  }

  /**
   * He (Kaiming) normal initialisation for ReLU networks: std = sqrt(2 / fanIn), where fanIn is the
   * product of all dimensions but the output one (the first for conv weights [out, in, k, k], the
   * first too for matmul weights stored [in, out]: see {@code fanInAxisFirst}).
   */
  public static Init heNormal(long fanIn) {
    double std = Math.sqrt(2.0 / fanIn);
    return (shape, random) -> {
      float[] v = new float[Math.toIntExact(product(shape))];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (gaussian(random) * std);
      }
      return v;
    };
  }

  public static Init fixed(float[] values) {
    float[] copy = values.clone();
    return (shape, random) -> {
      if (copy.length != product(shape)) {
        throw new IllegalArgumentException(
            "fixed initial values have "
                + copy.length
                + " entries for shape "
                + Arrays.toString(shape));
      }
      return copy.clone();
    };
  }

  static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** A standard normal draw (Box-Muller), so that initial values depend only on the seed. */
  public static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
