package io.flowspect.core.purify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.GraphContracts;
import io.flowspect.core.onnx.GraphSession;
import io.flowspect.core.onnx.OnnxModelException;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.sample.AutoregressiveOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PixelDefend purification (Song et al. 2018, "PixelDefend: Leveraging Generative Models to
 * Understand and Defend against Adversarial Examples") with a bundle's {@value
 * BundleContract.Role#CONDITIONALS} graph: the image is moved, within an L-infinity ball of radius
 * epsilon, to where the autoregressive model finds it likely, which undoes small adversarial or
 * noise-like perturbations while leaving the content alone.
 *
 * <p>The result is exactly the paper's greedy purification: visit the sub-pixels in {@link
 * AutoregressiveOrder} and set each {@code y_i} to the value v in {@code [max(0, x_i - eps),
 * min(255, x_i + eps)]} that maximises {@code p(v | y_<i)}; ties go to the value closest to the
 * input {@code x_i}, then to the smaller. Done naively this costs D network passes per image.
 *
 * <p>Why it is fast: it is computed as a fixed-point (Jacobi) iteration instead. Start from {@code
 * y = x}; each pass runs the graph once on every image still changing and sets every {@code y_i} to
 * the argmax in the ball around the <em>original</em> {@code x_i} under the logits of {@code y};
 * stop when a pass changes nothing. Sub-pixel i's logits depend only on {@code y_<i}, so after k
 * passes the first k sub-pixels equal the greedy result, and a fixed point is unique and equals it:
 * at most D + 1 passes, in practice far fewer, since a change only propagates while it keeps
 * changing argmaxes downstream. Images are batched together and leave the batch when they converge.
 * The equality is bit-exact when the provider computes a masked weight's contribution as an exact
 * zero, as ONNX Runtime's CPU convolutions do; a graph that is not autoregressive (or a provider
 * whose rounding leaks "future" sub-pixels into a logit and makes the iteration cycle) is detected
 * after D + 1 passes and refused rather than answered wrongly.
 *
 * <p>Adaptive PixelDefend: with p-values (of the detector's decision score, see {@link
 * io.flowspect.core.detect.Verdicts#pValues()}) an image whose p-value is above {@link
 * PurifyOptions#adaptivePValue()} looks normal and is returned unchanged with zero passes. The
 * p-values come from the caller so that purification does not depend on calibration.
 *
 * <p>Thread-safe: {@link OrtSession#run} may be called concurrently and each call keeps its state
 * on its own stack. Do not call {@link #close()} while another thread is purifying.
 */
public final class Purifier implements AutoCloseable {

  private static final int LEVELS = 256;

  private final Bundle bundle;
  private final GraphSession graph;
  private final InputSpec spec;
  private final PurifyOptions options;

  private Purifier(Bundle bundle, GraphSession graph, InputSpec spec, PurifyOptions options) {
    this.bundle = bundle;
    this.graph = graph;
    this.spec = spec;
    this.options = options;
  }

  /**
   * Tells whether a bundle can purify.
   *
   * @param bundle the bundle
   * @return true when it has a {@value BundleContract.Role#CONDITIONALS} graph (PixelCNN)
   */
  public static boolean canPurify(Bundle bundle) {
    return bundle.manifest().graphs().containsKey(BundleContract.Role.CONDITIONALS);
  }

  /**
   * Opens the conditionals graph of a verified bundle once, for any number of {@link #purify}
   * calls.
   *
   * @param bundle the bundle; its manifest gives the input spec
   * @param onnx execution provider and threads
   * @param options ball radius, adaptive threshold and batch size
   * @return the purifier; the caller closes it
   * @throws IllegalArgumentException if the bundle has no conditionals graph; the message names the
   *     bundle and its family
   * @throws OnnxModelException if the graph cannot be loaded or does not match the contract
   */
  public static Purifier open(Bundle bundle, OnnxOptions onnx, PurifyOptions options) {
    if (bundle == null || onnx == null || options == null) {
      throw new IllegalArgumentException("bundle, onnx and options must not be null");
    }
    if (!canPurify(bundle)) {
      throw new IllegalArgumentException(
          bundle.dir()
              + " (family "
              + bundle.manifest().family()
              + ") has no "
              + BundleContract.Role.CONDITIONALS
              + " graph: PixelDefend purification needs an autoregressive model that exposes its"
              + " per-sub-pixel logits, e.g. pixelcnn");
    }
    InputSpec spec = bundle.manifest().input();
    if ((long) options.maxBatch() * spec.dims() * LEVELS > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxBatch "
              + options.maxBatch()
              + " is too large for "
              + spec.dims()
              + " sub-pixels: the logits of one batch must fit in one buffer (at most "
              + Integer.MAX_VALUE / ((long) spec.dims() * LEVELS)
              + " images)");
    }
    Path file = bundle.graphFile(BundleContract.Role.CONDITIONALS);
    GraphSession graph = GraphSession.open(file, onnx, (f, s) -> checkContract(f, s, spec.dims()));
    return new Purifier(bundle, graph, spec, options);
  }

  private static void checkContract(Path file, OrtSession session, int dims) throws OrtException {
    GraphContracts.requireImageInput(file, "conditionals", session.getInputInfo(), dims);
    GraphContracts.requireOutput(
        file,
        "conditionals",
        session.getOutputInfo(),
        BundleContract.Tensor.LOGITS,
        (long) dims * LEVELS);
  }

  /**
   * Returns the bundle.
   *
   * @return the bundle this purifier was opened on
   */
  public Bundle bundle() {
    return bundle;
  }

  /**
   * Returns the model's input contract.
   *
   * @return the input spec; images are {@code input().dims()} CHW bytes
   */
  public InputSpec input() {
    return spec;
  }

  /**
   * Returns the options.
   *
   * @return ball radius, adaptive threshold and batch size
   */
  public PurifyOptions options() {
    return options;
  }

  /**
   * Purifies every image (no adaptive rule).
   *
   * @param images CHW unsigned bytes, {@code input().dims()} each; not modified
   * @return one purification per image, in order
   */
  public List<Purification> purify(List<byte[]> images) {
    return purify(images, null);
  }

  /**
   * Purifies a batch of images, all of them together.
   *
   * @param images CHW unsigned bytes, {@code input().dims()} each; not modified
   * @param pValues p-value of each image for the adaptive rule, or null to purify every image; an
   *     image whose p-value is above {@link PurifyOptions#adaptivePValue()} is returned unchanged
   *     with zero passes, a NaN p-value (not calibrated) is purified
   * @return one purification per image, in order
   * @throws IllegalArgumentException if an image is null or not D long, or pValues does not have
   *     one value per image; the message names the image
   * @throws OnnxModelException if ONNX Runtime fails or the graph turns out not to be
   *     autoregressive (no fixed point after D + 1 passes)
   */
  public List<Purification> purify(List<byte[]> images, double[] pValues) {
    if (images == null) {
      throw new IllegalArgumentException("images must not be null");
    }
    int n = images.size();
    int d = spec.dims();
    if (pValues != null && pValues.length != n) {
      throw new IllegalArgumentException(
          "pValues has " + pValues.length + " values for " + n + " images");
    }
    byte[][] y = new byte[n][];
    int[] passes = new int[n];
    boolean[] skipped = new boolean[n];
    int[] active = new int[n];
    int count = 0;
    for (int s = 0; s < n; s++) {
      byte[] image = images.get(s);
      GraphSession.requireRow("image", s, image == null ? -1 : image.length, d);
      y[s] = image.clone();
      skipped[s] = pValues != null && pValues[s] > options.adaptivePValue();
      if (!skipped[s] && options.epsilon() > 0) {
        active[count++] = s;
      }
    }
    while (count > 0) {
      int kept = 0;
      for (int start = 0; start < count; start += options.maxBatch()) {
        int rows = Math.min(options.maxBatch(), count - start);
        // Compacting in place is safe: kept never passes the row being read.
        kept = pass(images, y, passes, active, start, rows, kept);
      }
      count = kept;
    }
    List<Purification> out = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      out.add(result(images.get(s), y[s], passes[s], skipped[s]));
    }
    return out;
  }

  /**
   * Runs the graph once on {@code active[start, start + rows)}, moves each of those images to the
   * argmaxes of its logits and appends those that moved to {@code active[kept...]}.
   *
   * @return the new number of kept (still moving) images
   */
  private int pass(
      List<byte[]> images, byte[][] y, int[] passes, int[] active, int start, int rows, int kept) {
    int d = spec.dims();
    float[] input = new float[rows * d];
    for (int r = 0; r < rows; r++) {
      byte[] row = y[active[start + r]];
      for (int i = 0; i < d; i++) {
        input[r * d + i] = row[i] & 0xFF;
      }
    }
    try (OnnxTensor x = GraphSession.matrix(FloatBuffer.wrap(input), rows, d);
        OrtSession.Result result =
            graph.run(
                Map.of(BundleContract.Tensor.IMAGE, x), Set.of(BundleContract.Tensor.LOGITS))) {
      FloatBuffer logits =
          graph.output(result, BundleContract.Tensor.LOGITS, (long) rows * d * LEVELS);
      for (int r = 0; r < rows; r++) {
        int s = active[start + r];
        passes[s]++;
        if (moveToArgmax(logits, r * d * LEVELS, images.get(s), y[s], s)) {
          if (passes[s] > d) {
            throw new OnnxModelException(
                graph.file()
                    + ": image "
                    + s
                    + " still changes after "
                    + passes[s]
                    + " passes, but an autoregressive graph settles within D + 1 = "
                    + (d + 1)
                    + ": the logits of a sub-pixel depend on later sub-pixels, so the graph is"
                    + " not autoregressive in raster order (or the execution provider does not"
                    + " keep masked weights exact)");
          }
          active[kept++] = s;
        }
      }
    } catch (OrtException e) {
      throw graph.failed("purification pass on " + rows + " images", e);
    }
    return kept;
  }

  /**
   * Sets every {@code y_i} to the most likely value in the ball around {@code x_i}.
   *
   * @return whether any sub-pixel changed
   */
  private boolean moveToArgmax(FloatBuffer logits, int base, byte[] x, byte[] y, int image) {
    int eps = options.epsilon();
    boolean moved = false;
    for (int i = 0; i < x.length; i++) {
      int xi = x[i] & 0xFF;
      int lo = Math.max(0, xi - eps);
      int hi = Math.min(LEVELS - 1, xi + eps);
      int offset = base + i * LEVELS;
      int best = -1;
      float bestLogit = 0;
      int bestDistance = Integer.MAX_VALUE;
      for (int v = lo; v <= hi; v++) {
        float logit = logits.get(offset + v);
        if (Float.isNaN(logit)) {
          throw new OnnxModelException(
              graph.file()
                  + ": logit "
                  + v
                  + " of sub-pixel "
                  + i
                  + " of image "
                  + image
                  + " is NaN");
        }
        int distance = Math.abs(v - xi);
        // Ascending v: on equal logit and equal distance the smaller value is already kept.
        if (best < 0 || logit > bestLogit || (logit == bestLogit && distance < bestDistance)) {
          best = v;
          bestLogit = logit;
          bestDistance = distance;
        }
      }
      if ((y[i] & 0xFF) != best) {
        y[i] = (byte) best;
        moved = true;
      }
    }
    return moved;
  }

  private Purification result(byte[] x, byte[] y, int passes, boolean skipped) {
    int plane = spec.height() * spec.width();
    float[] diff = new float[plane];
    double squares = 0;
    int linf = 0;
    int changed = 0;
    for (int i = 0; i < x.length; i++) {
      int delta = Math.abs((y[i] & 0xFF) - (x[i] & 0xFF));
      if (delta > 0) {
        changed++;
        squares += (double) delta * delta;
        linf = Math.max(linf, delta);
        diff[i % plane] += delta;
      }
    }
    return new Purification(y, Math.sqrt(squares), linf, diff, changed, passes, skipped);
  }

  /** Closes the ONNX Runtime session; the shared environment stays open. */
  @Override
  public void close() {
    graph.close();
  }

  @Override
  public String toString() {
    return "Purifier[" + graph.file() + ", " + options + ", input " + spec + "]";
  }
}
