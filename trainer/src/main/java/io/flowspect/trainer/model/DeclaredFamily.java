package io.flowspect.trainer.model;

import java.util.List;
import java.util.Map;

/**
 * A {@link FamilySpec} whose family, defaults and flags are fixed values given at construction;
 * subclasses only build the network.
 */
public abstract class DeclaredFamily implements FamilySpec {

  private final Family family;
  private final Map<String, Object> defaults;
  private final List<SettingFlag> flags;

  /**
   * @param family the family
   * @param defaults its settings and their defaults
   * @param flags its {@code train} options
   */
  protected DeclaredFamily(Family family, Map<String, Object> defaults, List<SettingFlag> flags) {
    this.family = family;
    this.defaults = Map.copyOf(defaults);
    this.flags = List.copyOf(flags);
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public Map<String, Object> defaults() {
    return defaults;
  }

  @Override
  public List<SettingFlag> flags() {
    return flags;
  }
}
