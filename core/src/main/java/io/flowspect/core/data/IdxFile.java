package io.flowspect.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files (the MNIST / Fashion-MNIST format): big-endian magic {@code
 * 0x000008NN} with {@code NN} dimensions, then one big-endian int per dimension, then unsigned
 * bytes.
 *
 * <p>Gzip-compressed files are recognised by their magic bytes {@code 1f 8b}, whatever their name.
 * A file that is not the expected IDX type or ends early is refused with an {@link
 * IllegalArgumentException} naming the file; I/O failures are {@link UncheckedIOException}s.
 * Stateless and thread-safe.
 */
public final class IdxFile {

  /** IDX magic of unsigned-byte data with 3 dimensions (count, rows, cols). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** IDX magic of unsigned-byte data with 1 dimension (count). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxFile() {}

  /**
   * Encodes images as an IDX3 unsigned-byte file's bytes (uncompressed).
   *
   * @param images the images
   * @return magic, count, rows, cols, then the pixels
   */
  public static byte[] imageBytes(IdxImages images) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(images.count());
      out.writeInt(images.rows());
      out.writeInt(images.cols());
      out.write(images.pixels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes images as a gzipped IDX3 file, the form {@code train --data} and {@code evaluate} read.
   *
   * @param file the file, created or replaced
   * @param images the images
   * @return the file
   */
  public static Path writeImages(Path file, IdxImages images) {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(imageBytes(images));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * Reads an IDX3 unsigned-byte image file, gzipped or not.
   *
   * @param p the file
   * @return all images
   */
  public static IdxImages readImages(Path p) {
    try (DataInputStream in = open(p)) {
      return readImages(in, p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX3 unsigned-byte image file from a stream, gzipped or not: for files that are not on
   * a file system, such as class-path resources.
   *
   * @param stream the file's bytes; read to the end of the images, not closed
   * @param name what to call the file in error messages
   * @return all images
   */
  public static IdxImages readImages(InputStream stream, String name) {
    try {
      return readImages(wrap(stream), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads only the image count from an IDX3 image file's header, gzipped or not.
   *
   * @param p the file
   * @return the number of images it declares
   */
  public static int imageCount(Path p) {
    try (DataInputStream in = open(p)) {
      checkMagic(p.toString(), in, IMAGES_MAGIC, "IDX3 unsigned-byte image");
      return readSize(p.toString(), in, "image count");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static IdxImages readImages(DataInputStream in, String p) throws IOException {
    checkMagic(p, in, IMAGES_MAGIC, "IDX3 unsigned-byte image");
    int count = readSize(p, in, "image count");
    int rows = readSize(p, in, "rows");
    int cols = readSize(p, in, "cols");
    if (rows == 0 || cols == 0) {
      throw new IllegalArgumentException(
          p + ": declares images of " + rows + " x " + cols + " pixels");
    }
    long total = (long) count * rows * cols;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          p
              + ": declares "
              + count
              + " x "
              + rows
              + " x "
              + cols
              + " = "
              + total
              + " bytes, above the limit of "
              + (Integer.MAX_VALUE - 8));
    }
    byte[] pixels = readBody(p, in, (int) total);
    return new IdxImages(count, rows, cols, pixels);
  }

  /**
   * Reads an IDX1 unsigned-byte label file, gzipped or not.
   *
   * @param p the file
   * @return the labels, each 0..255
   */
  public static int[] readLabels(Path p) {
    try (DataInputStream in = open(p)) {
      return readLabels(in, p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX1 unsigned-byte label file from a stream, gzipped or not.
   *
   * @param stream the file's bytes; read to the end of the labels, not closed
   * @param name what to call the file in error messages
   * @return the labels, each 0..255
   */
  public static int[] readLabels(InputStream stream, String name) {
    try {
      return readLabels(wrap(stream), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private static int[] readLabels(DataInputStream in, String p) throws IOException {
    checkMagic(p, in, LABELS_MAGIC, "IDX1 unsigned-byte label");
    int count = readSize(p, in, "label count");
    byte[] body = readBody(p, in, count);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = body[i] & 0xFF;
    }
    return labels;
  }

  private static DataInputStream open(Path p) throws IOException {
    if (p == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(p + ": no such file");
    }
    return wrap(Files.newInputStream(p));
  }

  /** Buffers a stream and unzips it when it starts with the gzip magic {@code 1f 8b}. */
  private static DataInputStream wrap(InputStream stream) throws IOException {
    if (stream == null) {
      throw new IllegalArgumentException("stream must not be null");
    }
    InputStream raw = new BufferedInputStream(stream, 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return new DataInputStream(raw);
  }

  private static void checkMagic(String p, DataInputStream in, int expected, String what)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(p + ": truncated: shorter than the 4-byte IDX magic", e);
    }
    if (magic != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: not an %s file (magic 0x%08x, expected 0x%08x)", p, what, magic, expected));
    }
  }

  private static int readSize(String p, DataInputStream in, String what) throws IOException {
    int v;
    try {
      v = in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(p + ": truncated header: the " + what + " is missing", e);
    }
    if (v < 0) {
      throw new IllegalArgumentException(
          p + ": declares " + what + " " + Integer.toUnsignedString(v) + ", above 2^31-1");
    }
    return v;
  }

  private static byte[] readBody(String p, DataInputStream in, int length) throws IOException {
    // readNBytes grows its buffer as data arrives, so a header that lies about the size cannot
    // make us allocate more than the file holds.
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IllegalArgumentException(
          p + ": truncated: the header declares " + length + " data bytes, found " + body.length);
    }
    return body;
  }
}
