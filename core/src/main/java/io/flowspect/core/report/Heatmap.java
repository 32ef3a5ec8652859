package io.flowspect.core.report;

import io.flowspect.core.image.InputSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Shows where in an image a model finds it unlikely: the image next to (or under) a per-pixel or
 * per-tile score map, e.g. the per-pixel negative log-likelihood of a density model, in the {@link
 * Colormap#INFERNO} colours (dark = low, pale yellow = high).
 *
 * <p>Layout: the image panel on the left, {@link #GAP} white pixels, then the map panel; each panel
 * is the image upscaled by {@link #scale} with nearest neighbour, so pixel (x, y) of the image
 * covers {@code scale x scale} screen pixels starting at {@code (x * scale, y * scale)} in its
 * panel. The map panel is the map's colour blended over the image with the {@link #overlay} alpha
 * (1 by default: the colour alone). NaN map values are transparent: the image shows through.
 *
 * <p>The map may be coarser than the image ({@code mapRows x mapCols} tiles): image pixel (x, y)
 * takes the value of tile {@code (y * mapRows / height, x * mapCols / width)}.
 *
 * <p>Usage: {@code Heatmap.of(chw, 1, 28, 28, nll, 28, 28).scale(4).render()}. Mutable, not
 * thread-safe; the arrays are read at render time, not copied.
 */
public final class Heatmap {

  /** White pixels between the image panel and the map panel. */
  public static final int GAP = 4;

  /** Colour of the optional bounding box: cyan, which no {@link Colormap#INFERNO} entry is near. */
  public static final int BOX_RGB = 0x00FFFF;

  private final byte[] chw;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] map;
  private final int mapRows;
  private final int mapCols;
  private int scale = 1;
  private double lo = Double.NaN;
  private double hi = Double.NaN;
  private double alpha = 1;
  private boolean imagePanel = true;
  private int[] box;

  private Heatmap(
      byte[] chw, int channels, int height, int width, float[] map, int mapRows, int mapCols) {
    this.chw = chw;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.map = map;
    this.mapRows = mapRows;
    this.mapCols = mapCols;
  }

  /**
   * Pairs a model input with a map of its own resolution, one value per pixel.
   *
   * @param chw planar 8-bit image as {@code spec} describes it
   * @param spec the model input: channels, height and width of both image and map
   * @param map scores, {@code height * width} values row-major; NaN for "no value"
   * @return a heatmap at scale 1, as {@link #of(byte[], int, int, int, float[], int, int)}
   */
  public static Heatmap of(byte[] chw, InputSpec spec, float[] map) {
    return of(chw, spec.channels(), spec.height(), spec.width(), map, spec.height(), spec.width());
  }

  /**
   * Pairs an image with its score map.
   *
   * @param chw planar 8-bit image, {@code channels * height * width} bytes, channel-major as the
   *     model input (see {@code InputSpec})
   * @param channels 1 (gray) or 3 (RGB)
   * @param height image rows, at least 1
   * @param width image columns, at least 1
   * @param map scores, {@code mapRows * mapCols} values row-major, any unit; NaN for "no value"
   * @param mapRows 1..height
   * @param mapCols 1..width
   * @return a heatmap at scale 1, coloured over the map's finite min..max, side by side
   */
  public static Heatmap of(
      byte[] chw, int channels, int height, int width, float[] map, int mapRows, int mapCols) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "height and width must be at least 1, got " + height + " x " + width);
    }
    if (chw == null || chw.length != (long) channels * height * width) {
      throw new IllegalArgumentException(
          "chw must hold channels * height * width = "
              + (long) channels * height * width
              + " bytes, got "
              + (chw == null ? "null" : chw.length));
    }
    if (mapRows < 1 || mapRows > height || mapCols < 1 || mapCols > width) {
      throw new IllegalArgumentException(
          "map must be 1.."
              + height
              + " rows by 1.."
              + width
              + " columns (no finer than the image), got "
              + mapRows
              + " x "
              + mapCols);
    }
    if (map == null || map.length != mapRows * mapCols) {
      throw new IllegalArgumentException(
          "map must hold mapRows * mapCols = "
              + mapRows * mapCols
              + " values, got "
              + (map == null ? "null" : map.length));
    }
    return new Heatmap(chw, channels, height, width, map, mapRows, mapCols);
  }

  /**
   * Sums a CHW map over its channels, e.g. a model's per-sample negative log-likelihood of an RGB
   * image into one value per pixel (the NLL of the pixel's colour, in the same unit).
   *
   * @param chw {@code channels * height * width} values, channel-major
   * @return {@code height * width} values, row-major
   */
  public static float[] sumChannels(float[] chw, int channels, int height, int width) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "channels, height and width must be at least 1, got "
              + channels
              + ", "
              + height
              + ", "
              + width);
    }
    int plane = height * width;
    if (chw == null || chw.length != (long) channels * plane) {
      throw new IllegalArgumentException(
          "chw must hold channels * height * width = "
              + (long) channels * plane
              + " values, got "
              + (chw == null ? "null" : chw.length));
    }
    float[] sum = new float[plane];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < plane; i++) {
        sum[i] += chw[c * plane + i];
      }
    }
    return sum;
  }

  /**
   * Sets the integer upscaling factor (nearest neighbour): a 28 x 28 image at scale 6 is 168 pixels
   * wide per panel.
   *
   * @param factor 1..64
   * @return this heatmap
   */
  public Heatmap scale(int factor) {
    if (factor < 1 || factor > 64) {
      throw new IllegalArgumentException("scale must be in 1..64, got " + factor);
    }
    this.scale = factor;
    return this;
  }

  /**
   * Fixes the value range of the colours, so that several heatmaps share one scale; values outside
   * take the end colours. Without it the range is the map's own finite min..max.
   *
   * @param lo value shown in the lowest colour, finite
   * @param hi value shown in the highest colour, finite, greater than lo
   * @return this heatmap
   */
  public Heatmap range(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
      throw new IllegalArgumentException(
          "range must be finite with lo < hi, got lo " + lo + ", hi " + hi);
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /**
   * Blends the map over the image in the map panel instead of showing the colours alone.
   *
   * @param alpha opacity of the map colours, in (0, 1]; 1 shows the colours alone
   * @return this heatmap
   */
  public Heatmap overlay(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = alpha;
    return this;
  }

  /**
   * Chooses whether the plain image panel is shown left of the map panel (it is by default).
   *
   * @param show false to render the map panel alone
   * @return this heatmap
   */
  public Heatmap imagePanel(boolean show) {
    this.imagePanel = show;
    return this;
  }

  /**
   * Outlines a rectangle in {@link #BOX_RGB} on both panels, e.g. a known defect region.
   *
   * @param x first column, in image pixels
   * @param y first row, in image pixels
   * @param w columns, at least 1, within the image
   * @param h rows, at least 1, within the image
   * @return this heatmap
   */
  public Heatmap box(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "box must lie within the "
              + width
              + " x "
              + height
              + " image, got x "
              + x
              + ", y "
              + y
              + ", w "
              + w
              + ", h "
              + h);
    }
    this.box = new int[] {x, y, w, h};
    return this;
  }

  /**
   * Draws the panels.
   *
   * @return an RGB image {@code height * scale} pixels high and {@code 2 * width * scale + GAP}
   *     wide ({@code width * scale} without the image panel)
   */
  public BufferedImage render() {
    int pw = width * scale;
    int ph = height * scale;
    int mapX = imagePanel ? pw + GAP : 0;
    int total = mapX + pw;
    double[] span = colourRange();
    int[] pixels = new int[total * ph];
    Arrays.fill(pixels, 0xFFFFFF);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = y * width + x;
        int r = chw[at] & 0xFF;
        int g = channels == 3 ? chw[plane + at] & 0xFF : r;
        int b = channels == 3 ? chw[2 * plane + at] & 0xFF : r;
        int image = (r << 16) | (g << 8) | b;
        float value = map[(y * mapRows / height) * mapCols + x * mapCols / width];
        int shown = Float.isNaN(value) ? image : blend(colour(value, span), image);
        for (int dy = 0; dy < scale; dy++) {
          int row = (y * scale + dy) * total;
          for (int dx = 0; dx < scale; dx++) {
            if (imagePanel) {
              pixels[row + x * scale + dx] = image;
            }
            pixels[row + mapX + x * scale + dx] = shown;
          }
        }
      }
    }
    if (box != null) {
      if (imagePanel) {
        drawBox(pixels, total, 0);
      }
      drawBox(pixels, total, mapX);
    }
    BufferedImage out = new BufferedImage(total, ph, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, total, ph, pixels, 0, total);
    return out;
  }

  /**
   * Draws the panels as PNG.
   *
   * @return the PNG file contents
   */
  public byte[] png() {
    return Drawing.png(render());
  }

  /**
   * Draws the panels into a PNG file, creating its directory.
   *
   * @param file where to write
   */
  public void write(Path file) {
    Drawing.write(render(), file);
  }

  /** {lo, hi} of the colours; lo == hi when the map is constant. */
  private double[] colourRange() {
    if (!Double.isNaN(lo)) {
      return new double[] {lo, hi};
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : map) {
      if (Float.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min <= max ? new double[] {min, max} : new double[] {0, 1};
  }

  private static int colour(float value, double[] span) {
    if (span[0] == span[1]) {
      // a constant map says nothing about where: show it in the middle colour
      return Colormap.INFERNO.rgb(value > span[1] ? 1 : value < span[0] ? 0 : 0.5);
    }
    return Colormap.INFERNO.rgb((value - span[0]) / (span[1] - span[0]));
  }

  private int blend(int colour, int image) {
    if (alpha == 1) {
      return colour;
    }
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int c = (colour >> shift) & 0xFF;
      int i = (image >> shift) & 0xFF;
      out |= (int) Math.round(alpha * c + (1 - alpha) * i) << shift;
    }
    return out;
  }

  private void drawBox(int[] pixels, int stride, int offsetX) {
    int thickness = Math.max(1, scale / 4);
    int x0 = offsetX + box[0] * scale;
    int y0 = box[1] * scale;
    int x1 = x0 + box[2] * scale - 1;
    int y1 = y0 + box[3] * scale - 1;
    for (int t = 0; t < thickness; t++) {
      for (int x = x0; x <= x1; x++) {
        pixels[(y0 + t) * stride + x] = BOX_RGB;
        pixels[(y1 - t) * stride + x] = BOX_RGB;
      }
      for (int y = y0; y <= y1; y++) {
        pixels[y * stride + x0 + t] = BOX_RGB;
        pixels[y * stride + x1 - t] = BOX_RGB;
      }
    }
  }
}
