package io.flowspect.service.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's configuration keys, read from its compiled classes: every {@code @ConfigMapping}
 * interface (prefix, kebab-case method names, {@code @WithName}, nested groups and maps) and every
 * {@code @ConfigProperty} of a constructor, plus the keys of application.properties. Deployment
 * files set them as environment variables (Quarkus' rule: upper case, every other character {@code
 * _}), which is what {@link #envName} matches.
 */
final class ConfigKeys {

  /** A map key inside an environment variable name: letters and digits only (no ambiguity). */
  private static final String ENV_MAP_KEY = "[A-Z0-9]+";

  private final Set<String> properties = new TreeSet<>();
  private final List<Class<?>> mappings = new ArrayList<>();

  private ConfigKeys() {}

  /**
   * Reads the keys of the classes under {@code target/classes} of the service module.
   *
   * @return the keys
   */
  static ConfigKeys ofService() {
    ConfigKeys keys = new ConfigKeys();
    Path classes = Repo.root().resolve("service/target/classes");
    try (Stream<Path> s = Files.walk(classes)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(f).toString().replace('/', '.');
        Class<?> c = Class.forName(name.substring(0, name.length() - 6), false, loader());
        ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
        if (mapping != null) {
          keys.mappings.add(c);
          keys.walk(mapping.prefix(), c);
        }
        for (var ctor : c.getDeclaredConstructors()) {
          for (Parameter p : ctor.getParameters()) {
            ConfigProperty cp = p.getAnnotation(ConfigProperty.class);
            if (cp != null) {
              keys.properties.add(cp.name());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    for (String k : Repo.applicationProperties().stringPropertyNames()) {
      if (!k.startsWith("%")) {
        keys.properties.add(k);
      }
    }
    return keys;
  }

  private static ClassLoader loader() {
    return ConfigKeys.class.getClassLoader();
  }

  private void walk(String prefix, Class<?> group) {
    for (Method m : group.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0) {
        continue;
      }
      WithName withName = m.getAnnotation(WithName.class);
      String key = prefix + "." + (withName != null ? withName.value() : kebab(m.getName()));
      walkType(key, m.getGenericReturnType());
    }
  }

  private void walkType(String key, Type type) {
    if (type instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      Type[] args = pt.getActualTypeArguments();
      if (raw == Optional.class || raw == List.class || raw == Set.class) {
        walkType(key, args[0]);
        return;
      }
      if (raw == Map.class) {
        walkType(key + ".*", args[1]);
        return;
      }
    }
    if (type instanceof Class<?> c && c.isInterface() && isGroup(c)) {
      walk(key, c);
      return;
    }
    properties.add(key);
  }

  private static boolean isGroup(Class<?> c) {
    return c.getName().startsWith("io.flowspect.");
  }

  private static String kebab(String camel) {
    StringBuilder b = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        b.append('-').append(Character.toLowerCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /**
   * Returns every known key; {@code *} stands for a map key.
   *
   * @return the keys
   */
  Set<String> properties() {
    return properties;
  }

  /**
   * Tells whether an environment variable sets one of the service's keys.
   *
   * @param env the variable's name
   * @return the key it sets (with the map key in place of {@code *}), or empty
   */
  Optional<String> envName(String env) {
    for (String p : properties) {
      StringBuilder regex = new StringBuilder();
      for (String part : p.split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append("(").append(ENV_MAP_KEY).append(")");
        }
        regex.append(Pattern.quote(part.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
      }
      if (Pattern.matches(regex.toString(), env)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Builds the service's configuration mappings from environment variables alone, as SmallRye
   * Config does in the container: conversions (numbers, durations, enums) and required keys are
   * checked, and map keys (webhook endpoints, lines) are found from the variable names.
   *
   * @param env the variables
   * @return the configuration; get a mapping with {@code getConfigMapping(Class)}
   * @throws RuntimeException if a value does not convert or a required key is missing
   */
  SmallRyeConfig build(Map<String, String> env) {
    SmallRyeConfigBuilder b =
        new SmallRyeConfigBuilder()
            .withSources(new EnvConfigSource(env, 300))
            .addDefaultInterceptors()
            .withConverter(Duration.class, 100, ConfigKeys::duration);
    mappings.forEach(b::withMapping);
    return b.build();
  }

  /** Quarkus' duration syntax: {@code 10s}, {@code 50ms}, {@code 2m}, or ISO-8601. */
  private static Duration duration(String v) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v.trim());
    if (!m.matches()) {
      return Duration.parse(v.trim());
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * Returns the mapping interfaces found.
   *
   * @return the classes
   */
  List<Class<?>> mappings() {
    return mappings;
  }
}
