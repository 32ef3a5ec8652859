package io.flowspect.core.score;

import io.flowspect.core.image.InputSpec;
import java.util.function.IntToDoubleFunction;

/**
 * What one batch's passes gave, for the {@link Score} formulas: the model's log p(x) (a latent
 * model's IWAE bound), its bounds, the background's log p(x) when it ran, the typical bits/dim and
 * the compressor. Formulas read it and return a new column (or a column of a pass, unchanged); none
 * writes into it.
 */
final class Passes {

  private final InputSpec spec;
  private final byte[][] inputs;
  private final double[] logPx;
  private final ImportanceSampling.Bounds bounds;
  private final double[] background;
  private final double typicalBpd;
  private final LosslessCompressor compressor;
  private double[] bpd;

  Passes(
      InputSpec spec,
      byte[][] inputs,
      double[] logPx,
      ImportanceSampling.Bounds bounds,
      double[] background,
      double typicalBpd,
      LosslessCompressor compressor) {
    this.spec = spec;
    this.inputs = inputs;
    this.logPx = logPx;
    this.bounds = bounds;
    this.background = background;
    this.typicalBpd = typicalBpd;
    this.compressor = compressor;
  }

  /** log p(x) of each image, nats. */
  double[] logPx() {
    return logPx;
  }

  /** -log2 p(x) / D of each image, bits/dim; computed once per batch. */
  double[] bpd() {
    if (bpd == null) {
      bpd = each(i -> Bits.bitsPerDim(logPx[i], spec.dims()));
    }
    return bpd;
  }

  /** log p(x) of each image under the background model, nats. */
  double[] background() {
    return background;
  }

  /** The ELBO, IWAE and LLR^{&gt;k} of a latent model. */
  ImportanceSampling.Bounds bounds() {
    return bounds;
  }

  /** The typical bits/dim H of normal images. */
  double typicalBpd() {
    return typicalBpd;
  }

  /** Length of image i under the lossless compressor, bits per dimension. */
  double compressedBpd(int i) {
    return (double) compressor.bits(inputs[i], spec) / spec.dims();
  }

  /** The values per dimension of the model input, D. */
  int dims() {
    return spec.dims();
  }

  /** A new column with f(i) for each image. */
  double[] each(IntToDoubleFunction f) {
    double[] out = new double[logPx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(i);
    }
    return out;
  }
}
