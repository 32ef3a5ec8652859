package io.flowspect.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One preprocessed image of a data set: its id and its model input bytes.
 *
 * <p>Kept as bytes (not floats) so that 60,000 Fashion-MNIST images need 47 MB rather than 188 MB;
 * {@link io.flowspect.core.image.InputSpec#toFloats} widens one batch at a time. The array is not
 * copied: do not modify it. Equality compares contents.
 *
 * @param id stable identifier: the index for IDX files, the relative path for folders
 * @param chw unsigned bytes in CHW order, as returned by {@link
 *     io.flowspect.core.image.InputSpec#toChw}
 * @param label the image's class for conditional models ({@link DatasetLabels}), or null
 */
public record ImageRecord(String id, byte[] chw, String label) {

  /**
   * An unlabelled image.
   *
   * @param id stable identifier
   * @param chw unsigned bytes in CHW order
   */
  public ImageRecord(String id, byte[] chw) {
    this(id, chw, null);
  }

  /**
   * Returns this image with a label.
   *
   * @param newLabel the class, or null for none
   * @return the labelled image (same bytes)
   */
  public ImageRecord withLabel(String newLabel) {
    return new ImageRecord(id, chw, newLabel);
  }

  /** Validates that both parts are present. */
  public ImageRecord {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    if (chw == null) {
      throw new IllegalArgumentException("chw of " + id + " must not be null");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRecord other
        && id.equals(other.id)
        && Arrays.equals(chw, other.chw)
        && Objects.equals(label, other.label);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * id.hashCode() + Arrays.hashCode(chw)) + Objects.hashCode(label);
  }

  @Override
  public String toString() {
    return "ImageRecord["
        + id
        + ", "
        + chw.length
        + " bytes"
        + (label == null ? "" : ", label " + label)
        + "]";
  }
}
