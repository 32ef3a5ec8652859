package io.flowspect.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A content hash of a preprocessed data set.
 *
 * <p>Why: the bundle records the fingerprint of its training data, and calibration refuses a data
 * set with the same fingerprint, because thresholds calibrated on the images a model was trained on
 * are optimistic (the model has memorised them). It hashes the preprocessed bytes, not file names,
 * so renamed or re-encoded-but-identical copies are still recognised. Stateless.
 */
public final class DataFingerprint {

  private DataFingerprint() {}

  /**
   * Returns {@code "sha256:" + hex(SHA-256(chw_0 || chw_1 || ...))} over the images' CHW bytes in
   * list order; ids are not hashed. Order-sensitive: the same images in another order give another
   * fingerprint.
   *
   * @param images the data set, in its canonical (loading) order
   * @return the fingerprint, 71 characters
   */
  public static String of(List<ImageRecord> images) {
    if (images == null) {
      throw new IllegalArgumentException("images must not be null");
    }
    MessageDigest sha = sha256();
    for (ImageRecord image : images) {
      sha.update(image.chw());
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
