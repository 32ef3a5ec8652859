package io.flowspect.core.data;

/**
 * An input left out of a data set, and why, so that a training or calibration run can report every
 * file it ignored instead of failing on the first bad one.
 *
 * @param id the input's id (relative path)
 * @param reason a one-line explanation, starting with the input's name
 */
public record SkippedInput(String id, String reason) {

  /** Validates that both parts are present. */
  public SkippedInput {
    if (id == null || reason == null) {
      throw new IllegalArgumentException("id and reason must not be null");
    }
  }
}
