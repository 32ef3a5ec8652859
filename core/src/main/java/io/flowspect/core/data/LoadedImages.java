package io.flowspect.core.data;

import java.util.List;

/**
 * The result of loading a data set: the usable images in a deterministic order and the inputs that
 * were skipped. Both lists are immutable.
 *
 * @param images usable images in id order (IDX index, or relative path sorted as strings)
 * @param skipped inputs that could not be decoded, in the same order
 */
public record LoadedImages(List<ImageRecord> images, List<SkippedInput> skipped) {

  /** Copies both lists into immutable lists. */
  public LoadedImages {
    if (images == null || skipped == null) {
      throw new IllegalArgumentException("images and skipped must not be null");
    }
    images = List.copyOf(images);
    skipped = List.copyOf(skipped);
  }
}
