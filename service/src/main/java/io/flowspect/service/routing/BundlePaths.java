package io.flowspect.service.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the configured bundle folders into absolute paths.
 *
 * <p>A relative folder is looked for in the working directory first, then in {@link
 * ModelSettings#baseDir()}. Why both: a user who names a folder on the command line means it
 * relative to where they are, while the service's own default ({@code models/fmnist-glow}) lives in
 * the repository, which {@code ./flowspect serve} passes as the base folder, so the default works
 * from any directory. Absolute folders are taken as they are.
 */
public final class BundlePaths {

  private BundlePaths() {}

  /**
   * Resolves every folder of a routing table.
   *
   * @param routes the configured table
   * @param workingDir the working directory
   * @param baseDir the second place to look, if any
   * @return the same table with absolute, normalised folders
   * @throws IllegalArgumentException if a relative folder exists in neither place, naming both
   */
  public static Routes resolve(Routes routes, Path workingDir, Optional<Path> baseDir) {
    Optional<Path> defaultBundle =
        routes
            .defaultBundle()
            .map(p -> resolve(p, workingDir, baseDir, "flowspect.models.default"));
    Map<String, Path> lines = new LinkedHashMap<>();
    routes
        .lines()
        .forEach(
            (line, p) ->
                lines.put(line, resolve(p, workingDir, baseDir, "flowspect.models.lines." + line)));
    return new Routes(defaultBundle, lines);
  }

  /**
   * Resolves one folder.
   *
   * @param configured the folder as configured
   * @param workingDir the working directory
   * @param baseDir the second place to look, if any
   * @param key the configuration key, for the error message
   * @return an absolute, normalised folder
   * @throws IllegalArgumentException if a relative folder exists in neither place
   */
  static Path resolve(Path configured, Path workingDir, Optional<Path> baseDir, String key) {
    if (configured.isAbsolute()) {
      return configured.normalize();
    }
    Path here = workingDir.resolve(configured).toAbsolutePath().normalize();
    if (Files.isDirectory(here)) {
      return here;
    }
    Optional<Path> there = baseDir.map(b -> b.resolve(configured).toAbsolutePath().normalize());
    if (there.isPresent() && Files.isDirectory(there.get())) {
      return there.get();
    }
    throw new IllegalArgumentException(
        "bundle folder "
            + configured
            + " ("
            + key
            + ") not found: looked in "
            + here
            + there.map(t -> " and " + t + " (flowspect.models.base-dir)").orElse("")
            + ". Set "
            + key
            + " to a bundle folder (env FLOWSPECT_MODELS_DEFAULT for the default), or train one"
            + " with ./flowspect train");
  }
}
