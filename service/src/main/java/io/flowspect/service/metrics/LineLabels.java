package io.flowspect.service.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns line ids into bounded {@code line} label values: configured lines always keep their name,
 * other lines keep theirs until a limit, after which they share {@link #OTHER}. A record without a
 * key is {@link #NONE}.
 *
 * <p>Why: line ids are record keys, chosen by producers; each distinct value is a time series per
 * metric in Prometheus, and a misbehaving producer must not be able to create millions.
 * Thread-safe.
 */
public final class LineLabels {

  /** Label of lines beyond the limit. */
  public static final String OTHER = "other";

  /** Label of records without a key. */
  public static final String NONE = "none";

  private final Set<String> configured;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final int max;

  /**
   * Creates the labels.
   *
   * @param configured lines with a bundle of their own: always labelled by name
   * @param max other lines labelled by name, at least 0
   */
  public LineLabels(Collection<String> configured, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be at least 0, got " + max);
    }
    this.configured = Set.copyOf(configured);
    this.max = max;
  }

  /**
   * Returns the label of a line.
   *
   * @param line the record key; null for none
   * @return the line, {@link #OTHER} or {@link #NONE}
   */
  public String label(String line) {
    if (line == null) {
      return NONE;
    }
    if (configured.contains(line) || seen.contains(line)) {
      return line;
    }
    synchronized (seen) {
      if (seen.size() < max) {
        seen.add(line);
        return line;
      }
    }
    return seen.contains(line) ? line : OTHER;
  }
}
