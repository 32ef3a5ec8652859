package io.flowspect.core.image;

import java.nio.ByteBuffer;

/**
 * The fuzz target of the image decoders, for Jazzer's driver ({@code scripts/fuzz-decoders}) and
 * for {@link DecoderCorpusTest}, which replays the committed corpus in every build.
 *
 * <p>An input passes when the decoder returns an image that keeps its limits or refuses it with an
 * {@link ImageDecodeException}; any other exception, a hang (the driver's one-second timeout) or
 * running out of memory is a finding.
 */
public final class DecoderFuzzTarget {

  /** The targets, each with its own corpus folder under {@code src/test/resources/fuzz}. */
  static final String[] TARGETS = {"png", "jpeg", "bmp", "raw"};

  /** Small limits, so that a declared size is refused long before it could exhaust memory. */
  private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 1 << 20);

  private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);

  private DecoderFuzzTarget() {}

  /**
   * Jazzer's entry point: the target named by {@code -Dflowspect.fuzz.target} (png, jpeg and bmp
   * share the decoder and differ by their seeds; raw reads a 5-byte header).
   *
   * @param data the fuzzer's input
   */
  public static void fuzzerTestOneInput(byte[] data) {
    run(System.getProperty("flowspect.fuzz.target", "png"), data);
  }

  /**
   * Decodes one input as a target does.
   *
   * @param target png, jpeg, bmp or raw
   * @param data the input
   */
  static void run(String target, byte[] data) {
    RasterImage image;
    try {
      if (target.equals("raw")) {
        if (data.length < 5) {
          return;
        }
        ByteBuffer header = ByteBuffer.wrap(data, 0, 5);
        int width = header.getShort() & 0xffff;
        int height = header.getShort() & 0xffff;
        int channels = header.get();
        byte[] pixels = new byte[data.length - 5];
        System.arraycopy(data, 5, pixels, 0, pixels.length);
        image = DECODER.decodeRaw("fuzz", pixels, width, height, channels);
      } else {
        image = DECODER.decode("fuzz", data);
      }
    } catch (ImageDecodeException refused) {
      return;
    }
    long pixels = (long) image.width() * image.height();
    if (image.width() < 1 || image.height() < 1 || pixels > LIMITS.maxPixels()) {
      throw new IllegalStateException("decoded " + image + " beyond the limits " + LIMITS);
    }
    if (image.pixels().length != pixels * image.channels()) {
      throw new IllegalStateException("decoded " + image + " with a wrong pixel count");
    }
  }
}
