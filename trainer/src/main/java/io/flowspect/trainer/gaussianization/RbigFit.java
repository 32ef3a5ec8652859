package io.flowspect.trainer.gaussianization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.Probit;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.FittedNetwork;
import io.flowspect.trainer.train.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Fits a {@link GaussianizationFlow} layer by layer (RBIG): each value's marginal map sends the
 * data's quantiles to the standard normal's, then each block rotation is the principal axes of the
 * blocks the marginal maps produced. The rotations run through the network's own DJL forward pass;
 * the marginal maps run as one binary search per value in double (the graph's K-wide sum of ramps
 * would cost K times more), and a test checks that the bits/dim this reports equal the exported
 * forward pass's to 1e-4. The validation images, at the bin centre, pick how many layers to keep:
 * fitting stops after {@value #PATIENCE} layers without a better validation bits/dim.
 */
final class RbigFit {

  /** Layers without a better validation bits/dim before fitting stops. */
  static final int PATIENCE = 3;

  /**
   * Narrowest bin of a marginal map, in the units of its input: float32 resolves a value near 1 to
   * about 6e-8, so a bin 2e-5 wide is known to 0.3 %.
   */
  static final double MIN_WIDTH = 2e-5;

  /** Images whose blocks estimate a rotation: more adds nothing but time. */
  private static final int COVARIANCE_IMAGES = 20_000;

  private static final int BATCH = 4096;

  private final GaussianizationFlow flow;
  private final ParamStore params;
  private final PrintStream log;
  private final int d;
  private final int k;

  RbigFit(GaussianizationFlow flow, ParamStore params, PrintStream log) {
    this.flow = flow;
    this.params = params;
    this.log = log;
    this.d = flow.dims();
    this.k = flow.config().bins();
  }

  FittedNetwork.Fit run(
      List<ImageRecord> train, List<ImageRecord> validation, long seed, Duration timeLimit) {
    if (train.size() < 2 * k) {
      throw new IllegalArgumentException(
          "gaussianization with "
              + k
              + " bins needs at least "
              + 2 * k
              + " training images, found "
              + train.size());
    }
    if (validation.isEmpty()) {
      throw new IllegalArgumentException(
          "gaussianization chooses its layers on validation images; --validation must be above 0");
    }
    long started = System.nanoTime();
    float[] y = dequantised(train, new SplittableRandom(seed));
    float[] yv = dequantised(validation, null);
    double[] logDet = new double[train.size()];
    double[] logDetV = new double[validation.size()];
    int layers = flow.config().layers();
    List<FittedNetwork.Stage> stages = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int kept = 0;
    Progress progress = Progress.console("gaussianization layers", layers);
    for (int l = 0; l < layers; l++) {
      long layerStart = System.nanoTime();
      if (l > 0 && !timeLimit.isZero() && layerStart - started > timeLimit.toNanos()) {
        log.printf(Locale.ROOT, "time limit: stopped after %d layers%n", l);
        break;
      }
      fitMarginals(l, y);
      y = mapMarginals(l, y, logDet);
      yv = mapMarginals(l, yv, logDetV);
      fitRotation(l, y);
      y = rotate(l, y);
      yv = rotate(l, yv);
      double trainBpd = bitsPerDim(y, logDet);
      double validationBpd = bitsPerDim(yv, logDetV);
      double seconds = (System.nanoTime() - layerStart) / 1e9;
      stages.add(new FittedNetwork.Stage(l + 1, trainBpd, validationBpd, seconds));
      boolean better = validationBpd < best - 1e-4;
      if (better) {
        best = validationBpd;
        kept = l + 1;
      }
      log.printf(
          Locale.ROOT,
          "layer %d: train %.4f bits/dim, validation %.4f bits/dim%s, %.1f s%n",
          l + 1,
          trainBpd,
          validationBpd,
          better ? " (best)" : "",
          seconds);
      progress.update(l + 1, String.format(Locale.ROOT, "validation %.4f bits/dim", best));
      if (l + 1 - kept >= PATIENCE) {
        log.printf(
            Locale.ROOT,
            "stopped: %d layers without a better validation bits/dim; keeping %d%n",
            PATIENCE,
            kept);
        break;
      }
    }
    progress.finish();
    return new FittedNetwork.Fit(
        Map.of("layers", kept), stages, kept, (System.nanoTime() - started) / 1e9);
  }

  /** y = (x + u) / 256 - 1/2 with seeded uniform u, or the bin centre when random is null. */
  private float[] dequantised(List<ImageRecord> images, SplittableRandom random) {
    float[] y = new float[images.size() * d];
    for (int i = 0; i < images.size(); i++) {
      byte[] chw = images.get(i).chw();
      for (int j = 0; j < d; j++) {
        double u = random == null ? 0.5 : random.nextDouble();
        y[i * d + j] = (float) (((chw[j] & 0xFF) + u) / 256 - 0.5);
      }
    }
    return y;
  }

  /** Layer l's marginal maps, one per value, from the data's quantiles. */
  private void fitMarginals(int l, float[] y) {
    int n = y.length / d;
    float[] start = new float[d];
    float[] logWidth = new float[d * k];
    float[] shift = new float[d];
    float[] logSlope = new float[d * (k + 2)];
    double[] z = new double[k + 1];
    int[] index = new int[k + 1];
    for (int j = 0; j <= k; j++) {
      index[j] = (int) Math.round((double) j * (n - 1) / k);
      z[j] = Probit.quantile((index[j] + 0.5) / n);
    }
    IntStream.range(0, d)
        .parallel()
        .forEach(
            i -> {
              float[] column = new float[n];
              double sum = 0;
              double squares = 0;
              for (int r = 0; r < n; r++) {
                float v = y[r * d + i];
                column[r] = v;
                sum += v;
                squares += (double) v * v;
              }
              Arrays.sort(column);
              double mean = sum / n;
              double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
              start[i] = column[index[0]];
              shift[i] = (float) z[0];
              double[] slope = new double[k];
              for (int j = 0; j < k; j++) {
                double width =
                    Math.max(MIN_WIDTH, (double) column[index[j + 1]] - column[index[j]]);
                logWidth[i * k + j] = (float) Math.log(width);
                slope[j] = (z[j + 1] - z[j]) / width;
              }
              // the tails keep the data's scale when the edge bins are steeper, so a value
              // beyond the training range is not sent far into the normal's tail
              double tail = sd > 0 ? 1 / sd : Double.POSITIVE_INFINITY;
              logSlope[i * (k + 2)] = (float) Math.log(Math.min(slope[0], tail));
              for (int j = 0; j < k; j++) {
                logSlope[i * (k + 2) + j + 1] = (float) Math.log(slope[j]);
              }
              logSlope[i * (k + 2) + k + 1] = (float) Math.log(Math.min(slope[k - 1], tail));
            });
    params.set(GaussianizationFlow.name(l, "start"), start);
    params.set(GaussianizationFlow.name(l, "log_width"), logWidth);
    params.set(GaussianizationFlow.name(l, "shift"), shift);
    params.set(GaussianizationFlow.name(l, "log_slope"), logSlope);
  }

  /** Layer l's rotation: the principal axes of its blocks, pooled over block positions. */
  private void fitRotation(int l, float[] y) {
    InputSpec in = flow.input();
    int p = flow.config().block(l);
    int c = in.channels();
    int b = flow.config().blockSize(l);
    int rows = in.height() / p;
    int cols = in.width() / p;
    int n = Math.min(COVARIANCE_IMAGES, y.length / d);
    int[] offsets = new int[b];
    for (int ch = 0, o = 0; ch < c; ch++) {
      for (int r = 0; r < p; r++) {
        for (int q = 0; q < p; q++) {
          offsets[o++] = ch * in.height() * in.width() + r * in.width() + q;
        }
      }
    }
    double[][] products = new double[b][b];
    double[] sums = new double[b];
    double[] v = new double[b];
    long count = 0;
    for (int i = 0; i < n; i++) {
      for (int br = 0; br < rows; br++) {
        for (int bc = 0; bc < cols; bc++) {
          int corner = i * d + br * p * in.width() + bc * p;
          for (int a = 0; a < b; a++) {
            v[a] = y[corner + offsets[a]];
            sums[a] += v[a];
          }
          for (int a = 0; a < b; a++) {
            double va = v[a];
            double[] row = products[a];
            for (int e = a; e < b; e++) {
              row[e] += va * v[e];
            }
          }
          count++;
        }
      }
    }
    double[][] covariance = new double[b][b];
    for (int a = 0; a < b; a++) {
      for (int e = a; e < b; e++) {
        double cov = products[a][e] / count - (sums[a] / count) * (sums[e] / count);
        covariance[a][e] = cov;
        covariance[e][a] = cov;
      }
    }
    double[][] axes = SymmetricEigen.vectors(covariance);
    float[] rotation = new float[b * b];
    for (int a = 0; a < b; a++) {
      for (int e = 0; e < b; e++) {
        rotation[a * b + e] = (float) axes[a][e];
      }
    }
    params.set(GaussianizationFlow.name(l, "rotation"), rotation);
  }

  /**
   * Maps every value through layer l's marginal map as stored, in double, adding the log slopes to
   * {@code logDet}: the graph's sum of K clamped ramps per value, done as one binary search. (The
   * graph's own pass over the data would cost K times more; the bits/dim this fit reports and the
   * trainer's evaluation of the exported arithmetic agree to 1e-4, as a test checks.)
   */
  private float[] mapMarginals(int l, float[] y, double[] logDet) {
    float[] start = params.values(GaussianizationFlow.name(l, "start"));
    float[] logWidth = params.values(GaussianizationFlow.name(l, "log_width"));
    float[] shift = params.values(GaussianizationFlow.name(l, "shift"));
    float[] logSlope = params.values(GaussianizationFlow.name(l, "log_slope"));
    int n = logDet.length;
    double[][] knots = new double[d][k + 1];
    double[][] atKnot = new double[d][k + 1];
    for (int i = 0; i < d; i++) {
      knots[i][0] = start[i];
      atKnot[i][0] = shift[i];
      for (int j = 0; j < k; j++) {
        double width = Math.exp(logWidth[i * k + j]);
        knots[i][j + 1] = knots[i][j] + width;
        atKnot[i][j + 1] = atKnot[i][j] + Math.exp(logSlope[i * (k + 2) + j + 1]) * width;
      }
    }
    float[] out = new float[y.length];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            r -> {
              double sum = 0;
              for (int i = 0; i < d; i++) {
                double v = y[r * d + i];
                double[] t = knots[i];
                // segment: 0 the left tail (v <= t_0), j + 1 bin j (t_j < v <= t_j+1), k + 1
                // the right tail
                int segment;
                double base;
                double from;
                if (v <= t[0]) {
                  segment = 0;
                  base = atKnot[i][0];
                  from = t[0];
                } else if (v > t[k]) {
                  segment = k + 1;
                  base = atKnot[i][k];
                  from = t[k];
                } else {
                  int lo = 0;
                  int hi = k;
                  while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (v > t[mid]) {
                      lo = mid;
                    } else {
                      hi = mid;
                    }
                  }
                  segment = lo + 1;
                  base = atKnot[i][lo];
                  from = t[lo];
                }
                float ls = logSlope[i * (k + 2) + segment];
                out[r * d + i] = (float) (base + Math.exp(ls) * (v - from));
                sum += ls;
              }
              logDet[r] += sum;
            });
    return out;
  }

  /** Rotates layer l's blocks over the data in batches, through the network's DJL forward pass. */
  private float[] rotate(int layer, float[] y) {
    int n = y.length / d;
    float[] out = new float[y.length];
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = new DjlOps(params, manager);
      NDArray rotation = ops.param(GaussianizationFlow.name(layer, "rotation"));
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        try (NDScope scope = new NDScope()) {
          NDArray x =
              manager.create(Arrays.copyOfRange(y, from * d, to * d), new Shape(to - from, d));
          float[] turned = flow.rotate(ops, layer, x, rotation).toFloatArray();
          System.arraycopy(turned, 0, out, from * d, turned.length);
        }
      }
    }
    return out;
  }

  /** Mean bits/dim of the data so far: standard normal prior, accumulated log-determinants. */
  private double bitsPerDim(float[] z, double[] logDet) {
    int n = logDet.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double squares = 0;
      for (int j = 0; j < d; j++) {
        double v = z[i * d + j];
        squares += v * v;
      }
      double logPx =
          -0.5 * squares - 0.5 * d * Math.log(2 * Math.PI) + logDet[i] - d * Math.log(256);
      total += -logPx / (d * Math.log(2));
    }
    return total / n;
  }
}
