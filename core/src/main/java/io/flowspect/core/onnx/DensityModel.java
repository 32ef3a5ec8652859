package io.flowspect.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Scores images with a bundle's density graph (role {@value BundleContract.Role#DENSITY}) on ONNX
 * Runtime.
 *
 * <p>The graph contract, written by the trainer and checked on open:
 *
 * <ul>
 *   <li>input {@value BundleContract.Tensor#IMAGE}: float32 [N, D], D = {@code
 *       manifest.input().dims()}, the raw 0..255 values of {@link
 *       io.flowspect.core.image.InputSpec#toFloats} (CHW flattened);
 *   <li>output {@value BundleContract.Tensor#LOG_PX}: float32 [N, 1], natural log of the discrete
 *       likelihood, nats;
 *   <li>optional output {@value BundleContract.Tensor#PIXEL_NLL}: float32 [N, D], per-pixel
 *       conditional negative log-likelihood, nats;
 *   <li>optional output {@value BundleContract.Tensor#LATENT}: float32 [N, D], a flow's
 *       standardised latent, read only when {@link #score(float[][], boolean, boolean)} asks for
 *       it.
 * </ul>
 *
 * The batch dimension is dynamic; larger batches are split into chunks of at most {@link
 * #maxBatch()} rows to bound native memory.
 *
 * <p>Thread-safe: {@link OrtSession#run} may be called concurrently, and this class keeps no
 * mutable state. Do not call {@link #close()} while another thread is scoring.
 */
public final class DensityModel implements AutoCloseable {

  /** Default rows per ONNX Runtime call. */
  public static final int DEFAULT_MAX_BATCH = 64;

  private final GraphSession graph;
  private final int dims;
  private final int maxBatch;
  private final boolean hasPixelNll;
  private final boolean hasLatent;
  private final boolean hasPixelCdf;

  private DensityModel(GraphSession graph, int dims, int maxBatch) {
    this.graph = graph;
    this.dims = dims;
    this.maxBatch = maxBatch;
    this.hasPixelNll = graph.hasOutput(BundleContract.Tensor.PIXEL_NLL);
    this.hasLatent = graph.hasOutput(BundleContract.Tensor.LATENT);
    this.hasPixelCdf = graph.hasOutput(BundleContract.Tensor.PIXEL_CDF);
  }

  /** The outputs one call fetches: ONNX Runtime computes only what they need. */
  private Set<String> fetches(boolean latent, boolean cdf) {
    Set<String> names = new HashSet<>();
    names.add(BundleContract.Tensor.LOG_PX);
    if (hasPixelNll) {
      names.add(BundleContract.Tensor.PIXEL_NLL);
    }
    if (latent) {
      names.add(BundleContract.Tensor.LATENT);
    }
    if (cdf) {
      names.add(BundleContract.Tensor.PIXEL_CDF);
    }
    return names;
  }

  /**
   * Opens the density graph of a verified bundle with chunks of {@value #DEFAULT_MAX_BATCH} rows.
   *
   * @param bundle the bundle; its manifest gives D
   * @param options execution provider and threads
   * @return the model; the caller closes it
   * @throws IllegalArgumentException if the bundle has no density graph
   * @throws OnnxModelException if the graph cannot be loaded or does not match the contract
   */
  public static DensityModel open(Bundle bundle, OnnxOptions options) {
    return open(bundle, options, DEFAULT_MAX_BATCH);
  }

  /**
   * Opens the density graph of a verified bundle.
   *
   * @param bundle the bundle; its manifest gives D
   * @param options execution provider and threads
   * @param maxBatch rows per ONNX Runtime call, at least 1
   * @return the model; the caller closes it
   * @throws IllegalArgumentException if the bundle has no density graph
   * @throws OnnxModelException if the graph cannot be loaded or does not match the contract
   */
  public static DensityModel open(Bundle bundle, OnnxOptions options, int maxBatch) {
    if (bundle == null) {
      throw new IllegalArgumentException("bundle must not be null");
    }
    return openFile(
        bundle.graphFile(BundleContract.Role.DENSITY),
        bundle.manifest().input().dims(),
        options,
        maxBatch);
  }

  /**
   * Opens a density graph file directly, for the trainer's export check before a bundle exists.
   *
   * @param model the ONNX file
   * @param dims D, the input length per row
   * @param options execution provider and threads
   * @param maxBatch rows per ONNX Runtime call, at least 1
   * @return the model; the caller closes it
   * @throws OnnxModelException if the graph cannot be loaded or does not match the contract
   */
  public static DensityModel openFile(Path model, int dims, OnnxOptions options, int maxBatch) {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be at least 1, got " + dims);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    GraphSession graph =
        GraphSession.open(model, options, (file, s) -> checkContract(file, s, dims));
    return new DensityModel(graph, dims, maxBatch);
  }

  private static void checkContract(Path model, OrtSession session, int dims) throws OrtException {
    GraphContracts.requireImageInput(model, "density", session.getInputInfo(), dims);
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    GraphContracts.requireOutput(model, "density", outputs, BundleContract.Tensor.LOG_PX, 1);
    GraphContracts.optionalOutput(model, outputs, BundleContract.Tensor.PIXEL_NLL, dims);
    GraphContracts.optionalOutput(model, outputs, BundleContract.Tensor.LATENT, dims);
  }

  /**
   * Returns D, the number of values per input row.
   *
   * @return D
   */
  public int dims() {
    return dims;
  }

  /**
   * Returns the largest number of rows sent to ONNX Runtime in one call.
   *
   * @return the chunk size
   */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Tells whether the graph has an output of this name.
   *
   * @param name e.g. {@value BundleContract.Tensor#PIXEL_NLL}
   * @return true if the graph produces it
   */
  public boolean hasOutput(String name) {
    return graph.hasOutput(name);
  }

  /**
   * Scores a batch of any size (0 included).
   *
   * @param batch N rows of D floats 0..255 (CHW flattened)
   * @return log p(x) per row in nats, and the per-pixel NLL when the graph has it
   * @throws IllegalArgumentException if a row is null or not D long; the message names the row
   * @throws OnnxModelException if ONNX Runtime fails or returns unexpected shapes
   */
  public DensityResult score(float[][] batch) {
    return score(batch, false, false);
  }

  /**
   * Scores a batch of any size (0 included), with a flow's latent and the per-pixel CDF when asked.
   *
   * @param batch N rows of D floats 0..255 (CHW flattened)
   * @param withLatent whether to read the {@value BundleContract.Tensor#LATENT} output too
   * @param withPixelCdf whether to read the {@value BundleContract.Tensor#PIXEL_CDF} output too;
   *     ignored when the graph has none (bundles exported before it existed)
   * @return log p(x) per row in nats, the per-pixel NLL when the graph has it, and what was asked
   * @throws IllegalArgumentException if a row is null or not D long, or the latent is asked of a
   *     graph without it
   * @throws OnnxModelException if ONNX Runtime fails or returns unexpected shapes
   */
  public DensityResult score(float[][] batch, boolean withLatent, boolean withPixelCdf) {
    if (withLatent && !hasLatent) {
      throw new IllegalArgumentException(
          graph.file()
              + ": the density graph has no output '"
              + BundleContract.Tensor.LATENT
              + "'");
    }
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    for (int i = 0; i < batch.length; i++) {
      if (batch[i] == null) {
        throw new IllegalArgumentException("row " + i + " of the batch is null");
      }
      GraphSession.requireRow("row", i, batch[i].length, dims);
    }
    int n = batch.length;
    double[] logPx = new double[n];
    float[][] pixelNll = hasPixelNll ? new float[n][] : null;
    float[][] latent = withLatent ? new float[n][] : null;
    float[][] pixelCdf = withPixelCdf && hasPixelCdf ? new float[n][] : null;
    for (int start = 0; start < n; start += maxBatch) {
      int rows = Math.min(maxBatch, n - start);
      runChunk(batch, start, rows, logPx, pixelNll, latent, pixelCdf);
    }
    return new DensityResult(logPx, pixelNll, latent, pixelCdf);
  }

  private void runChunk(
      float[][] batch,
      int start,
      int rows,
      double[] logPx,
      float[][] pixelNll,
      float[][] latent,
      float[][] pixelCdf) {
    try (OnnxTensor x = GraphSession.rows(batch, start, rows, dims);
        OrtSession.Result result =
            graph.run(
                Map.of(BundleContract.Tensor.IMAGE, x),
                fetches(latent != null, pixelCdf != null))) {
      FloatBuffer lp = graph.output(result, BundleContract.Tensor.LOG_PX, rows);
      for (int r = 0; r < rows; r++) {
        logPx[start + r] = lp.get(r);
      }
      copyRows(result, BundleContract.Tensor.PIXEL_NLL, pixelNll, start, rows);
      copyRows(result, BundleContract.Tensor.LATENT, latent, start, rows);
      copyRows(result, BundleContract.Tensor.PIXEL_CDF, pixelCdf, start, rows);
    } catch (OrtException e) {
      throw graph.failed("scoring rows " + start + ".." + (start + rows - 1), e);
    }
  }

  /** Copies a [rows, D] output into {@code into[start...]}; nothing when it was not asked for. */
  private void copyRows(
      OrtSession.Result result, String name, float[][] into, int start, int rows) {
    if (into != null) {
      GraphSession.copyRows(
          graph.output(result, name, (long) rows * dims), into, start, rows, dims);
    }
  }

  /** Closes the ONNX Runtime session; the shared environment stays open. */
  @Override
  public void close() {
    graph.close();
  }
}
