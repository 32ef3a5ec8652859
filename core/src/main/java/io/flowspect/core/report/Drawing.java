package io.flowspect.core.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What every picture here shares: fonts, colours, a white antialiased canvas and PNG output. */
final class Drawing {

  /** Installed with fonts-dejavu; Java falls back to its logical sans-serif font without it. */
  static final String FONT_FAMILY = "DejaVu Sans";

  static final Color TEXT = new Color(0x222222);
  static final Color AXIS = new Color(0x444444);
  static final Color GRID = new Color(0xE6E6E6);

  /**
   * Series colours from the Okabe–Ito palette, distinguishable with the common colour-vision
   * deficiencies: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black.
   */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0xF0E442),
    new Color(0x000000)
  };

  private Drawing() {}

  static Font font(int style, float size) {
    return new Font(FONT_FAMILY, style, 1).deriveFont(style, size);
  }

  static Color seriesColor(int index) {
    return PALETTE[index % PALETTE.length];
  }

  static void checkSize(int width, int height, int minWidth, int minHeight) {
    if (width < minWidth || height < minHeight) {
      throw new IllegalArgumentException(
          "size must be at least "
              + minWidth
              + " x "
              + minHeight
              + " pixels, got "
              + width
              + " x "
              + height);
    }
  }

  /** Returns a white RGB image of the given size. */
  static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** Returns a graphics context with antialiased shapes and text; dispose it when done. */
  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    return g;
  }

  /** Encodes an image as PNG. */
  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
    return out.toByteArray();
  }

  /** Writes an image as PNG, creating the parent directories. */
  static void write(BufferedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, png(image));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Returns the text, shortened with an ellipsis to fit {@code maxWidth} pixels. */
  static String fit(Graphics2D g, String text, int maxWidth) {
    if (g.getFontMetrics().stringWidth(text) <= maxWidth) {
      return text;
    }
    String ellipsis = "\u2026";
    int end = text.length();
    while (end > 0
        && g.getFontMetrics().stringWidth(text.substring(0, end) + ellipsis) > maxWidth) {
      end--;
    }
    return text.substring(0, end) + ellipsis;
  }
}
