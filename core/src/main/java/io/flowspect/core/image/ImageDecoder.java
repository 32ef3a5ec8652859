package io.flowspect.core.image;

import io.flowspect.core.image.ImageDecodeException.Reason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG and BMP bytes (and raw 8-bit buffers) into {@link RasterImage}s, refusing
 * anything above the configured {@link ImageLimits} before allocating it.
 *
 * <p>Why a class of its own: javax.imageio returns a zoo of image types (gray, gray+alpha, RGB,
 * RGBA, palettes, 16-bit, packed BMP formats), reads declared sizes blindly, and may report damage
 * as a warning while returning a partially filled image. This class turns all of that into one
 * rule: either an exact 1-channel (grayscale sources) or 3-channel RGB image (alpha dropped, not
 * composited), or an {@link ImageDecodeException} with a {@link Reason}.
 *
 * <p>The format is chosen by the file's magic bytes, never by its name. Sixteen-bit and packed
 * samples are rounded to the nearest 8-bit value.
 *
 * <p>Thread-safe: every call creates its own {@link ImageReader}; instances can be shared.
 */
public final class ImageDecoder {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final ImageLimits limits;

  /**
   * Creates a decoder.
   *
   * @param limits the limits enforced on every input
   */
  public ImageDecoder(ImageLimits limits) {
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null");
    }
    this.limits = limits;
  }

  /**
   * Returns the limits this decoder enforces.
   *
   * @return the limits
   */
  public ImageLimits limits() {
    return limits;
  }

  /**
   * Decodes a PNG, JPEG or BMP file held in memory.
   *
   * <p>Checks, in this order: empty input, {@link ImageLimits#maxBytes()}, known magic bytes, the
   * width and height declared in the header against {@link ImageLimits#maxPixels()} (nothing of the
   * image's size is allocated before this), then decodes. Any exception or read warning during
   * decoding refuses the input as {@link Reason#TRUNCATED} or {@link Reason#CORRUPT}; a partially
   * decoded image is never returned.
   *
   * @param inputName a name for messages (file name, message key); not interpreted
   * @param bytes the encoded file
   * @return 1-channel image for grayscale sources, else 3-channel RGB
   * @throws ImageDecodeException if the input is refused; its message starts with {@code inputName}
   */
  public RasterImage decode(String inputName, byte[] bytes) throws ImageDecodeException {
    String name = checkName(inputName);
    if (bytes == null) {
      throw new IllegalArgumentException("bytes of " + name + " must not be null");
    }
    checkBytes(name, bytes.length);
    String format = formatOf(bytes);
    if (format == null) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT,
          name,
          "not a PNG, JPEG or BMP file (starts with " + hexPrefix(bytes) + ")");
    }
    if (format.equals("bmp")) {
      checkBmpHeader(name, bytes);
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT, name, "no " + format + " reader in this Java runtime");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      int width;
      int height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw failure(name, format, "header", e);
      }
      checkPixels(name, width, height, "declares");
      BufferedImage image;
      try {
        image = reader.read(0);
      } catch (IOException | RuntimeException e) {
        throw failure(name, format, "image data", e);
      }
      if (!warnings.isEmpty()) {
        String warning = String.join("; ", warnings);
        Reason reason = looksTruncated(warning) ? Reason.TRUNCATED : Reason.CORRUPT;
        throw new ImageDecodeException(
            reason,
            name,
            (reason == Reason.TRUNCATED ? "truncated " : "damaged ")
                + format.toUpperCase(Locale.ROOT)
                + " ("
                + warning
                + ")");
      }
      if (image == null || image.getWidth() != width || image.getHeight() != height) {
        throw new ImageDecodeException(
            Reason.CORRUPT,
            name,
            "decoded size differs from the declared " + width + " x " + height + " pixels");
      }
      return toRaster(image);
    } catch (IOException e) {
      // Closing an in-memory stream; cannot really happen.
      throw new ImageDecodeException(Reason.CORRUPT, name, "I/O error: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Refuses BMP headers that make the JDK's reader allocate what the file does not hold: it sizes
   * its buffer for an embedded JPEG or PNG (compression 4 or 5) and for run-length data by the
   * header's image size, unchecked, so 726 bytes declaring 1.6 GB ran the heap out (found by {@code
   * scripts/fuzz-decoders}).
   */
  private static void checkBmpHeader(String name, byte[] bytes) throws ImageDecodeException {
    if (bytes.length < 30) {
      throw new ImageDecodeException(
          Reason.TRUNCATED, name, "truncated BMP (" + bytes.length + " bytes, no full header)");
    }
    long dataOffset = littleEndianInt(bytes, 10);
    long infoSize = littleEndianInt(bytes, 14);
    if (infoSize < 40) {
      return; // OS/2 core header: no compression, no image size
    }
    if (bytes.length < 38) {
      throw new ImageDecodeException(
          Reason.TRUNCATED, name, "truncated BMP (" + bytes.length + " bytes, no full header)");
    }
    long compression = littleEndianInt(bytes, 30);
    if (compression == 4 || compression == 5) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT,
          name,
          "BMP wrapping a "
              + (compression == 4 ? "JPEG" : "PNG")
              + " (compression "
              + compression
              + ") is not supported: send the "
              + (compression == 4 ? "JPEG" : "PNG")
              + " itself");
    }
    long imageSize = littleEndianInt(bytes, 34);
    long held = bytes.length - Math.min(dataOffset, bytes.length);
    if (imageSize > held) {
      throw new ImageDecodeException(
          Reason.TRUNCATED,
          name,
          "truncated BMP: the header declares "
              + imageSize
              + " bytes of image data, the file holds "
              + held);
    }
  }

  private static long littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  /**
   * Wraps raw, already decoded 8-bit samples (interleaved HWC) as an image, for producers that send
   * pixels rather than files. The data is copied, so the caller may reuse its buffer.
   *
   * @param inputName a name for messages
   * @param data {@code width * height * channels} unsigned bytes
   * @param width declared width in pixels
   * @param height declared height in pixels
   * @param channels declared channels, 1 or 3
   * @return the image
   * @throws ImageDecodeException {@link Reason#EMPTY}, {@link Reason#TOO_MANY_BYTES}, {@link
   *     Reason#WRONG_CHANNELS}, {@link Reason#TOO_MANY_PIXELS}, or {@link Reason#CORRUPT} for
   *     non-positive sizes and a length that does not match
   */
  public RasterImage decodeRaw(String inputName, byte[] data, int width, int height, int channels)
      throws ImageDecodeException {
    String name = checkName(inputName);
    if (data == null) {
      throw new IllegalArgumentException("data of " + name + " must not be null");
    }
    checkBytes(name, data.length);
    if (channels != 1 && channels != 3) {
      throw new ImageDecodeException(
          Reason.WRONG_CHANNELS,
          name,
          "declares " + channels + " channels; raw images must have 1 (gray) or 3 (RGB)");
    }
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(
          Reason.CORRUPT,
          name,
          "declares " + width + " x " + height + " pixels; both must be at least 1");
    }
    checkPixels(name, width, height, "declares");
    long expected = (long) width * height * channels;
    if (data.length != expected) {
      throw new ImageDecodeException(
          Reason.CORRUPT,
          name,
          "has "
              + data.length
              + " bytes but declares "
              + width
              + " x "
              + height
              + " x "
              + channels
              + " = "
              + expected);
    }
    return new RasterImage(width, height, channels, data.clone());
  }

  private static String checkName(String inputName) {
    if (inputName == null || inputName.isBlank()) {
      throw new IllegalArgumentException("inputName must not be null or blank");
    }
    return inputName;
  }

  private void checkBytes(String name, long length) throws ImageDecodeException {
    if (length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, name, "is empty (0 bytes)");
    }
    if (length > limits.maxBytes()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_BYTES,
          name,
          "has " + length + " bytes, above the limit of " + limits.maxBytes() + " bytes");
    }
  }

  private void checkPixels(String name, int width, int height, String verb)
      throws ImageDecodeException {
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(
          Reason.CORRUPT, name, verb + " " + width + " x " + height + " pixels");
    }
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_PIXELS,
          name,
          verb
              + " "
              + width
              + " x "
              + height
              + " = "
              + pixels
              + " pixels, above the limit of "
              + limits.maxPixels());
    }
  }

  /** Returns the ImageIO format name for the magic bytes, or null. */
  private static String formatOf(byte[] b) {
    if (startsWith(b, PNG_MAGIC)) {
      return "png";
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "jpeg";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    return null;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hexPrefix(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(String.format("%02x", b[i] & 0xFF));
    }
    return s.toString();
  }

  private static ImageDecodeException failure(
      String name, String format, String part, Throwable e) {
    String detail = describe(e);
    String upper = format.toUpperCase(Locale.ROOT);
    if (isTruncation(e)) {
      return new ImageDecodeException(
          Reason.TRUNCATED,
          name,
          "truncated " + upper + ": the data ends inside the " + part + " (" + detail + ")",
          e);
    }
    if (detail.contains("Unsupported Image Type")) {
      return new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT, name, "unsupported " + upper + " variant (" + detail + ")", e);
    }
    return new ImageDecodeException(
        Reason.CORRUPT, name, "damaged " + upper + " " + part + " (" + detail + ")", e);
  }

  private static boolean isTruncation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
      if (t.getMessage() != null && looksTruncated(t.getMessage())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean looksTruncated(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("premature end")
        || m.contains("truncated")
        || m.contains("unexpected end")
        || m.contains("end of file")
        || m.contains("eof");
  }

  /** The chain of messages, innermost last, without repeats. */
  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder();
    String last = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 5; t = t.getCause(), depth++) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (!m.equals(last)) {
        if (s.length() > 0) {
          s.append(": ");
        }
        s.append(m);
        last = m;
      }
    }
    return s.toString();
  }

  /**
   * Converts any ImageIO result to 1 or 3 channels. Samples are read from the raster, not through
   * {@link BufferedImage#getRGB}, so that linear-gray PNGs keep their stored values instead of
   * being gamma-converted to sRGB.
   */
  static RasterImage toRaster(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof IndexColorModel icm) {
      return fromPalette(raster, icm, w, h);
    }
    int colorType = cm.getColorSpace().getType();
    int colors = cm.getNumColorComponents();
    if (integerSamples(cm, raster)) {
      if (colorType == ColorSpace.TYPE_GRAY && colors == 1) {
        return fromComponents(raster, cm, w, h, 1);
      }
      if (colorType == ColorSpace.TYPE_RGB && colors == 3) {
        return fromComponents(raster, cm, w, h, 3);
      }
    }
    return fromSrgb(image, w, h);
  }

  /** True when every band is an integer of 1 to 16 bits, which {@link #fromComponents} scales. */
  private static boolean integerSamples(ColorModel cm, Raster raster) {
    int type = raster.getTransferType();
    if (type != DataBuffer.TYPE_BYTE
        && type != DataBuffer.TYPE_USHORT
        && type != DataBuffer.TYPE_INT) {
      return false;
    }
    for (int size : cm.getComponentSize()) {
      if (size < 1 || size > 16) {
        return false;
      }
    }
    return true;
  }

  private static RasterImage fromPalette(Raster raster, IndexColorModel icm, int w, int h) {
    int size = icm.getMapSize();
    boolean gray = true;
    for (int i = 0; i < size && gray; i++) {
      gray = icm.getRed(i) == icm.getGreen(i) && icm.getGreen(i) == icm.getBlue(i);
    }
    int channels = gray ? 1 : 3;
    byte[] out = new byte[w * h * channels];
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int index = row[x];
        out[o++] = (byte) icm.getRed(index);
        if (!gray) {
          out[o++] = (byte) icm.getGreen(index);
          out[o++] = (byte) icm.getBlue(index);
        }
      }
    }
    return new RasterImage(w, h, channels, out);
  }

  private static RasterImage fromComponents(
      Raster raster, ColorModel cm, int w, int h, int channels) {
    int bands = raster.getNumBands();
    int[] max = new int[channels];
    for (int c = 0; c < channels; c++) {
      max[c] = (1 << cm.getComponentSize(c)) - 1;
    }
    byte[] out = new byte[w * h * channels];
    int[] row = new int[w * bands];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int base = x * bands;
        for (int c = 0; c < channels; c++) {
          int v = row[base + c];
          int m = max[c];
          out[o++] = (byte) (m == 255 ? v : (v * 255 + m / 2) / m);
        }
      }
    }
    return new RasterImage(w, h, channels, out);
  }

  private static RasterImage fromSrgb(BufferedImage image, int w, int h) {
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        out[o++] = (byte) (argb >> 16);
        out[o++] = (byte) (argb >> 8);
        out[o++] = (byte) argb;
      }
    }
    return new RasterImage(w, h, 3, out);
  }
}
