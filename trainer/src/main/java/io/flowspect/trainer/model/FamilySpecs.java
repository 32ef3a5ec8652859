package io.flowspect.trainer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registered families: every {@link FamilySpec} on the class path, found once through {@link
 * ServiceLoader}, in the order their registration files list them.
 */
public final class FamilySpecs {

  private static final Map<String, FamilySpec> SPECS = load();

  private FamilySpecs() {}

  private static Map<String, FamilySpec> load() {
    Map<String, FamilySpec> out = new LinkedHashMap<>();
    for (FamilySpec spec :
        ServiceLoader.load(FamilySpec.class, FamilySpec.class.getClassLoader())) {
      FamilySpec other = out.putIfAbsent(spec.family().id(), spec);
      if (other != null) {
        throw new IllegalStateException(
            "family "
                + spec.family().id()
                + " is registered twice: "
                + other.getClass().getName()
                + " and "
                + spec.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns every registered family's spec.
   *
   * @return the specs, in registration order
   */
  public static List<FamilySpec> all() {
    return new ArrayList<>(SPECS.values());
  }

  /**
   * Returns a family's spec by id.
   *
   * @param id the {@code --family} name, lower case
   * @return the spec
   * @throws IllegalArgumentException naming the id and the registered families
   */
  public static FamilySpec of(String id) {
    FamilySpec spec = id == null ? null : SPECS.get(id);
    if (spec == null) {
      throw new IllegalArgumentException("--family " + id + " is unknown; use one of " + ids());
    }
    return spec;
  }

  /**
   * Returns a family's spec.
   *
   * @param family the family
   * @return its spec
   */
  public static FamilySpec of(Family family) {
    return of(family.id());
  }

  /**
   * Lists the registered ids, for messages and help.
   *
   * @return e.g. "glow, realnvp, nice, ..."
   */
  public static String ids() {
    return String.join(", ", SPECS.keySet());
  }

  /**
   * Returns every distinct flag of the registered families, with the families that take it.
   *
   * @return flag name to the flag (the first family's declaration) and the ids taking it
   */
  public static Map<String, Map.Entry<SettingFlag, List<String>>> flags() {
    Map<String, Map.Entry<SettingFlag, List<String>>> out = new LinkedHashMap<>();
    for (FamilySpec spec : SPECS.values()) {
      for (SettingFlag flag : spec.flags()) {
        out.computeIfAbsent(flag.name(), k -> Map.entry(flag, new ArrayList<>()))
            .getValue()
            .add(spec.family().id());
      }
    }
    return out;
  }

  /**
   * Lists a family's flags, for messages.
   *
   * @param spec the family
   * @return e.g. "--levels, --steps, --hidden"
   */
  public static String flagNames(FamilySpec spec) {
    return spec.flags().stream().map(SettingFlag::name).collect(Collectors.joining(", "));
  }
}
