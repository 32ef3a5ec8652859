package io.flowspect.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 checksums in the {@code "sha256:<lowercase hex>"} form used by manifests. Stateless. */
public final class Sha256 {

  /** The prefix of every checksum string. */
  public static final String PREFIX = "sha256:";

  private Sha256() {}

  /**
   * Hashes a file, streaming it (constant memory).
   *
   * @param file a regular file
   * @return "sha256:" + 64 hex digits
   * @throws UncheckedIOException if the file cannot be read
   */
  public static String ofFile(Path file) {
    MessageDigest sha = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return PREFIX + HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Hashes bytes.
   *
   * @param bytes the data
   * @return "sha256:" + 64 hex digits
   */
  public static String of(byte[] bytes) {
    return PREFIX + HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
