package io.flowspect.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.Condition;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Runs a latent-variable bundle's bound graph (role {@value BundleContract.Role#BOUND}) on ONNX
 * Runtime: the log importance weights of K posterior samples per image, from which {@link
 * io.flowspect.core.score.ImportanceSampling} computes the ELBO, the IWAE bound and LLR^{&gt;k}.
 *
 * <p>The graph contract, written by the trainer and checked on open:
 *
 * <ul>
 *   <li>input {@value BundleContract.Tensor#IMAGE}: float32 [N, D], raw 0..255 values, CHW
 *       flattened;
 *   <li>input {@value BundleContract.Tensor#NOISE}: float32 [N, K * L], standard-normal noise, L =
 *       the manifest hyperparameter {@value BundleContract.Hyper#NOISE_DIMS}; row n holds image n's
 *       K samples one after the other, K is whatever the width says;
 *   <li>output {@value BundleContract.Tensor#LOG_W}: float32 [N * K, 1], log p(x | z) + log p(z) -
 *       log q(z | x) in nats, image n's sample k at row n * K + k;
 *   <li>optional output {@value BundleContract.Tensor#LOG_W_K}: the same for the bound L^{&gt;k}
 *       (hierarchical VAEs);
 *   <li>optional output {@value BundleContract.Tensor#PIXEL_NLL}: float32 [N, D], each sub-pixel's
 *       negative log-likelihood under the decoder at the posterior mean, nats; independent of the
 *       noise. It is the evidence map of a VAE, fetched only when asked for (one decoder pass
 *       against the bounds' K).
 *   <li>conditional models (cvae: the manifest has a {@link io.flowspect.core.bundle.Condition}),
 *       and only they: input {@value BundleContract.Tensor#CONDITION}, float32 [N, C] with C the
 *       condition's number of classes, row n the one-hot vector of image n's class (1 at the
 *       class's index in the manifest's {@code condition.classes}, 0 elsewhere), the same for all K
 *       samples of the image. {@link #run(float[][], int[], float[][], boolean, boolean)} builds it
 *       from class indices.
 * </ul>
 *
 * The graph is a deterministic function of (x, noise): randomness is the caller's. Rows are
 * independent, so batches are split freely: into chunks of images, and of samples when K alone
 * exceeds {@link #maxRows()}.
 *
 * <p>Thread-safe like {@link DensityModel}.
 */
public final class LatentModel implements AutoCloseable {

  /** Default bound on image-sample rows per ONNX Runtime call. */
  public static final int DEFAULT_MAX_ROWS = 1024;

  /**
   * Bound on the noise numbers per ONNX Runtime call (4 MiB of float32). A sample's noise is as
   * wide as the work it drives: a VAE's few dozen latents cost one decoder pass, a diffusion
   * model's T * D numbers cost T denoiser passes. Sizing calls by noise keeps a call's memory in
   * check for both without the scorer knowing the family.
   */
  public static final int NOISE_PER_CALL = 1 << 20;

  private final GraphSession graph;
  private final int dims;
  private final int noiseDims;
  private final int maxRows;
  private final boolean hasLlr;
  private final boolean hasPixelNll;
  private final Set<String> requested;
  private final Set<String> requestedWithMap;
  private final boolean hasPixelCdf;
  private final Condition condition;

  private LatentModel(
      GraphSession graph, int dims, int noiseDims, int maxRows, Condition condition) {
    this.condition = condition;
    this.graph = graph;
    this.dims = dims;
    this.noiseDims = noiseDims;
    this.maxRows = maxRows;
    this.hasLlr = graph.hasOutput(BundleContract.Tensor.LOG_W_K);
    this.hasPixelNll = graph.hasOutput(BundleContract.Tensor.PIXEL_NLL);
    this.hasPixelCdf = graph.hasOutput(BundleContract.Tensor.PIXEL_CDF);
    this.requested =
        hasLlr
            ? Set.of(BundleContract.Tensor.LOG_W, BundleContract.Tensor.LOG_W_K)
            : Set.of(BundleContract.Tensor.LOG_W);
    Set<String> withMap = new java.util.HashSet<>(requested);
    if (hasPixelNll) {
      withMap.add(BundleContract.Tensor.PIXEL_NLL);
    }
    this.requestedWithMap = Set.copyOf(withMap);
  }

  /**
   * Tells whether a bundle is scored by bounds: it has a {@value BundleContract.Role#BOUND} graph.
   *
   * @param bundle the bundle
   * @return true for latent-variable models
   */
  public static boolean isLatent(Bundle bundle) {
    return bundle.manifest().graphs().containsKey(BundleContract.Role.BOUND);
  }

  /**
   * Reads L, the noise per importance sample, from a latent bundle's manifest.
   *
   * @param bundle a latent bundle
   * @return L
   * @throws BundleException if the manifest lacks a positive {@value
   *     BundleContract.Hyper#NOISE_DIMS}
   */
  public static int noiseDims(Bundle bundle) {
    Object v = bundle.manifest().hyperparameters().get(BundleContract.Hyper.NOISE_DIMS);
    if (!(v instanceof Number n) || n.intValue() < 1) {
      throw new BundleException(
          bundle.dir()
              + ": manifest.json of a latent-variable model needs a positive hyperparameter "
              + BundleContract.Hyper.NOISE_DIMS
              + ", has "
              + v);
    }
    return n.intValue();
  }

  /**
   * Opens the bound graph of a verified bundle.
   *
   * @param bundle the bundle; its manifest gives D and L
   * @param options execution provider and threads
   * @param maxRows image-sample rows per ONNX Runtime call, at least 1; lowered to {@link
   *     #rowsPerCall} for wide noise
   * @return the model; the caller closes it
   * @throws IllegalArgumentException if the bundle has no bound graph
   * @throws OnnxModelException if the graph cannot be loaded or does not match the contract
   */
  public static LatentModel open(Bundle bundle, OnnxOptions options, int maxRows) {
    if (bundle == null) {
      throw new IllegalArgumentException("bundle must not be null");
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
    }
    Path file = bundle.graphFile(BundleContract.Role.BOUND);
    int dims = bundle.manifest().input().dims();
    int noise = noiseDims(bundle);
    Condition condition = bundle.manifest().condition();
    GraphSession graph = GraphSession.open(file, options, (f, s) -> check(f, s, dims, condition));
    return new LatentModel(graph, dims, noise, rowsPerCall(noise, maxRows), condition);
  }

  private static void check(Path model, OrtSession session, int dims, Condition condition)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    NodeInfo x = inputs.get(BundleContract.Tensor.IMAGE);
    NodeInfo eps = inputs.get(BundleContract.Tensor.NOISE);
    NodeInfo c = inputs.get(BundleContract.Tensor.CONDITION);
    int expected = condition == null ? 2 : 3;
    if (x == null || eps == null || inputs.size() != expected || (condition != null && c == null)) {
      throw new OnnxModelException(
          model
              + ": the bound graph must have exactly the inputs '"
              + BundleContract.Tensor.IMAGE
              + "', '"
              + BundleContract.Tensor.NOISE
              + (condition == null
                  ? "' (the manifest declares no condition)"
                  : "' and '"
                      + BundleContract.Tensor.CONDITION
                      + "' (the manifest's condition "
                      + condition.name()
                      + ")")
              + ", has "
              + inputs.keySet());
    }
    if (c != null) {
      GraphContracts.requireFloatMatrix(model, "input", c, condition.size());
    }
    GraphContracts.requireFloatMatrix(model, "input", x, dims);
    GraphContracts.requireFloatMatrix(model, "input", eps, -1);
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    GraphContracts.requireOutput(model, "bound", outputs, BundleContract.Tensor.LOG_W, 1);
    GraphContracts.optionalOutput(model, outputs, BundleContract.Tensor.LOG_W_K, 1);
    GraphContracts.optionalOutput(model, outputs, BundleContract.Tensor.PIXEL_NLL, dims);
  }

  /**
   * The image-sample rows one call takes: at most {@code maxRows}, and no more than {@link
   * #NOISE_PER_CALL} noise numbers (at least one row).
   *
   * @param noiseDims L, the noise one sample takes
   * @param maxRows the caller's bound
   * @return the rows per call
   */
  public static int rowsPerCall(int noiseDims, int maxRows) {
    return Math.max(1, Math.min(maxRows, NOISE_PER_CALL / Math.max(1, noiseDims)));
  }

  /**
   * Returns D, the values per image.
   *
   * @return D
   */
  public int dims() {
    return dims;
  }

  /**
   * Returns L, the standard-normal numbers one importance sample takes.
   *
   * @return L
   */
  public int noiseDims() {
    return noiseDims;
  }

  /**
   * Returns the bound on image-sample rows per ONNX Runtime call.
   *
   * @return the bound
   */
  public int maxRows() {
    return maxRows;
  }

  /**
   * Tells whether the graph gives the L^{&gt;k} weights.
   *
   * @return true for hierarchical VAEs
   */
  public boolean hasLlr() {
    return hasLlr;
  }

  /**
   * Tells whether the graph gives the per-pixel map {@value BundleContract.Tensor#PIXEL_NLL}.
   *
   * @return true for bundles exported with the map (VAEs)
   */
  public boolean hasPixelNll() {
    return hasPixelNll;
  }

  /**
   * Tells whether the graph gives the per-pixel CDF {@value BundleContract.Tensor#PIXEL_CDF}.
   *
   * @return true for bundles exported with it
   */
  public boolean hasPixelCdf() {
    return hasPixelCdf;
  }

  /**
   * Computes the log importance weights of every image.
   *
   * @param batch N rows of D floats 0..255 (CHW flattened)
   * @param noise each image's K * L standard-normal numbers, sample k at [k * L, (k + 1) * L); the
   *     same K for every image
   * @return [N][K] weights (and L^{&gt;k} weights when the graph has them)
   * @throws IllegalArgumentException if a row is not D long, the noise rows differ in length or are
   *     not a positive multiple of L
   * @throws OnnxModelException if ONNX Runtime fails or returns unexpected shapes
   */
  public LatentResult run(float[][] batch, float[][] noise) {
    return run(batch, null, noise, false, false);
  }

  /**
   * Returns the condition of a conditional model.
   *
   * @return the manifest's condition, or null when the graph takes none
   */
  public Condition condition() {
    return condition;
  }

  /**
   * Computes the log importance weights of every image under its class and, when asked, its
   * per-pixel NLL and CDF maps.
   *
   * @param batch N rows of D floats 0..255 (CHW flattened)
   * @param classes each image's class index; null for unconditional models
   * @param noise each image's K * L standard-normal numbers
   * @param withPixelNll also fetch the {@value BundleContract.Tensor#PIXEL_NLL} map; ignored when
   *     the graph has none
   * @param withPixelCdf also fetch the {@value BundleContract.Tensor#PIXEL_CDF} map; ignored when
   *     the graph has none
   * @return the weights, and the maps asked for and present
   * @throws IllegalArgumentException if the rows or noise are malformed (as {@link #run(float[][],
   *     float[][])}), or the classes are missing for a conditional model, given for an
   *     unconditional one, or out of range
   * @throws OnnxModelException if ONNX Runtime fails or returns unexpected shapes
   */
  public LatentResult run(
      float[][] batch, int[] classes, float[][] noise, boolean withPixelNll, boolean withPixelCdf) {
    checkClasses(batch, classes);
    boolean map = withPixelNll && hasPixelNll;
    boolean cdf = withPixelCdf && hasPixelCdf;
    if (batch == null || noise == null || noise.length != batch.length) {
      throw new IllegalArgumentException("batch and noise must be given, one noise row per image");
    }
    if (batch.length == 0) {
      return new LatentResult(
          new float[0][],
          hasLlr ? new float[0][] : null,
          map ? new float[0][] : null,
          cdf ? new float[0][] : null);
    }
    int width = noise[0] == null ? 0 : noise[0].length;
    for (float[] row : noise) {
      if (row == null || row.length != width || width == 0 || width % noiseDims != 0) {
        throw new IllegalArgumentException(
            "every noise row must hold the same positive multiple of the "
                + noiseDims
                + " values one sample takes; found "
                + (row == null ? "none" : Integer.toString(row.length))
                + " after "
                + width);
      }
    }
    for (int i = 0; i < batch.length; i++) {
      GraphSession.requireRow("row", i, batch[i] == null ? -1 : batch[i].length, dims);
    }
    int n = batch.length;
    int samples = width / noiseDims;
    float[][] logW = new float[n][samples];
    float[][] logWk = hasLlr ? new float[n][samples] : null;
    float[][] pixelNll = map ? new float[n][] : null;
    float[][] pixelCdf = cdf ? new float[n][] : null;
    int samplesPerCall = Math.min(samples, maxRows);
    int imagesPerCall = Math.max(1, maxRows / samples);
    for (int start = 0; start < n; start += imagesPerCall) {
      int rows = Math.min(imagesPerCall, n - start);
      for (int first = 0; first < samples; first += samplesPerCall) {
        int count = Math.min(samplesPerCall, samples - first);
        runChunk(
            batch,
            classes,
            start,
            rows,
            noise,
            first,
            count,
            logW,
            logWk,
            first == 0 ? pixelNll : null,
            first == 0 ? pixelCdf : null);
      }
    }
    return new LatentResult(logW, logWk, pixelNll, pixelCdf);
  }

  private void checkClasses(float[][] batch, int[] classes) {
    if (condition == null) {
      if (classes != null) {
        throw new IllegalArgumentException(
            graph.file() + ": the model takes no condition, but classes were given");
      }
      return;
    }
    if (classes == null || batch == null || classes.length != batch.length) {
      throw new IllegalArgumentException(
          graph.file()
              + ": the model is conditioned on "
              + condition.name()
              + " "
              + condition.classes()
              + ": give one class index per image");
    }
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= condition.size()) {
        throw new IllegalArgumentException(
            "image "
                + i
                + " has class index "
                + classes[i]
                + ", outside 0.."
                + (condition.size() - 1)
                + " ("
                + condition.classes()
                + ")");
      }
    }
  }

  private void runChunk(
      float[][] batch,
      int[] classes,
      int start,
      int rows,
      float[][] noise,
      int first,
      int count,
      float[][] logW,
      float[][] logWk,
      float[][] pixelNll,
      float[][] pixelCdf) {
    int width = count * noiseDims;
    FloatBuffer eps = FloatBuffer.allocate(rows * width);
    for (int r = 0; r < rows; r++) {
      eps.put(noise[start + r], first * noiseDims, width);
    }
    eps.flip();
    try (OnnxTensor xt = GraphSession.rows(batch, start, rows, dims);
        OnnxTensor et = GraphSession.matrix(eps, rows, width);
        OnnxTensor ct = classes == null ? null : oneHot(classes, start, rows);
        OrtSession.Result result =
            graph.run(
                ct == null
                    ? Map.of(BundleContract.Tensor.IMAGE, xt, BundleContract.Tensor.NOISE, et)
                    : Map.of(
                        BundleContract.Tensor.IMAGE,
                        xt,
                        BundleContract.Tensor.NOISE,
                        et,
                        BundleContract.Tensor.CONDITION,
                        ct),
                fetches(pixelNll != null, pixelCdf != null))) {
      long weights = (long) rows * count;
      copy(
          graph.output(result, BundleContract.Tensor.LOG_W, weights),
          start,
          rows,
          first,
          count,
          logW);
      if (logWk != null) {
        copy(
            graph.output(result, BundleContract.Tensor.LOG_W_K, weights),
            start,
            rows,
            first,
            count,
            logWk);
      }
      copyMap(result, BundleContract.Tensor.PIXEL_NLL, pixelNll, start, rows);
      copyMap(result, BundleContract.Tensor.PIXEL_CDF, pixelCdf, start, rows);
    } catch (OrtException e) {
      throw graph.failed("scoring rows " + start + ".." + (start + rows - 1), e);
    }
  }

  /** Copies a [rows, D] map into {@code into[start...]}; nothing when it was not asked for. */
  private void copyMap(OrtSession.Result result, String name, float[][] into, int start, int rows) {
    if (into != null) {
      GraphSession.copyRows(
          graph.output(result, name, (long) rows * dims), into, start, rows, dims);
    }
  }

  private Set<String> fetches(boolean map, boolean cdf) {
    if (!cdf) {
      return map ? requestedWithMap : requested;
    }
    Set<String> names = new java.util.HashSet<>(map ? requestedWithMap : requested);
    names.add(BundleContract.Tensor.PIXEL_CDF);
    return names;
  }

  /** The one-hot rows [rows, C] of images start..start + rows - 1. */
  private OnnxTensor oneHot(int[] classes, int start, int rows) throws OrtException {
    int width = condition.size();
    FloatBuffer c = FloatBuffer.allocate(rows * width);
    for (int r = 0; r < rows; r++) {
      c.put(r * width + classes[start + r], 1f);
    }
    return GraphSession.matrix(c, rows, width);
  }

  private static void copy(
      FloatBuffer out, int start, int rows, int first, int count, float[][] into) {
    for (int r = 0; r < rows; r++) {
      out.get(r * count, into[start + r], first, count);
    }
  }

  /** Closes the ONNX Runtime session; the shared environment stays open. */
  @Override
  public void close() {
    graph.close();
  }
}
