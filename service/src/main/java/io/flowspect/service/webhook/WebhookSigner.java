package io.flowspect.service.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code X-Flowspect-Signature: sha256=<hex>}, the lower-case hex HMAC-SHA256
 * of the exact body bytes, keyed with the endpoint's secret (its UTF-8 bytes).
 *
 * <p>Why the exact bytes: a receiver verifies the signature on the raw request body before it
 * parses anything, so that no JSON re-serialisation (key order, number formats) can change what is
 * checked. Receivers compare in constant time ({@link #verify}).
 *
 * <p>Thread-safe: a fresh {@link Mac} per call.
 */
public final class WebhookSigner {

  /** The header carrying the signature. */
  public static final String HEADER = "X-Flowspect-Signature";

  /** The signature's prefix, naming the algorithm. */
  public static final String PREFIX = "sha256=";

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * Creates a signer.
   *
   * @param secret the shared secret, not blank
   */
  public WebhookSigner(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the webhook secret must not be blank");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /**
   * Signs a body.
   *
   * @param body the exact bytes sent
   * @return {@code sha256=<64 lower-case hex digits>}
   */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(body));
  }

  /**
   * Checks a signature as a receiver would, in constant time.
   *
   * @param body the raw request body
   * @param header the {@code X-Flowspect-Signature} value; null is never valid
   * @return true if it is this secret's signature of the body
   */
  public boolean verify(byte[] body, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(body).getBytes(StandardCharsets.US_ASCII),
        header.trim().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform must provide HmacSHA256; a key from bytes is always valid for it.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
