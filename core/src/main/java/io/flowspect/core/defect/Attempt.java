package io.flowspect.core.defect;

import io.flowspect.core.image.Box;

/**
 * One painted candidate, kept while the generator retries placements.
 *
 * @param image the painted image, CHW bytes
 * @param mask the touched pixels
 * @param changedMask the pixels with a changed value
 * @param changed how many of them
 * @param width the image width, to turn mask indices into coordinates
 */
record Attempt(byte[] image, boolean[] mask, boolean[] changedMask, int changed, int width) {

  /** Builds the public result, with the bounding box of the mask. */
  Defect toDefect(DefectKind kind, Severity severity) {
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = 0;
    int y1 = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        int x = i % width;
        int y = i / width;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
    return new Defect(kind, severity, image, mask, changedMask, new Box(x0, y0, x1, y1));
  }
}
