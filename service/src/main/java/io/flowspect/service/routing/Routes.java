package io.flowspect.service.routing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The routing table: a bundle folder per line and a default.
 *
 * @param defaultBundle bundle for lines without their own; may be empty
 * @param lines line id to bundle folder
 */
public record Routes(Optional<Path> defaultBundle, Map<String, Path> lines) {

  /** Copies the map; requires at least one bundle. */
  public Routes {
    lines = Map.copyOf(lines);
    if (defaultBundle.isEmpty() && lines.isEmpty()) {
      throw new IllegalArgumentException(
          "no model configured: set flowspect.models.default or flowspect.models.lines.<line>");
    }
  }

  /**
   * Returns a table with only a default bundle.
   *
   * @param dir the bundle folder
   * @return the routes
   */
  public static Routes defaultOnly(Path dir) {
    return new Routes(Optional.of(dir), Map.of());
  }
}
