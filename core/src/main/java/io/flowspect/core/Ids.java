package io.flowspect.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks up enum constants by their ids, the lower-case names that calibration.json, the command
 * line and the API use: trimmed and case-insensitive, with a message that lists the known ids when
 * there is no match. Written once so that every named choice (scores, maps, standardisations)
 * accepts and refuses names alike. Stateless.
 */
public final class Ids {

  private Ids() {}

  /**
   * Finds the constant with this id.
   *
   * @param values the constants, e.g. {@code MapKind.values()}
   * @param idOf a constant's id
   * @param id the name asked for; may be null
   * @param what the kind of thing in the message, e.g. "map"
   * @param knownLabel what precedes the list of known ids, e.g. "known maps"
   * @param <E> the constants' type
   * @return the constant
   * @throws IllegalArgumentException naming the id and the known ones
   */
  public static <E> E of(
      E[] values, Function<E, String> idOf, String id, String what, String knownLabel) {
    if (id != null) {
      String key = id.trim().toLowerCase(Locale.ROOT);
      for (E e : values) {
        if (idOf.apply(e).equals(key)) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + id + "'; " + knownLabel + ": " + known(values, idOf));
  }

  /**
   * Lists the ids, comma separated, for messages.
   *
   * @param values the constants
   * @param idOf a constant's id
   * @param <E> the constants' type
   * @return e.g. "pixel_nll, pixel_llr"
   */
  public static <E> String known(E[] values, Function<E, String> idOf) {
    return Arrays.stream(values).map(idOf).collect(Collectors.joining(", "));
  }
}
