package io.flowspect.core.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. Shipped in core's test-jar. */
public final class TestIdx {

  private TestIdx() {}

  /**
   * Writes an IDX3 unsigned-byte image file.
   *
   * @param file target
   * @param images content
   * @param gzip whether to gzip the file (whatever its name)
   * @return the file
   */
  public static Path writeImages(Path file, IdxImages images, boolean gzip) {
    return write(file, IdxFile.imageBytes(images), gzip);
  }

  /**
   * Writes an IDX1 unsigned-byte label file.
   *
   * @param file target
   * @param labels values 0..255
   * @param gzip whether to gzip the file
   * @return the file
   */
  public static Path writeLabels(Path file, int[] labels, boolean gzip) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxFile.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int label : labels) {
        out.writeByte(label);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(file, bytes.toByteArray(), gzip);
  }

  /**
   * Writes bytes, optionally gzipped.
   *
   * @param file target
   * @param content bytes
   * @param gzip whether to gzip
   * @return the file
   */
  public static Path write(Path file, byte[] content, boolean gzip) {
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
