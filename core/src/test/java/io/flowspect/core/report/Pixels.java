package io.flowspect.core.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Decoding and pixel counting for the picture tests. */
final class Pixels {

  private Pixels() {}

  static BufferedImage decode(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null) {
        throw new AssertionError("not a decodable image");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pixels in [x0, x1) x [y0, y1) that are clearly blue (the first series colour). */
  static int bluish(BufferedImage image, int x0, int y0, int x1, int y1) {
    int count = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int b = rgb & 0xFF;
        count += b - r > 40 ? 1 : 0;
      }
    }
    return count;
  }

  /** Pixels in [x0, x1) x [y0, y1) that are clearly orange-red (the second series colour). */
  static int orangish(BufferedImage image, int x0, int y0, int x1, int y1) {
    int count = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int b = rgb & 0xFF;
        count += r - b > 40 ? 1 : 0;
      }
    }
    return count;
  }
}
