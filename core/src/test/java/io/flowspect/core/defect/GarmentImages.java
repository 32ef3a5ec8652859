package io.flowspect.core.defect;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Good images to paint defects on: synthetic Fashion-MNIST look-alikes (a textured bright garment
 * on a black background), and the real Fashion-MNIST test images where Debian's package is
 * installed.
 */
final class GarmentImages {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the test images. */
  static final Path FASHION_MNIST_TEST =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  private GarmentImages() {}

  /**
   * Returns {@code count} synthetic images in CHW order: an ellipse, a shirt, trousers or a shoe,
   * filled with 70..230 grey (tinted per channel in RGB), striped or plain, with pixel noise and a
   * soft outline.
   */
  static List<byte[]> synthetic(int count, int channels, int height, int width, long seed) {
    Random r = new Random(seed);
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(garment(r, channels, height, width));
    }
    return images;
  }

  /** Returns the first {@code count} real Fashion-MNIST test images, or none if not installed. */
  static List<byte[]> fashionMnist(int count) {
    if (!Files.isRegularFile(FASHION_MNIST_TEST)) {
      return List.of();
    }
    IdxImages idx = IdxFile.readImages(FASHION_MNIST_TEST);
    int size = idx.rows() * idx.cols();
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < Math.min(count, idx.count()); i++) {
      images.add(Arrays.copyOfRange(idx.pixels(), i * size, (i + 1) * size));
    }
    return images;
  }

  private static byte[] garment(Random r, int channels, int h, int w) {
    int shape = r.nextInt(4);
    double cx = w / 2.0 + (r.nextDouble() - 0.5) * w * 0.1;
    double cy = h / 2.0 + (r.nextDouble() - 0.5) * h * 0.1;
    double sx = w * (0.25 + 0.15 * r.nextDouble());
    double sy = h * (0.3 + 0.12 * r.nextDouble());
    double base = 70 + 160 * r.nextDouble();
    double stripes = r.nextBoolean() ? 0 : 15 + 25 * r.nextDouble();
    double period = 2 + 4 * r.nextDouble();
    double[] tint = new double[channels];
    for (int c = 0; c < channels; c++) {
      tint[c] = channels == 1 ? 1 : 0.6 + 0.4 * r.nextDouble();
    }
    byte[] chw = new byte[channels * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double inside = softInside(shape, (x - cx) / sx, (y - cy) / sy, 1.0 / Math.min(sx, sy));
        if (inside <= 0) {
          continue;
        }
        double v = base + stripes * Math.sin(2 * Math.PI * y / period) + 12 * r.nextGaussian();
        for (int c = 0; c < channels; c++) {
          chw[(c * h + y) * w + x] = (byte) clamp(v * tint[c] * inside);
        }
      }
    }
    return chw;
  }

  /** 1 inside the unit shape, 0 outside, a linear ramp one pixel wide across the outline. */
  private static double softInside(int shape, double u, double v, double pixel) {
    double d =
        switch (shape) {
          case 0 -> Math.sqrt(u * u + v * v) - 1; // ellipse
          case 1 ->
              Math.min( // shirt: body and sleeves
                  box(u, v, 0.7, 1), box(u, v + 0.6, 1, 0.35));
          case 2 ->
              Math.min( // trousers: waist and two legs
                  box(u, v + 0.8, 0.7, 0.2),
                  Math.min(box(u - 0.4, v, 0.28, 1), box(u + 0.4, v, 0.28, 1)));
          default ->
              Math.min( // shoe: sole and upper
                  box(u, v - 0.5, 1, 0.25),
                  Math.sqrt(u * u / 0.5 + (v - 0.2) * (v - 0.2) / 0.3) - 1);
        };
    return Math.max(0, Math.min(1, 0.5 - d / pixel));
  }

  /** Signed-ish distance to an axis-aligned box of half sizes hu, hv (in unit coordinates). */
  private static double box(double u, double v, double hu, double hv) {
    return Math.max(Math.abs(u) - hu, Math.abs(v) - hv);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
