package io.flowspect.core.data;

import java.util.Arrays;

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
 */
public record ImageRecord(String id, byte[] chw) {

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
    return o instanceof ImageRecord other && id.equals(other.id) && Arrays.equals(chw, other.chw);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(chw);
  }

  @Override
  public String toString() {
    return "ImageRecord[" + id + ", " + chw.length + " bytes]";
  }
}
