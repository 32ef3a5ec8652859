package io.flowspect.core.bundle;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a conditional model (family {@code cvae}) is conditioned on, recorded in the manifest: the
 * condition's name (e.g. {@code label}, a product type or line) and its classes in the order of the
 * one-hot vector the graphs take. Class i is the one-hot row with a 1 at position i.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name what the condition is, e.g. "label"
 * @param classes the class names, at least one, distinct and not blank, in one-hot order
 */
public record Condition(String name, List<String> classes) {

  /** Validates the name and classes; copies the list. */
  public Condition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("condition name must not be null or blank");
    }
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException("condition " + name + " needs at least one class");
    }
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException(
            "condition " + name + " has a null or blank class name: " + classes);
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException(
            "condition " + name + " names class " + c + " twice: " + classes);
      }
    }
    classes = List.copyOf(classes);
  }

  /**
   * Returns the number of classes, the width of the one-hot input.
   *
   * @return the number of classes
   */
  public int size() {
    return classes.size();
  }

  /**
   * Returns the one-hot position of a class.
   *
   * @param value a class name
   * @return its index in {@link #classes()}
   * @throws IllegalArgumentException naming the value and the known classes when it is missing or
   *     unknown
   */
  public int index(String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "the model is conditioned on "
              + name
              + ": give one of its classes "
              + classes
              + " for every image");
    }
    int i = classes.indexOf(value);
    if (i < 0) {
      throw new IllegalArgumentException(
          name + " '" + value + "' is not a class of the model; known classes: " + classes);
    }
    return i;
  }

  /**
   * Returns the one-hot positions of every image's class.
   *
   * @param values one class name per image
   * @return their indices
   * @throws IllegalArgumentException for the first missing or unknown value
   */
  public int[] indices(List<String> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = index(values.get(i));
    }
    return out;
  }
}
