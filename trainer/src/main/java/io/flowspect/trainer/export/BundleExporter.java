package io.flowspect.trainer.export;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleContract.Tensor;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.bundle.GraphSpec;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.bundle.SidecarFiles;
import io.flowspect.core.bundle.TensorSpec;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model bundle: its ONNX graphs and a manifest with the input contract, the outputs and
 * their units, the training data's fingerprint, the measured bits/dim and the SHA-256 of every
 * file. Thresholds are never written here: they live in calibration.json (scoring issue).
 */
public final class BundleExporter {

  private BundleExporter() {}

  /**
   * What the manifest records besides the model itself.
   *
   * @param id bundle id (by default the output folder's name)
   * @param version model version
   * @param trainingFingerprint {@link io.flowspect.core.data.DataFingerprint} of the training data
   * @param metrics train/validation/test bits/dim and the like
   * @param training how it was trained: options, epochs, throughput, wall time
   */
  public record Details(
      String id,
      String version,
      String trainingFingerprint,
      Map<String, Double> metrics,
      Map<String, Object> training) {}

  public static Manifest export(
      GenerativeNetwork model, ParamStore params, Path dir, Details details) {
    try {
      Files.createDirectories(dir);
      // A calibration left by an earlier model of the same id and version would still load, with
      // thresholds fitted on another model's scores.
      SidecarFiles.deleteAll(dir);
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (ParamSpec spec : params.specs().values()) {
        shapes.put(spec.name(), spec.shape());
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("flowspect.id", details.id());
      metadata.put("flowspect.family", model.family().id());
      metadata.put("flowspect.version", details.version());
      List<GraphExport.WrittenGraph> written =
          GraphExport.write(model, params::values, shapes::get, dir, metadata);
      Map<String, GraphSpec> graphs = new LinkedHashMap<>();
      for (GraphExport.WrittenGraph g : written) {
        graphs.put(
            g.role(),
            new GraphSpec(
                g.file(),
                tensors(g.role(), g.inputs(), model.input()),
                tensors(g.role(), g.outputs(), model.input())));
      }
      Map<String, Object> hyperparameters = new LinkedHashMap<>(model.hyperparameters());
      hyperparameters.put("parameters", params.parameterCount());
      if (model instanceof LatentNetwork) {
        hyperparameters.put(BundleContract.Hyper.IMPORTANCE_SEED, ImportanceSampling.DEFAULT_SEED);
      }
      Manifest manifest =
          new Manifest(
              Manifest.CURRENT_FORMAT,
              details.id(),
              model.family().id(),
              details.version(),
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              model.input(),
              graphs,
              details.trainingFingerprint(),
              details.metrics(),
              hyperparameters,
              details.training(),
              null,
              null,
              Map.of(),
              model instanceof LatentNetwork latent
                  ? ConditionalLatentNetwork.conditionOf(latent)
                  : null);
      return BundleWriter.write(dir, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the bundle to " + dir, e);
    }
  }

  private static List<TensorSpec> tensors(
      String role, Map<String, Integer> widths, InputSpec input) {
    List<TensorSpec> specs = new ArrayList<>();
    widths.forEach(
        (name, width) ->
            specs.add(
                new TensorSpec(
                    name,
                    List.of(-1L, (long) width),
                    units(role, name, input),
                    description(role, name, input))));
    return specs;
  }

  private static String units(String role, String tensor, InputSpec input) {
    if (input.isBinarized() && tensor.equals(Tensor.IMAGE) && !role.equals(GraphExport.DECODE)) {
      return "0 or 255 (binarised: 255 when the 8-bit value >= " + input.binarizeThreshold() + ")";
    }
    return switch (tensor) {
      case Tensor.IMAGE -> "pixel level (0..255)";
      case Tensor.LOG_PX, Tensor.PIXEL_NLL -> "nats";
      case Tensor.LATENT -> "standard normal";
      case Tensor.PIXEL_CDF -> "probability";
      case Tensor.LOGITS -> "unnormalised log-probability";
      case Tensor.NOISE -> "standard normal";
      case Tensor.LOG_W, Tensor.LOG_W_K -> "nats";
      case Tensor.CONDITION -> "one-hot";
      default -> "";
    };
  }

  private static String description(String role, String tensor, InputSpec input) {
    if (tensor.equals(Tensor.NOISE)) {
      return role.equals(GraphExport.BOUND)
          ? "standard-normal noise of the posterior draws: K samples of noise_dims values per row"
          : "standard-normal noise of a draw from the prior, all stochastic layers";
    }
    if (role.equals(GraphExport.DECODE) && tensor.equals(Tensor.IMAGE)) {
      return input.isBinarized()
          ? "the decoder's probability image 255 p(x = 1) per pixel, CHW flattened"
          : "the decoder's mean image, continuous pixel values, CHW flattened";
    }
    String binary =
        input.isBinarized()
            ? "; Bernoulli decoder: log p(x | z) of the binarised image, so bits/dim are per binary"
                + " pixel"
            : "";
    return switch (tensor) {
      case Tensor.IMAGE ->
          input.isBinarized()
              ? "image binarised by the input contract, CHW flattened"
              : "image, CHW flattened";
      case Tensor.CONDITION ->
          "each row's class, one-hot in the order of the manifest's condition.classes";
      case Tensor.LOG_PX -> "natural log of the discrete likelihood of each image";
      case Tensor.PIXEL_NLL ->
          "per-sub-pixel negative log-likelihood, CHW flattened: conditional on the sub-pixels"
              + " before it (autoregressive) or on the posterior mean latent (VAE)";
      case Tensor.PIXEL_CDF ->
          "per-sub-pixel mid-distribution CDF P(X < x) + P(X = x) / 2 under the same conditional as"
              + " pixel_nll, CHW flattened: Phi^-1 of it is a signed standard-normal residual";
      case Tensor.LATENT -> "standardised latent; the generate graph maps it back to the image";
      case Tensor.LOGITS -> "per-sub-pixel 256-way logits, [N, D, 256] flattened";
      case Tensor.LOG_W ->
          "log p(x | z) + log p(z) - log q(z | x) per image and sample, image n's sample k at row"
              + " n * K + k"
              + binary;
      case Tensor.LOG_W_K ->
          "the same for the bound L^{>k}, whose k lowest latents are their conditional prior's"
              + " mean"
              + binary;
      default -> "";
    };
  }
}
