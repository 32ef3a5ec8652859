package io.flowspect.core.data;

import io.flowspect.core.image.RasterImage;

/**
 * One file of an image folder as decoded, before any preprocessing: either the image or why it was
 * skipped. For callers that need the image at its own size, e.g. to cut a large frame into tiles
 * instead of resizing it.
 *
 * @param id the file's path relative to the folder, '/' separated
 * @param image the decoded image; null when skipped
 * @param skipped why the file could not be used; null when decoded
 */
public record FolderImage(String id, RasterImage image, SkippedInput skipped) {

  /** Validates that exactly one of image and skipped is present. */
  public FolderImage {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    if ((image == null) == (skipped == null)) {
      throw new IllegalArgumentException(
          "exactly one of image and skipped must be present for " + id);
    }
  }
}
