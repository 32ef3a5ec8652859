package io.flowspect.trainer.model;

import io.flowspect.core.image.InputSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the trainer knows about one family, in the family's own package: its name and kind,
 * its architecture settings with defaults and {@code train} flags, and how settings become a
 * network. Found through {@link java.util.ServiceLoader}: a family is added by its package and one
 * line in {@code META-INF/services/io.flowspect.trainer.model.FamilySpec}. The network then
 * describes its own graphs (density or bound, sampling) to the exporter, and core reads the bundle
 * by its graph roles, so no other code names the family.
 */
public interface FamilySpec {

  /**
   * Returns the family this spec builds.
   *
   * @return the family, with its {@code --family} id
   */
  Family family();

  /**
   * Returns the architecture settings and their defaults, sized to train on two CPU cores.
   *
   * @return setting key to default value; {@code seed} is added by the trainer
   */
  Map<String, Object> defaults();

  /**
   * Returns the {@code train} options that set this family's settings.
   *
   * @return the flags, each filling one key of {@link #defaults()}
   */
  List<SettingFlag> flags();

  /**
   * Adapts the requested input contract to the settings: a Bernoulli VAE binarises its input.
   *
   * @param requested the input asked for with {@code --size}, {@code --channels}, {@code --resize}
   * @param settings the architecture settings, defaults filled in
   * @return the input the model takes
   */
  default InputSpec input(InputSpec requested, Map<String, Object> settings) {
    return requested;
  }

  /**
   * Builds the network.
   *
   * @param architecture this family, the input and the settings
   * @return the network, with fresh parameter specs
   * @throws IllegalArgumentException if a setting is out of range, naming it
   */
  GenerativeNetwork build(Architecture architecture);
}
