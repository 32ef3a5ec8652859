package io.flowspect.service.routing;

import java.util.List;

/**
 * A loaded model as the API lists it.
 *
 * @param key the model's id in the API: the manifest id, or {@code id@version} when two loaded
 *     bundles share an id (with {@code #2}, {@code #3}... when they share the version too)
 * @param model the model
 * @param lines the lines configured for it ({@code flowspect.models.lines.*}), sorted
 * @param isDefault whether it is the default bundle, which also scores every unconfigured line
 */
public record ModelEntry(String key, LoadedModel model, List<String> lines, boolean isDefault) {

  /** Copies the list. */
  public ModelEntry {
    lines = List.copyOf(lines);
  }
}
