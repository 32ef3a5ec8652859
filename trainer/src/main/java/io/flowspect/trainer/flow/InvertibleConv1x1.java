package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Invertible 1x1 convolution, LU-parametrised (Glow, section 3.2): W = P L (U + diag(sign *
 * exp(logS))), so log |det W| = sum(logS) costs nothing and W stays invertible.
 *
 * <p>P and the signs are fixed at construction from the model seed; L, U and logS are trained. The
 * inverse weight is computed numerically from the trained values (it only serves sampling).
 */
final class InvertibleConv1x1 implements FlowStep {

  private final String lower;
  private final String upper;
  private final String logS;
  private final int channels;
  private final int pixels;
  private final float[] permutation;
  private final float[] signs;
  private final float[] initialLower;
  private final float[] initialUpper;
  private final float[] initialLogS;

  InvertibleConv1x1(String name, int channels, int height, int width, long seed) {
    this.lower = name + ".lower";
    this.upper = name + ".upper";
    this.logS = name + ".log_s";
    this.channels = channels;
    this.pixels = height * width;
    double[][] q = LinearAlgebra.randomOrthogonal(channels, new SplittableRandom(seed));
    LinearAlgebra.Lu lu = LinearAlgebra.decompose(q);
    int c = channels;
    permutation = LinearAlgebra.flatten(lu.p());
    signs = new float[c];
    initialLogS = new float[c];
    initialLower = new float[c * c];
    initialUpper = new float[c * c];
    for (int i = 0; i < c; i++) {
      double s = lu.upper()[i][i];
      signs[i] = s < 0 ? -1f : 1f;
      initialLogS[i] = (float) Math.log(Math.abs(s));
      for (int j = 0; j < c; j++) {
        if (j < i) {
          initialLower[i * c + j] = (float) lu.lower()[i][j];
        } else if (j > i) {
          initialUpper[i * c + j] = (float) lu.upper()[i][j];
        }
      }
    }
  }

  @Override
  public List<ParamSpec> parameters() {
    long[] square = {channels, channels};
    return List.of(
        new ParamSpec(lower, square, ParamSpec.fixed(initialLower)),
        new ParamSpec(upper, square, ParamSpec.fixed(initialUpper)),
        new ParamSpec(logS, new long[] {channels}, ParamSpec.fixed(initialLogS)));
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    int c = channels;
    float[] lowerMask = new float[c * c];
    float[] upperMask = new float[c * c];
    float[] eye = new float[c * c];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        lowerMask[i * c + j] = j < i ? 1f : 0f;
        upperMask[i * c + j] = j > i ? 1f : 0f;
      }
      eye[i * c + i] = 1f;
    }
    T identity = ops.constant(eye, c, c);
    T l = ops.add(ops.mul(ops.param(lower), ops.constant(lowerMask, c, c)), identity);
    T diagonal = ops.reshape(ops.mul(ops.constant(signs, c), ops.exp(ops.param(logS))), 1, c);
    T u =
        ops.add(
            ops.mul(ops.param(upper), ops.constant(upperMask, c, c)), ops.mul(identity, diagonal));
    T w = ops.matmul(ops.matmul(ops.constant(permutation, c, c), l), u);
    T y = ops.conv2d(x, ops.reshape(w, c, c, 1, 1), null, 0);
    return new Flowed<>(y, logDet(ops));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    double[][] inverse = LinearAlgebra.invert(weight(ops));
    T x =
        ops.conv2d(
            y, ops.constant(LinearAlgebra.flatten(inverse), channels, channels, 1, 1), null, 0);
    return new Flowed<>(x, logDet(ops));
  }

  /** W from the current parameter values, in doubles. */
  private double[][] weight(Ops<?> ops) {
    int c = channels;
    float[] l = ops.paramValues(lower);
    float[] u = ops.paramValues(upper);
    float[] s = ops.paramValues(logS);
    double[][] p = new double[c][c];
    double[][] lm = new double[c][c];
    double[][] um = new double[c][c];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        p[i][j] = permutation[i * c + j];
        if (j < i) {
          lm[i][j] = l[i * c + j];
        } else if (j > i) {
          um[i][j] = u[i * c + j];
        }
      }
      lm[i][i] = 1;
      um[i][i] = signs[i] * Math.exp(s[i]);
    }
    return LinearAlgebra.multiply(LinearAlgebra.multiply(p, lm), um);
  }

  private <T> T logDet(Ops<T> ops) {
    return ops.mul(ops.sum(ops.param(logS), 0), ops.scalar(pixels));
  }
}
