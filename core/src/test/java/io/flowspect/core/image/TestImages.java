package io.flowspect.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Builds small test images and encoded files in memory. Shipped in core's test-jar for the
 * trainer's and service's tests.
 */
public final class TestImages {

  private TestImages() {}

  /**
   * Returns a deterministic image with varied values: sample (x, y, c) = (x * 37 + y * 11 + c * 91
   * + seed) mod 256.
   *
   * @param width width
   * @param height height
   * @param channels 1 or 3
   * @param seed offset added to every sample
   * @return the image
   */
  public static RasterImage pattern(int width, int height, int channels, int seed) {
    byte[] p = new byte[width * height * channels];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          p[i++] = (byte) (x * 37 + y * 11 + c * 91 + seed);
        }
      }
    }
    return new RasterImage(width, height, channels, p);
  }

  /**
   * Returns a smooth image (for lossy JPEG): sample = 40 + 4 * x + 2 * y + 30 * c, below 256 for
   * sizes up to 16.
   *
   * @param width width, at most 16
   * @param height height, at most 16
   * @param channels 1 or 3
   * @return the image
   */
  public static RasterImage smooth(int width, int height, int channels) {
    byte[] p = new byte[width * height * channels];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          p[i++] = (byte) (40 + 4 * x + 2 * y + 30 * c);
        }
      }
    }
    return new RasterImage(width, height, channels, p);
  }

  /**
   * Returns an image where every sample has the same value.
   *
   * @param width width
   * @param height height
   * @param channels 1 or 3
   * @param value 0..255
   * @return the image
   */
  public static RasterImage constant(int width, int height, int channels, int value) {
    byte[] p = new byte[width * height * channels];
    Arrays.fill(p, (byte) value);
    return new RasterImage(width, height, channels, p);
  }

  /**
   * Converts to a TYPE_BYTE_GRAY or TYPE_INT_RGB buffered image.
   *
   * @param img the image
   * @return the AWT image
   */
  public static BufferedImage toBufferedImage(RasterImage img) {
    int w = img.width();
    int h = img.height();
    if (img.channels() == 1) {
      BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      b.getRaster().setDataElements(0, 0, w, h, img.pixels().clone());
      return b;
    }
    BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        b.setRGB(x, y, img.sample(x, y, 0) << 16 | img.sample(x, y, 1) << 8 | img.sample(x, y, 2));
      }
    }
    return b;
  }

  /**
   * Encodes an image with ImageIO.
   *
   * @param img the image
   * @param format "png", "jpeg" or "bmp"
   * @return the file bytes
   */
  public static byte[] encode(RasterImage img, String format) {
    return encode(toBufferedImage(img), format);
  }

  /**
   * Encodes a buffered image with ImageIO.
   *
   * @param img the image
   * @param format "png", "jpeg" or "bmp"
   * @return the file bytes
   */
  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " and " + img);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Returns a tiny but well-formed PNG whose IHDR declares {@code width x height} 8-bit gray
   * pixels, with a few bytes of image data: a decompression-bomb header.
   *
   * @param width declared width
   * @param height declared height
   * @return the file bytes (about 60)
   */
  public static byte[] pngDeclaring(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[16]);
    deflater.finish();
    byte[] buf = new byte[64];
    int n = deflater.deflate(buf);
    deflater.end();
    chunk(out, "IDAT", Arrays.copyOf(buf, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * Dark 28 x 28 garment-like images with a bright square, as a line camera might send: image
   * {@code i} has a square of side {@code 2 * half - 1} centred at {@code (x0 + dx * i, y)} when
   * {@code withSquare} holds for it, on noise below {@code noise}.
   *
   * @return CHW bytes of one channel
   */
  public static List<byte[]> squares(
      int n, long seed, int noise, int x0, int dx, int y0, int half, IntPredicate withSquare) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] chw = new byte[28 * 28];
      for (int p = 0; p < chw.length; p++) {
        int x = p % 28;
        int y = p / 28;
        boolean square =
            withSquare.test(i) && Math.abs(x - x0 - dx * i) < half && Math.abs(y - y0) < half;
        chw[p] = (byte) (square ? 255 : random.nextInt(noise));
      }
      out.add(chw);
    }
    return out;
  }
}
