package io.flowspect.service.demo;

import java.util.Locale;
import java.util.Map;

/**
 * One input record of the demo stream, without its capture time (stamped when it is sent).
 *
 * @param id the {@code image-id} header: {@code demo-<run>-<sequence>-<kind>[-<label>]}, e.g.
 *     {@code demo-t6a1kz-000042-digit-7}, so that an alert says what the image really was
 * @param line the record key
 * @param kind what the image is
 * @param value the record value: PNG bytes or raw pixels
 * @param headers {@code image-id}, {@code content-type} and, for raw pixels, the shape headers
 */
public record DemoImage(
    String id, String line, DemoKind kind, byte[] value, Map<String, String> headers) {

  /** Every demo image id starts with this. */
  public static final String ID_PREFIX = "demo-";

  /**
   * Returns a demo image's id.
   *
   * @param run the run tag
   * @param seq the record's sequence number
   * @param kind what it is
   * @param label what exactly, e.g. {@code good} or {@code outer-race-strong}
   * @return {@code demo-<run>-<seq>-<kind>-<label>}
   */
  static String id(String run, long seq, DemoKind kind, String label) {
    return String.format(Locale.ROOT, "%s%s-%06d-%s-%s", ID_PREFIX, run, seq, kind.tag(), label);
  }

  /** Copies the headers. */
  public DemoImage {
    headers = Map.copyOf(headers);
  }
}
