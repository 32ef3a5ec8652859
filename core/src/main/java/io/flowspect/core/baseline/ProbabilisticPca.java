package io.flowspect.core.baseline;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Probabilistic PCA (Tipping and Bishop 1999): a Gaussian over the dequantised image y = (x + 1/2)
 * / 256 whose covariance is W W^T + sigma^2 I, a few directions of variation plus isotropic noise.
 * Fitted by EM on the sample covariance; the covariance of the dequantisation noise (1 / (12 *
 * 256^2) per sub-pixel) is added to it, so that sigma^2 cannot shrink below a bin's width and the
 * bin-centre density times the bin width stays a probability. log p(x) = log N(y; mu, C) - D ln
 * 256, as for the flows.
 *
 * <p>Everything the density needs at scoring time is q x q: C^-1 = (I - W M^-1 W^T) / sigma^2 and
 * log |C| = (D - q) log sigma^2 + log |M|, with M = W^T W + sigma^2 I.
 */
public final class ProbabilisticPca implements BaselineDensity {

  private static final double DEQUANTISATION_VARIANCE = 1.0 / (12.0 * 256 * 256);

  private final int dims;
  private final int components;
  private final double[] mean;
  private final double[][] w;
  private final double sigma2;
  private final double[][] mInverse;
  private final double logDetC;

  private ProbabilisticPca(double[] mean, double[][] w, double sigma2) {
    this.dims = mean.length;
    this.components = w[0].length;
    this.mean = mean;
    this.w = w;
    this.sigma2 = sigma2;
    double[][] m = gram(w, sigma2);
    Cholesky c = Cholesky.of(m);
    this.mInverse = c.inverse();
    this.logDetC = (dims - components) * Math.log(sigma2) + c.logDet();
  }

  /**
   * Fits by EM.
   *
   * @param images training images, CHW 8-bit, each {@code dims} long; more than {@code components}
   * @param dims sub-pixels per image
   * @param components q, the directions of variation, at least 1 and below {@code dims}
   * @param iterations EM iterations, at least 1
   * @param seed seed of W's starting point
   * @return the fitted density
   * @throws IllegalArgumentException for too few images, a bad q or an image of another length
   */
  public static ProbabilisticPca fit(
      List<byte[]> images, int dims, int components, int iterations, long seed) {
    if (components < 1 || components >= dims) {
      throw new IllegalArgumentException(
          "ppca components must be in [1, " + (dims - 1) + "], got " + components);
    }
    if (images.size() <= components) {
      throw new IllegalArgumentException(
          "ppca with " + components + " components needs more images, got " + images.size());
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("ppca iterations must be at least 1, got " + iterations);
    }
    int n = images.size();
    double[] mean = new double[dims];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = dequantised(IndependentPixels.checked(images.get(i), dims, i));
      for (int d = 0; d < dims; d++) {
        mean[d] += y[i][d] / n;
      }
    }
    for (double[] row : y) {
      for (int d = 0; d < dims; d++) {
        row[d] -= mean[d];
      }
    }
    double[][] s = covariance(y, dims);
    double trace = 0;
    for (int d = 0; d < dims; d++) {
      s[d][d] += DEQUANTISATION_VARIANCE;
      trace += s[d][d];
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] w = new double[dims][components];
    for (double[] row : w) {
      for (int k = 0; k < components; k++) {
        row[k] = 0.01 * gaussian(random);
      }
    }
    double sigma2 = trace / dims;
    for (int it = 0; it < iterations; it++) {
      double[][] mInv = Cholesky.of(gram(w, sigma2)).inverse();
      double[][] sw = product(s, w);
      // W' = S W (sigma^2 I + M^-1 W^T S W)^-1
      double[][] inner = multiply(mInv, multiply(transpose(w), sw));
      for (int k = 0; k < components; k++) {
        inner[k][k] += sigma2;
      }
      double[][] next = multiply(sw, Cholesky.inverseOfGeneral(inner));
      // sigma^2' = tr(S - S W M^-1 W'^T) / D
      double[][] swm = multiply(sw, mInv);
      double explained = 0;
      for (int d = 0; d < dims; d++) {
        for (int k = 0; k < components; k++) {
          explained += swm[d][k] * next[d][k];
        }
      }
      w = next;
      sigma2 = Math.max((trace - explained) / dims, DEQUANTISATION_VARIANCE);
    }
    return new ProbabilisticPca(mean, w, sigma2);
  }

  private static double[] dequantised(byte[] x) {
    double[] y = new double[x.length];
    for (int d = 0; d < x.length; d++) {
      y[d] = ((x[d] & 0xFF) + 0.5) / 256.0;
    }
    return y;
  }

  /** Y^T Y / N for centred rows, computed in parallel over the rows of the result. */
  private static double[][] covariance(double[][] y, int dims) {
    double[][] s = new double[dims][dims];
    int n = y.length;
    IntStream.range(0, dims)
        .parallel()
        .forEach(
            i -> {
              double[] row = s[i];
              for (double[] v : y) {
                double vi = v[i] / n;
                if (vi != 0) {
                  for (int j = i; j < dims; j++) {
                    row[j] += vi * v[j];
                  }
                }
              }
            });
    for (int i = 0; i < dims; i++) {
      for (int j = 0; j < i; j++) {
        s[i][j] = s[j][i];
      }
    }
    return s;
  }

  /** M = W^T W + sigma^2 I. */
  private static double[][] gram(double[][] w, double sigma2) {
    double[][] m = multiply(transpose(w), w);
    for (int k = 0; k < m.length; k++) {
      m[k][k] += sigma2;
    }
    return m;
  }

  /** S W for a large square S, in parallel over S's rows. */
  private static double[][] product(double[][] s, double[][] w) {
    double[][] out = new double[s.length][];
    IntStream.range(0, s.length).parallel().forEach(i -> out[i] = multiply(s[i], w));
    return out;
  }

  private static double[] multiply(double[] row, double[][] b) {
    double[] out = new double[b[0].length];
    for (int j = 0; j < row.length; j++) {
      double r = row[j];
      if (r != 0) {
        double[] bj = b[j];
        for (int k = 0; k < out.length; k++) {
          out[k] += r * bj[k];
        }
      }
    }
    return out;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = multiply(a[i], b);
    }
    return out;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /**
   * Returns the isotropic noise variance the fit found.
   *
   * @return sigma^2, on the [0, 1] pixel scale squared
   */
  public double noiseVariance() {
    return sigma2;
  }

  /**
   * Returns a copy of the fitted loadings W.
   *
   * @return [D][q], on the [0, 1] pixel scale
   */
  public double[][] loadings() {
    double[][] copy = new double[dims][];
    for (int d = 0; d < dims; d++) {
      copy[d] = w[d].clone();
    }
    return copy;
  }

  @Override
  public String id() {
    return "ppca";
  }

  @Override
  public String description() {
    return "probabilistic PCA, a Gaussian with "
        + components
        + " directions of variation plus isotropic noise (EM)";
  }

  @Override
  public double[] logPx(List<byte[]> images) {
    double constant = -0.5 * (dims * Math.log(2 * Math.PI) + logDetC) - dims * Math.log(256);
    double[] out = new double[images.size()];
    IntStream.range(0, out.length)
        .parallel()
        .forEach(
            i -> {
              double[] r = dequantised(IndependentPixels.checked(images.get(i), dims, i));
              double rr = 0;
              double[] a = new double[components];
              for (int d = 0; d < dims; d++) {
                r[d] -= mean[d];
                rr += r[d] * r[d];
                for (int k = 0; k < components; k++) {
                  a[k] += w[d][k] * r[d];
                }
              }
              double ab = 0;
              for (int k = 0; k < components; k++) {
                double b = 0;
                for (int l = 0; l < components; l++) {
                  b += mInverse[k][l] * a[l];
                }
                ab += a[k] * b;
              }
              out[i] = constant - 0.5 * (rr - ab) / sigma2;
            });
    return out;
  }
}
