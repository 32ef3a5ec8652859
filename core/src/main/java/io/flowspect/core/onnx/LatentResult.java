package io.flowspect.core.onnx;

import io.flowspect.core.bundle.BundleContract;

/**
 * Log importance weights of a batch from a {@link LatentModel}, row i for input row i.
 *
 * @param logW log p(x, z_k) - log q(z_k | x) of each image's K samples, nats, [N][K]
 * @param logWk the weights of the L^{&gt;k} bound in the same layout, or null when the graph has no
 *     {@value BundleContract.Tensor#LOG_W_K} output
 * @param pixelNll each image's per-sub-pixel NLL at the posterior mean, nats, [N][D]; null unless
 *     asked for and the graph has the {@value BundleContract.Tensor#PIXEL_NLL} output
 * @param pixelCdf each image's per-sub-pixel mid-distribution CDF at the posterior mean, [N][D];
 *     null unless asked for and the graph has the {@value BundleContract.Tensor#PIXEL_CDF} output
 */
public record LatentResult(
    float[][] logW, float[][] logWk, float[][] pixelNll, float[][] pixelCdf) {

  /**
   * Weights and, optionally, the NLL map.
   *
   * @param logW the weights, [N][K]
   * @param logWk the L^{&gt;k} weights, or null
   * @param pixelNll the map, or null
   */
  public LatentResult(float[][] logW, float[][] logWk, float[][] pixelNll) {
    this(logW, logWk, pixelNll, null);
  }

  /**
   * Weights without a map.
   *
   * @param logW the weights, [N][K]
   * @param logWk the L^{&gt;k} weights, or null
   */
  public LatentResult(float[][] logW, float[][] logWk) {
    this(logW, logWk, null, null);
  }

  /** Checks that the arrays describe the same rows. */
  public LatentResult {
    if (logW == null) {
      throw new IllegalArgumentException("logW must not be null");
    }
    GraphContracts.requireRows("logWk", logWk, "logW", logW.length);
    GraphContracts.requireRows("pixelCdf", pixelCdf, "logW", logW.length);
    GraphContracts.requireRows("pixelNll", pixelNll, "logW", logW.length);
  }

  /**
   * Returns the number of images.
   *
   * @return N
   */
  public int size() {
    return logW.length;
  }
}
