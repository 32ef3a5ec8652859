package io.flowspect.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Tiles images of one {@link InputSpec} into a PNG grid (samples, most anomalous images), with a
 * one-pixel gap so neighbours stay apart.
 */
public final class ImageGrid {

  private ImageGrid() {}

  /**
   * Writes the images row by row, {@code columns} per row.
   *
   * @param images planar CHW 8-bit images of the spec's shape
   */
  public static void writePng(List<byte[]> images, InputSpec spec, int columns, Path file) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to write to " + file);
    }
    int cols = Math.min(columns, images.size());
    int rows = (images.size() + cols - 1) / cols;
    int h = spec.height();
    int w = spec.width();
    int plane = h * w;
    BufferedImage grid =
        new BufferedImage(cols * (w + 1) + 1, rows * (h + 1) + 1, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < images.size(); i++) {
      byte[] chw = images.get(i);
      if (chw.length != spec.dims()) {
        throw new IllegalArgumentException(
            "image " + i + " has " + chw.length + " values, expected " + spec.dims());
      }
      int ox = 1 + (i % cols) * (w + 1);
      int oy = 1 + (i / cols) * (h + 1);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int at = y * w + x;
          int r = chw[at] & 0xff;
          int g = spec.channels() == 3 ? chw[plane + at] & 0xff : r;
          int b = spec.channels() == 3 ? chw[2 * plane + at] & 0xff : r;
          grid.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
        }
      }
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ImageIO.write(grid, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Rounds and clips continuous pixel values to 8-bit levels. */
  public static byte[] toBytes(float[] values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i])));
    }
    return out;
  }
}
