package io.flowspect.core.onnx;

import java.util.Arrays;

/**
 * Scores of one batch from a {@link DensityModel}, row i for input row i.
 *
 * <p>The arrays are not copied; equality compares contents.
 *
 * @param logPx natural log of the discrete likelihood of each image, in nats (always &lt;= 0 for a
 *     proper model of 8-bit images)
 * @param pixelNll per-pixel conditional negative log-likelihood in nats, [N][D] in CHW order; null
 *     when the graph has no pixel_nll output
 * @param latent a flow's standardised latent {@code z}, [N][D]; null unless it was asked for
 * @param pixelCdf per-pixel mid-distribution CDF, [N][D] in CHW order; null unless it was asked for
 */
public record DensityResult(
    double[] logPx, float[][] pixelNll, float[][] latent, float[][] pixelCdf) {

  /**
   * A result without the CDF.
   *
   * @param logPx log p(x) per row, nats
   * @param pixelNll per-pixel NLL, or null
   * @param latent the latent, or null
   */
  public DensityResult(double[] logPx, float[][] pixelNll, float[][] latent) {
    this(logPx, pixelNll, latent, null);
  }

  /**
   * A result without the latent.
   *
   * @param logPx log p(x) per row, nats
   * @param pixelNll per-pixel NLL, or null
   */
  public DensityResult(double[] logPx, float[][] pixelNll) {
    this(logPx, pixelNll, null, null);
  }

  /** Validates that the arrays describe the same rows. */
  public DensityResult {
    if (logPx == null) {
      throw new IllegalArgumentException("logPx must not be null");
    }
    GraphContracts.requireRows("pixelNll", pixelNll, "logPx", logPx.length);
    GraphContracts.requireRows("pixelCdf", pixelCdf, "logPx", logPx.length);
    GraphContracts.requireRows("latent", latent, "logPx", logPx.length);
  }

  /**
   * Returns the number of scored rows.
   *
   * @return N
   */
  public int size() {
    return logPx.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DensityResult other
        && Arrays.equals(logPx, other.logPx)
        && Arrays.deepEquals(pixelNll, other.pixelNll)
        && Arrays.deepEquals(latent, other.latent);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(logPx) + Arrays.deepHashCode(pixelNll))
        + Arrays.deepHashCode(latent);
  }

  @Override
  public String toString() {
    return "DensityResult["
        + logPx.length
        + " rows, pixelNll "
        + (pixelNll != null)
        + ", latent "
        + (latent != null)
        + "]";
  }
}
