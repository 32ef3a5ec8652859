package io.flowspect.trainer.export;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.GenerativeNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the trainer's (DJL) model from a bundle alone: the manifest gives the family, input and
 * architecture, the graphs' initializers give the weights.
 *
 * <p>Why: to run the very model a bundle scores with through libtorch (benchmarks, parity checks)
 * when its checkpoint is gone or was never shipped. Nothing is transformed at export (LU factors,
 * actnorm and coupling weights are written as trained and combined inside the graph), so the
 * rebuilt parameters are bit-identical to the exported ones; the architecture seed in the manifest
 * fixes the constants (1x1-convolution permutations) the graph holds besides them.
 */
public final class BundleWeights {

  private BundleWeights() {}

  /**
   * A model rebuilt from a bundle, its parameters frozen (no gradients); close it to free them.
   *
   * @param architecture what the manifest describes
   * @param model the network
   * @param params its weights, read from the bundle's graphs
   */
  public record Loaded(Architecture architecture, GenerativeNetwork model, ParamStore params)
      implements AutoCloseable {

    @Override
    public void close() {
      params.close();
    }
  }

  /**
   * Rebuilds a bundle's model.
   *
   * @throws IllegalArgumentException if the family is unknown, the architecture cannot be built, or
   *     a parameter is missing from the graphs or has another shape there (the bundle was written
   *     by a different model than its manifest describes)
   */
  public static Loaded load(Bundle bundle) {
    Manifest manifest = bundle.manifest();
    Map<String, Object> settings = new LinkedHashMap<>(manifest.hyperparameters());
    if (manifest.condition() != null) {
      settings.put(Architecture.CONDITION, Architecture.conditionSetting(manifest.condition()));
    }
    Architecture architecture =
        Architecture.of(Family.parse(manifest.family()), manifest.input(), settings);
    GenerativeNetwork model;
    try {
      model = architecture.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          bundle.dir() + ": cannot rebuild the model from manifest.json: " + e.getMessage(), e);
    }
    String main =
        manifest.graphs().containsKey(GraphExport.BOUND) ? GraphExport.BOUND : GraphExport.DENSITY;
    List<OnnxInitializers> graphs = new ArrayList<>();
    graphs.add(OnnxInitializers.read(bundle.graphFile(main)));
    boolean complete =
        model.parameters().stream().allMatch(p -> graphs.get(0).parameter(p.name()) != null);
    if (!complete) {
      // Today's density and bound graphs hold every parameter; a model keeping one out of it still
      // loads.
      for (String role : manifest.graphs().keySet()) {
        if (!role.equals(main)) {
          graphs.add(OnnxInitializers.read(bundle.graphFile(role)));
        }
      }
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParamSpec spec : model.parameters()) {
      values.put(spec.name(), find(bundle.dir(), graphs, spec));
    }
    ParamStore params = ParamStore.frozen(model.parameters(), values::get);
    Object recorded = manifest.hyperparameters().get("parameters");
    if (recorded instanceof Number n && n.longValue() != params.parameterCount()) {
      params.close();
      throw new IllegalArgumentException(
          bundle.dir()
              + ": the rebuilt "
              + manifest.family()
              + " has "
              + params.parameterCount()
              + " parameters, manifest.json records "
              + n);
    }
    return new Loaded(architecture, model, params);
  }

  private static float[] find(Path dir, List<OnnxInitializers> graphs, ParamSpec spec) {
    for (OnnxInitializers graph : graphs) {
      OnnxInitializers.Tensor t = graph.parameter(spec.name());
      if (t == null) {
        continue;
      }
      if (!Arrays.equals(t.shape(), spec.shape())) {
        throw new IllegalArgumentException(
            graph.file()
                + ": parameter "
                + spec.name()
                + " has shape "
                + Arrays.toString(t.shape())
                + ", the architecture in manifest.json expects "
                + Arrays.toString(spec.shape()));
      }
      return t.values();
    }
    throw new IllegalArgumentException(
        dir + ": no graph of the bundle holds parameter " + spec.name() + " of its model");
  }
}
