package io.flowspect.trainer.model;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's family, input shape and architecture settings: what the CLI, a resumed checkpoint and
 * the tests turn into a network, through the family's {@link FamilySpec} (which declares the
 * settings, their defaults and their flags). Every family has {@code seed}; a conditional family
 * has {@code condition} ({@code {"name", "classes"}}, from the labels). Missing settings take the
 * family's default, sized to train on two CPU cores.
 */
public record Architecture(Family family, InputSpec input, Map<String, Object> settings) {

  public Architecture {
    settings = Map.copyOf(settings);
  }

  /** The defaults for a family, overridden by the given settings. */
  public static Architecture of(Family family, InputSpec input, Map<String, Object> overrides) {
    Map<String, Object> s = new LinkedHashMap<>(defaults(family));
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            s.put(k, v);
          }
        });
    return new Architecture(family, input, s);
  }

  /** A family's default settings, with seed 1. */
  static Map<String, Object> defaults(Family family) {
    Map<String, Object> s = new LinkedHashMap<>(FamilySpecs.of(family).defaults());
    s.put(SEED, 1L);
    return s;
  }

  /** Builds the network through the family's {@link FamilySpec}. */
  public GenerativeNetwork build() {
    return FamilySpecs.of(family).build(this);
  }

  /** Setting: the condition of a cvae, as {@link #conditionSetting} writes it. */
  public static final String CONDITION = "condition";

  /** A condition as an architecture setting: {@code {"name": ..., "classes": [...]}}. */
  public static Map<String, Object> conditionSetting(Condition condition) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", condition.name());
    m.put("classes", condition.classes());
    return m;
  }

  /** The cvae's condition: setting {@value #CONDITION}, else null. */
  public Condition condition() {
    Object v = settings.get(CONDITION);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m
        && m.get("name") instanceof String name
        && m.get("classes") instanceof List<?> classes) {
      return new Condition(name, classes.stream().map(String::valueOf).toList());
    }
    throw new IllegalArgumentException(
        "architecture setting condition must be {name, classes}, found " + v);
  }

  /** Setting: the seed of the initial weights and of any random structure. */
  public static final String SEED = "seed";

  /**
   * Returns a text setting.
   *
   * @param key the setting
   * @return its value as text, or null when absent
   */
  public String text(String key) {
    Object v = settings.get(key);
    return v == null ? null : v.toString();
  }

  public long seed() {
    return ((Number) settings.get(SEED)).longValue();
  }

  public int integer(String key) {
    return (int) Math.round(number(key));
  }

  public double number(String key) {
    Object v = settings.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "architecture setting "
              + key
              + " of "
              + family.id()
              + " is missing or not a number: "
              + v);
    }
    return n.doubleValue();
  }
}
