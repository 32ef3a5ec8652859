package io.flowspect.core.defect;

import java.util.Arrays;

/**
 * Where the object is in a good image: the pixels that product defects may land on.
 *
 * <p>A production image shows a bright object on a dark background (Fashion-MNIST's background is
 * exactly 0), so the object is every pixel whose mean over the channels is at least {@link
 * #THRESHOLD}. An image without such a pixel is taken to be all object (a close-up of a surface),
 * so that every kind can still be placed.
 */
final class ObjectMap {

  /** The least mean channel value of an object pixel; above Fashion-MNIST's faint halo. */
  static final int THRESHOLD = 24;

  private final int width;
  private final int height;
  private final boolean[] object;
  private final int[] objectPixels;
  private final int[] interiorPixels;
  private final int[] edgePixels;
  private final int[] nearPixels;
  private final double centroidX;
  private final double centroidY;

  private ObjectMap(int width, int height, boolean[] object) {
    this.width = width;
    this.height = height;
    this.object = object;
    int n = width * height;
    int[] all = new int[n];
    int[] interior = new int[n];
    int[] edge = new int[n];
    int[] near = new int[n];
    int nAll = 0;
    int nInterior = 0;
    int nEdge = 0;
    int nNear = 0;
    double sx = 0;
    double sy = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        if (object[i]) {
          all[nAll++] = i;
          sx += x;
          sy += y;
          if (hasBackgroundNeighbour(x, y)) {
            edge[nEdge++] = i;
          } else {
            interior[nInterior++] = i;
          }
        } else if (hasObjectWithin(x, y, 2)) {
          near[nNear++] = i;
        }
      }
    }
    this.objectPixels = Arrays.copyOf(all, nAll);
    this.interiorPixels = nInterior > 0 ? Arrays.copyOf(interior, nInterior) : objectPixels;
    this.edgePixels = nEdge > 0 ? Arrays.copyOf(edge, nEdge) : objectPixels;
    this.nearPixels = nNear > 0 ? Arrays.copyOf(near, nNear) : objectPixels;
    this.centroidX = sx / nAll;
    this.centroidY = sy / nAll;
  }

  /** Finds the object of a CHW image of the given size. */
  static ObjectMap of(byte[] chw, int channels, int height, int width) {
    int plane = height * width;
    boolean[] object = new boolean[plane];
    boolean any = false;
    for (int i = 0; i < plane; i++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += chw[c * plane + i] & 0xFF;
      }
      object[i] = sum >= THRESHOLD * channels;
      any |= object[i];
    }
    if (!any) {
      Arrays.fill(object, true);
    }
    return new ObjectMap(width, height, object);
  }

  /** Whether pixel {@code (x, y)} belongs to the object. */
  boolean isObject(int x, int y) {
    return object[y * width + x];
  }

  /** All object pixels as indices {@code y * width + x}. */
  int[] objectPixels() {
    return objectPixels;
  }

  /** Object pixels whose four neighbours are object too, or all object pixels if none is. */
  int[] interiorPixels() {
    return interiorPixels;
  }

  /** Object pixels on the outline, or all object pixels if there is no outline. */
  int[] edgePixels() {
    return edgePixels;
  }

  /** Background pixels within 2 pixels of the object, or all object pixels if there are none. */
  int[] nearPixels() {
    return nearPixels;
  }

  /** The object's centre of mass, x. */
  double centroidX() {
    return centroidX;
  }

  /** The object's centre of mass, y. */
  double centroidY() {
    return centroidY;
  }

  private boolean hasBackgroundNeighbour(int x, int y) {
    return (x > 0 && !object[y * width + x - 1])
        || (x < width - 1 && !object[y * width + x + 1])
        || (y > 0 && !object[(y - 1) * width + x])
        || (y < height - 1 && !object[(y + 1) * width + x]);
  }

  private boolean hasObjectWithin(int x, int y, int r) {
    for (int yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
      for (int xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
        if (object[yy * width + xx]) {
          return true;
        }
      }
    }
    return false;
  }
}
