package io.flowspect.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowspect.core.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @Test
  void pngGrayAndRgbRoundTripExactly() throws Exception {
    RasterImage gray = TestImages.pattern(7, 5, 1, 3);
    RasterImage rgb = TestImages.pattern(7, 5, 3, 9);

    assertThat(decoder.decode("g.png", TestImages.encode(gray, "png"))).isEqualTo(gray);
    assertThat(decoder.decode("c.png", TestImages.encode(rgb, "png"))).isEqualTo(rgb);
  }

  @Test
  void bmpGrayAndRgbRoundTripExactly() throws Exception {
    RasterImage gray = TestImages.pattern(6, 3, 1, 1);
    RasterImage rgb = TestImages.pattern(5, 4, 3, 2);

    RasterImage decodedGray = decoder.decode("g.bmp", TestImages.encode(gray, "bmp"));
    RasterImage decodedRgb = decoder.decode("c.bmp", TestImages.encode(rgb, "bmp"));

    assertThat(decodedGray).isEqualTo(gray);
    assertThat(decodedRgb).isEqualTo(rgb);
  }

  @Test
  void jpegGrayAndRgbRoundTripWithinCompressionError() throws Exception {
    RasterImage gray = TestImages.smooth(16, 16, 1);
    RasterImage rgb = TestImages.smooth(16, 16, 3);

    RasterImage decodedGray = decoder.decode("g.jpg", TestImages.encode(gray, "jpeg"));
    RasterImage decodedRgb = decoder.decode("c.jpg", TestImages.encode(rgb, "jpeg"));

    assertThat(decodedGray.channels()).isEqualTo(1);
    assertThat(decodedRgb.channels()).isEqualTo(3);
    assertThat(maxAbsDiff(gray, decodedGray)).isLessThanOrEqualTo(4);
    assertThat(maxAbsDiff(rgb, decodedRgb)).isLessThanOrEqualTo(8);
  }

  @Test
  void rgbaDropsAlphaWithoutCompositing() throws Exception {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00_10_20_30); // fully transparent
    argb.setRGB(1, 0, 0x80_C8_64_32); // half transparent

    RasterImage img = decoder.decode("a.png", TestImages.encode(argb, "png"));

    assertThat(img.channels()).isEqualTo(3);
    assertThat(unsigned(img.pixels())).containsExactly(0x10, 0x20, 0x30, 200, 100, 50);
  }

  @Test
  void sixteenBitGrayIsRoundedToEightBits() throws Exception {
    BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    g16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128 * 257, 65535});

    RasterImage img = decoder.decode("g16.png", TestImages.encode(g16, "png"));

    assertThat(img.channels()).isEqualTo(1);
    assertThat(unsigned(img.pixels())).containsExactly(0, 128, 255);
  }

  @Test
  void palettesBecomeRgbOrGrayByTheirColours() throws Exception {
    byte[] r = {(byte) 255, 0, 7};
    byte[] g = {0, (byte) 255, 7};
    byte[] b = {0, 0, 7};
    BufferedImage colour =
        new BufferedImage(
            3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
    colour.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
    byte[] ramp = {0, 100, (byte) 200};
    BufferedImage grayPalette =
        new BufferedImage(
            3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, ramp, ramp, ramp));
    grayPalette.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});

    RasterImage c = decoder.decode("p.png", TestImages.encode(colour, "png"));
    RasterImage gp = decoder.decode("gp.png", TestImages.encode(grayPalette, "png"));

    assertThat(c.channels()).isEqualTo(3);
    assertThat(unsigned(c.pixels())).containsExactly(7, 7, 7, 255, 0, 0, 0, 255, 0);
    assertThat(gp.channels()).isEqualTo(1);
    assertThat(unsigned(gp.pixels())).containsExactly(200, 0, 100);
  }

  @Test
  void emptyInputIsRefused() {
    ImageDecodeException e =
        catchThrowableOfType(
            ImageDecodeException.class, () -> decoder.decode("blank.png", new byte[0]));

    assertThat(e.reason()).isEqualTo(Reason.EMPTY);
    assertThat(e.input()).isEqualTo("blank.png");
    assertThat(e).hasMessage("blank.png: is empty (0 bytes)");
  }

  @Test
  void inputAboveTheByteLimitIsRefusedBeforeDecoding() {
    byte[] png = TestImages.encode(TestImages.pattern(8, 8, 3, 0), "png");
    ImageDecoder small = new ImageDecoder(new ImageLimits(100, 1000));

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> small.decode("big.png", png));

    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_BYTES);
    assertThat(e).hasMessage("big.png: has " + png.length + " bytes, above the limit of 100 bytes");
  }

  @Test
  void unknownFormatIsUnsupported() {
    byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("x.gif", gif));

    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    assertThat(e)
        .hasMessageStartingWith("x.gif: not a PNG, JPEG or BMP file (starts with 47 49 46");
  }

  @Test
  void truncatedPngIsRefusedNotReturnedPartially() {
    byte[] png = TestImages.encode(noise(48, 48), "png");
    byte[] half = Arrays.copyOf(png, png.length / 2);

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("cut.png", half));

    assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.CORRUPT);
    assertThat(e).hasMessageStartingWith("cut.png: ");
  }

  @Test
  void truncatedJpegIsRefused() {
    byte[] jpeg = TestImages.encode(noise(48, 48), "jpeg");
    byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("cut.jpg", half));

    assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.CORRUPT);
    assertThat(e).hasMessageStartingWith("cut.jpg: ");
  }

  @Test
  void truncatedBmpIsRefused() {
    byte[] bmp = TestImages.encode(noise(48, 48), "bmp");
    byte[] half = Arrays.copyOf(bmp, bmp.length / 2);

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("cut.bmp", half));

    assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.CORRUPT);
    assertThat(e).hasMessageStartingWith("cut.bmp: ");
  }

  @Test
  void headerOnlyPngIsTruncated() {
    byte[] png = TestImages.encode(noise(8, 8), "png");
    byte[] header = Arrays.copyOf(png, 20);

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("h.png", header));

    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void decompressionBombIsRefusedFromItsHeaderWithoutAllocatingIt() {
    byte[] bomb = TestImages.pngDeclaring(20000, 20000);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode("scan-17.png", bomb));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(bomb.length).isLessThan(100);
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
    assertThat(e)
        .hasMessage(
            "scan-17.png: declares 20000 x 20000 = 400000000 pixels, above the limit of 50000000");
    assertThat(allocated).isLessThan(16L * 1024 * 1024);
  }

  @Test
  void rawPixelsAreCopiedAndValidated() throws Exception {
    byte[] data = {1, 2, 3, 4, 5, 6};

    RasterImage img = decoder.decodeRaw("raw", data, 2, 1, 3);
    data[0] = 99;

    assertThat(img.width()).isEqualTo(2);
    assertThat(img.sample(0, 0, 0)).isEqualTo(1);
    assertThat(img.sample(1, 0, 2)).isEqualTo(6);
  }

  @Test
  void rawWithWrongLengthIsCorrupt() {
    ImageDecodeException e =
        catchThrowableOfType(
            ImageDecodeException.class, () -> decoder.decodeRaw("k1", new byte[5], 2, 1, 3));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(e).hasMessage("k1: has 5 bytes but declares 2 x 1 x 3 = 6");
  }

  @Test
  void rawWithUnsupportedChannelsIsWrongChannels() {
    ImageDecodeException e =
        catchThrowableOfType(
            ImageDecodeException.class, () -> decoder.decodeRaw("k2", new byte[8], 2, 1, 4));

    assertThat(e.reason()).isEqualTo(Reason.WRONG_CHANNELS);
    assertThat(e).hasMessageContaining("k2: declares 4 channels");
  }

  @Test
  void rawAboveThePixelLimitIsRefused() {
    ImageDecoder small = new ImageDecoder(new ImageLimits(1000, 10));

    ImageDecodeException e =
        catchThrowableOfType(
            ImageDecodeException.class, () -> small.decodeRaw("k3", new byte[12], 4, 3, 1));

    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
    assertThat(e).hasMessage("k3: declares 4 x 3 = 12 pixels, above the limit of 10");
  }

  @Test
  void rawWithNonPositiveSizeIsCorrupt() {
    ImageDecodeException e =
        catchThrowableOfType(
            ImageDecodeException.class, () -> decoder.decodeRaw("k4", new byte[3], 0, 1, 3));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
  }

  @Test
  void callerMistakesAreIllegalArguments() {
    assertThatThrownBy(() -> decoder.decode(" ", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputName");
    assertThatThrownBy(() -> decoder.decode("n.png", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n.png");
    assertThatThrownBy(() -> new ImageLimits(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be at least 1, got 0");
  }

  @Test
  void defaultLimitsAre32MibAnd50Megapixels() {
    assertThat(ImageLimits.defaults()).isEqualTo(new ImageLimits(33_554_432L, 50_000_000L));
  }

  private static BufferedImage noise(int w, int h) {
    Random random = new Random(7);
    BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        b.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return b;
  }

  private static int maxAbsDiff(RasterImage a, RasterImage b) {
    int max = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      max = Math.max(max, Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF)));
    }
    return max;
  }

  static int[] unsigned(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  /**
   * BMP headers that made the JDK's reader allocate what the file does not hold (found by
   * scripts/fuzz-decoders: 726 bytes wrapping a "JPEG" of 1.6 GB ran the heap out) are refused from
   * the header, before the reader allocates anything.
   */
  @Test
  void bmpHeadersDeclaringMoreThanTheFileHoldsAreRefused() throws Exception {
    byte[] valid = TestImages.encode(new RasterImage(4, 3, 1, new byte[12]), "bmp");
    assertThat(decoder.decode("ok.bmp", valid).width()).isEqualTo(4);

    byte[] embedded = valid.clone();
    littleEndian(embedded, 30, 4); // BI_JPEG
    littleEndian(embedded, 34, 0x624D4284); // 1.6 GB of "JPEG"
    assertThatThrownBy(() -> decoder.decode("wrapped.bmp", embedded))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("BMP wrapping a JPEG (compression 4) is not supported");

    byte[] rle = valid.clone();
    littleEndian(rle, 30, 1); // BI_RLE8, sized by the header
    littleEndian(rle, 34, 1 << 30);
    assertThatThrownBy(() -> decoder.decode("rle.bmp", rle))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.TRUNCATED))
        .hasMessageContaining("declares 1073741824 bytes of image data");
  }

  private static void littleEndian(byte[] b, int at, int v) {
    for (int k = 0; k < 4; k++) {
      b[at + k] = (byte) (v >>> (8 * k));
    }
  }
}
