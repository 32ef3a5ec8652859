package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.List;
import java.util.Map;

/**
 * What {@link Vae} and {@link ConditionalVae} share: a family, settings and the {@link DenseVae}
 * networks built from them; the subclasses only say how the class label enters.
 */
abstract class DenseVaeModel implements LatentNetwork {

  private final Family family;
  private final VaeSettings settings;

  /** The encoder and decoder. */
  final DenseVae networks;

  DenseVaeModel(VaeConfig settings) {
    this.family = settings.family();
    this.settings = settings;
    this.networks = new DenseVae(settings, settings.classes());
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public InputSpec input() {
    return settings.input();
  }

  @Override
  public int noiseDims() {
    return settings.latent();
  }

  @Override
  public int importanceSamples() {
    return settings.importanceSamples();
  }

  /** One stochastic layer: no LLR^{&gt;k}. */
  @Override
  public int llrK() {
    return 0;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    return networks.hyperparameters();
  }

  @Override
  public List<ParamSpec> parameters() {
    return networks.parameters();
  }
}
