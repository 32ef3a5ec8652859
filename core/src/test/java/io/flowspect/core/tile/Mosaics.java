package io.flowspect.core.tile;

import io.flowspect.core.image.RasterImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds test mosaics: a grid of equally sized patches laid side by side. */
final class Mosaics {

  private Mosaics() {}

  /**
   * Lays patches row-major into one image.
   *
   * @param patches {@code rows * cols} images of the same size and channels
   */
  static RasterImage of(List<RasterImage> patches, int rows, int cols) {
    RasterImage first = patches.get(0);
    int tw = first.width();
    int th = first.height();
    int c = first.channels();
    int width = cols * tw;
    byte[] out = new byte[rows * th * width * c];
    for (int p = 0; p < rows * cols; p++) {
      RasterImage patch = patches.get(p);
      int x0 = (p % cols) * tw;
      int y0 = (p / cols) * th;
      for (int y = 0; y < th; y++) {
        System.arraycopy(patch.pixels(), y * tw * c, out, ((y0 + y) * width + x0) * c, tw * c);
      }
    }
    return new RasterImage(width, rows * th, c, out);
  }

  /** Gray "normal" fabric: every pixel 90..110, seeded. */
  static RasterImage normalPatch(SplittableRandom random, int side) {
    byte[] p = new byte[side * side];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) random.nextInt(90, 111);
    }
    return new RasterImage(side, side, 1, p);
  }

  /** {@code n} normal patches from one seed. */
  static List<RasterImage> normalPatches(long seed, int n, int side) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RasterImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(normalPatch(random, side));
    }
    return out;
  }

  /** A copy of a gray patch with a bright 10 x 10 spot (value 230) at columns and rows 5..14. */
  static RasterImage withSpot(RasterImage patch) {
    byte[] p = patch.pixels().clone();
    for (int y = 5; y < 15; y++) {
      for (int x = 5; x < 15; x++) {
        p[y * patch.width() + x] = (byte) 230;
      }
    }
    return new RasterImage(patch.width(), patch.height(), 1, p);
  }
}
