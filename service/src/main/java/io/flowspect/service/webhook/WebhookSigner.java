package io.flowspect.service.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Stripe does: {@code X-Flowspect-Signature: t=<unix seconds>,
 * v1=<hex>[,v1=<hex>]}, each {@code v1} the lower-case hex HMAC-SHA256 of {@code "<t>." + body}
 * (the exact body bytes), keyed with one of the endpoint's secrets (UTF-8).
 *
 * <p>Why the timestamp: it is signed with the body, so a receiver that refuses signatures older
 * than a few minutes ({@link #verify}, {@link #DEFAULT_TOLERANCE}) cannot be fed a captured request
 * again. Why several {@code v1}: during a secret rotation the endpoint has a current and a previous
 * secret and the header carries one signature per secret, so receivers still on the old secret and
 * those already on the new one both accept every alert. Why the exact bytes: a receiver verifies
 * before it parses anything, so no JSON re-serialisation can change what is checked. Receivers
 * compare in constant time.
 *
 * <p>Thread-safe: a fresh {@link Mac} per call.
 */
public final class WebhookSigner {

  /** The header carrying the signature. */
  public static final String HEADER = "X-Flowspect-Signature";

  /** The scheme of the signatures, as in {@code v1=<hex>}. */
  public static final String SCHEME = "v1";

  /** How old a signature a receiver accepts by default: five minutes, as Stripe's libraries. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";

  private final List<SecretKeySpec> keys;

  /**
   * Creates a signer or verifier.
   *
   * @param secrets the current secret first, then any others still accepted (a rotation's previous
   *     secret); at least one, none blank
   */
  public WebhookSigner(List<String> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs a secret");
    }
    List<SecretKeySpec> k = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("the webhook secret must not be blank");
      }
      k.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }
    this.keys = List.copyOf(k);
  }

  /**
   * Creates a signer or verifier with one secret.
   *
   * @param secret the shared secret, not blank
   */
  public WebhookSigner(String secret) {
    this(java.util.Collections.singletonList(secret));
  }

  /**
   * Signs a body at a time.
   *
   * @param body the exact bytes sent
   * @param at when it is sent; the header carries it in whole seconds
   * @return {@code t=<seconds>,v1=<64 hex digits>} with one {@code v1} per secret
   */
  public String sign(byte[] body, Instant at) {
    long t = at.getEpochSecond();
    StringBuilder header = new StringBuilder("t=").append(t);
    for (SecretKeySpec key : keys) {
      header
          .append(',')
          .append(SCHEME)
          .append('=')
          .append(HexFormat.of().formatHex(mac(key, t, body)));
    }
    return header.toString();
  }

  /**
   * Checks a signature as a receiver would: its timestamp within {@code tolerance} of {@code now},
   * and one of its {@code v1} values the HMAC of the timestamp and body under one of this
   * verifier's secrets, compared in constant time.
   *
   * @param body the raw request body
   * @param header the {@code X-Flowspect-Signature} value; null is never valid
   * @param now the receiver's clock
   * @param tolerance how far the timestamp may lie from {@code now}, either way
   * @return true if the request is fresh and signed with one of the secrets
   */
  public boolean verify(byte[] body, String header, Instant now, Duration tolerance) {
    if (header == null) {
      return false;
    }
    Long t = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      String name = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (name.equals("t")) {
        try {
          t = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (name.equals(SCHEME)) {
        signatures.add(value.getBytes(StandardCharsets.US_ASCII));
      }
    }
    if (t == null || signatures.isEmpty()) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
      return false;
    }
    boolean ok = false;
    for (SecretKeySpec key : keys) {
      byte[] expected =
          HexFormat.of().formatHex(mac(key, t, body)).getBytes(StandardCharsets.US_ASCII);
      for (byte[] signature : signatures) {
        // No early exit: the time taken does not say which secret or signature matched.
        ok |= MessageDigest.isEqual(expected, signature);
      }
    }
    return ok;
  }

  private static byte[] mac(SecretKeySpec key, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform must provide HmacSHA256; a key from bytes is always valid for it.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
