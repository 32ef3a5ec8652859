package io.flowspect.service.support;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Inputs for the pipeline tests: real Fashion-MNIST test images as PNG, and broken inputs. */
public final class TestImages {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the test images. */
  public static final Path FASHION_MNIST_TEST =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  /** Byte limit the tests give the decoder, so that a ~300 KB image counts as oversized. */
  public static final long TEST_MAX_BYTES = 200_000;

  private static final Set<DlqReason> DAMAGED = Set.of(DlqReason.TRUNCATED, DlqReason.CORRUPT);

  private static IdxImages idx;

  private TestImages() {}

  /**
   * An input record's value and headers, and the reason it should be refused (null when good).
   *
   * @param id the image id header
   * @param value the bytes
   * @param headers headers besides image-id
   * @param expected the DLQ reasons it may be refused with (damage is TRUNCATED or CORRUPT
   *     depending on where the data breaks)
   */
  public record Input(
      String id, byte[] value, Map<String, String> headers, Set<DlqReason> expected) {}

  /**
   * Tells whether the data set is installed.
   *
   * @return true if Fashion-MNIST test images can be read
   */
  public static boolean available() {
    return Files.isRegularFile(FASHION_MNIST_TEST);
  }

  /**
   * Returns Fashion-MNIST test images encoded as gray PNGs.
   *
   * @param from first index
   * @param count how many
   * @return the PNG files
   */
  public static synchronized List<byte[]> fashionMnistPngs(int from, int count) {
    if (idx == null) {
      idx = IdxFile.readImages(FASHION_MNIST_TEST);
    }
    int size = idx.rows() * idx.cols();
    List<byte[]> out = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      byte[] pixels = Arrays.copyOfRange(idx.pixels(), i * size, (i + 1) * size);
      out.add(grayPng(pixels, idx.cols(), idx.rows()));
    }
    return out;
  }

  /**
   * Returns vertical stripes, 28 x 28 gray pixels: dark and bright columns alternating every {@code
   * period} columns. Not Fashion-MNIST-like, so no data set is needed.
   *
   * @param period stripe width in pixels, at least 1
   * @return the pixels, row-major
   */
  public static byte[] stripePixels(int period) {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i % 28) / period % 2 == 0 ? 30 : 220);
    }
    return pixels;
  }

  /**
   * Returns {@link #stripePixels} as a PNG.
   *
   * @param period stripe width in pixels, at least 1
   * @return the PNG file
   */
  public static byte[] stripes(int period) {
    return grayPng(stripePixels(period), 28, 28);
  }

  /**
   * Returns seeded gray noise, 28 x 28, as a PNG.
   *
   * @param seed the seed
   * @return the PNG file
   */
  public static byte[] noise(long seed) {
    byte[] pixels = new byte[28 * 28];
    new Random(seed).nextBytes(pixels);
    return grayPng(pixels, 28, 28);
  }

  /**
   * Encodes 8-bit gray pixels as PNG.
   *
   * @param pixels row-major values
   * @param width columns
   * @param height rows
   * @return the PNG file
   */
  public static byte[] grayPng(byte[] pixels, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, pixels);
    return png(img);
  }

  private static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Returns twenty inputs the pipeline must refuse, each with the reason it must give: truncated
   * PNGs, garbage, an empty value, a decompression bomb, an oversized image, broken raw pixels,
   * unknown content types and an unreadable {@code captured-at}.
   *
   * @param good a valid PNG to damage
   * @return 20 inputs, ids {@code bad-00} to {@code bad-19}
   */
  public static List<Input> corrupt(byte[] good) {
    Random r = new Random(7);
    List<byte[]> values = new ArrayList<>();
    List<Map<String, String>> headers = new ArrayList<>();
    List<Set<DlqReason>> reasons = new ArrayList<>();
    // Truncated PNGs: inside the signature's aftermath, the header and the image data.
    for (int cut : new int[] {12, 30, 45, good.length / 3, good.length / 2, good.length - 40}) {
      values.add(Arrays.copyOf(good, cut));
      headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "image/png"));
      reasons.add(DAMAGED);
    }
    // Garbage: random bytes, text, and random bytes posing as PNG.
    for (int i = 0; i < 3; i++) {
      byte[] garbage = new byte[200 + 100 * i];
      r.nextBytes(garbage);
      garbage[0] = 0x42 + 1; // never 'B' of BMP, 0x89 of PNG or 0xFF of JPEG
      values.add(garbage);
      headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "image/png"));
      reasons.add(Set.of(DlqReason.UNSUPPORTED_FORMAT));
    }
    values.add("this is not an image".getBytes(StandardCharsets.UTF_8));
    headers.add(Map.of());
    reasons.add(Set.of(DlqReason.UNSUPPORTED_FORMAT));
    // A PNG whose first chunks are fine but whose image data is random.
    byte[] scrambled = good.clone();
    for (int i = 41; i < scrambled.length - 12; i++) {
      scrambled[i] = (byte) r.nextInt(256);
    }
    values.add(scrambled);
    headers.add(Map.of());
    reasons.add(DAMAGED);
    values.add(new byte[0]);
    headers.add(Map.of());
    reasons.add(Set.of(DlqReason.EMPTY));
    values.add(pngHeaderOnly(20_000, 20_000));
    headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "image/png"));
    reasons.add(Set.of(DlqReason.TOO_MANY_PIXELS));
    values.add(noisePng(300, 300, r));
    headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "image/png"));
    reasons.add(Set.of(DlqReason.TOO_MANY_BYTES));
    values.add(new byte[28 * 28 - 1]);
    headers.add(raw("28", "28", "1"));
    reasons.add(Set.of(DlqReason.CORRUPT));
    values.add(new byte[28 * 28 * 2]);
    headers.add(raw("28", "28", "2"));
    reasons.add(Set.of(DlqReason.WRONG_CHANNELS));
    values.add(new byte[28 * 28]);
    headers.add(raw("28", "twenty-eight", "1"));
    reasons.add(Set.of(DlqReason.BAD_HEADER));
    values.add(good);
    headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "text/plain"));
    reasons.add(Set.of(DlqReason.UNSUPPORTED_CONTENT_TYPE));
    values.add(good);
    headers.add(Map.of(ImageHeaders.CAPTURED_AT, "yesterday"));
    reasons.add(Set.of(DlqReason.BAD_HEADER));
    values.add(Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 64));
    headers.add(Map.of(ImageHeaders.CONTENT_TYPE, "image/jpeg"));
    reasons.add(DAMAGED);
    List<Input> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(
          new Input(String.format("bad-%02d", i), values.get(i), headers.get(i), reasons.get(i)));
    }
    if (out.size() != 20) {
      throw new IllegalStateException("expected 20 corrupt inputs, made " + out.size());
    }
    return out;
  }

  /**
   * Many corrupt inputs of every kind the contract can be broken in, each varied by a seeded draw:
   * truncated and scrambled PNGs, garbage, decompression bombs, raw pixels of the wrong length or
   * channel count, unreadable and oversize headers, content types the service does not read,
   * oversize and empty values. Ids {@code bad-00000...}.
   *
   * @param good a good PNG to damage
   * @param n how many
   * @param seed the draw
   * @return the inputs with the reasons each may be refused for
   */
  public static List<Input> corruptAtScale(byte[] good, int n, long seed) {
    Random r = new Random(seed);
    List<Input> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = String.format("bad-%05d", i);
      int w = 1 + r.nextInt(64);
      int h = 1 + r.nextInt(64);
      Input in =
          switch (i % 11) {
            case 0 -> {
              int cut = 12 + r.nextInt(good.length - 52);
              yield new Input(id, Arrays.copyOf(good, cut), Map.of(), DAMAGED);
            }
            case 1 -> {
              byte[] garbage = new byte[1 + r.nextInt(3000)];
              r.nextBytes(garbage);
              garbage[0] = 0x43; // no magic number of PNG, JPEG or BMP
              yield new Input(
                  id,
                  garbage,
                  Map.of(ImageHeaders.CONTENT_TYPE, "image/png"),
                  Set.of(DlqReason.UNSUPPORTED_FORMAT));
            }
            case 2 -> {
              byte[] scrambled = good.clone();
              for (int k = 41; k < scrambled.length - 12; k++) {
                scrambled[k] = (byte) r.nextInt(256);
              }
              yield new Input(id, scrambled, Map.of(), DAMAGED);
            }
            case 3 ->
                new Input(
                    id,
                    pngHeaderOnly(20_000 + r.nextInt(40_000), 20_000 + r.nextInt(40_000)),
                    Map.of(),
                    Set.of(DlqReason.TOO_MANY_PIXELS));
            case 4 -> {
              int c = r.nextBoolean() ? 1 : 3;
              int exact = w * h * c;
              int length =
                  r.nextBoolean()
                      ? exact + 1 + r.nextInt(50)
                      : Math.max(1, exact - 1 - r.nextInt(50));
              if (length == exact) {
                length = exact + 1;
              }
              yield new Input(
                  id,
                  new byte[length],
                  raw(Integer.toString(w), Integer.toString(h), Integer.toString(c)),
                  Set.of(DlqReason.CORRUPT));
            }
            case 5 -> {
              int c = new int[] {2, 4, 5, 7}[r.nextInt(4)];
              yield new Input(
                  id,
                  new byte[w * h * c],
                  raw(Integer.toString(w), Integer.toString(h), Integer.toString(c)),
                  Set.of(DlqReason.WRONG_CHANNELS));
            }
            case 6 ->
                new Input(
                    id,
                    new byte[w * h],
                    raw("w" + r.nextInt(1000), Integer.toString(h), "1"),
                    Set.of(DlqReason.BAD_HEADER));
            case 7 ->
                new Input(
                    id,
                    good,
                    Map.of(ImageHeaders.CAPTURED_AT, "last " + r.nextInt(7) + " day"),
                    Set.of(DlqReason.BAD_HEADER));
            case 8 ->
                new Input(
                    id,
                    good,
                    Map.of(
                        ImageHeaders.CONTENT_TYPE,
                        new String[] {"text/plain", "application/json", "video/mp4", "x/y"}
                            [r.nextInt(4)]),
                    Set.of(DlqReason.UNSUPPORTED_CONTENT_TYPE));
            case 9 -> {
              if ((i / 11) % 10 == 0) {
                byte[] big = new byte[(int) TEST_MAX_BYTES + 1 + r.nextInt(1000)];
                r.nextBytes(big);
                big[0] = (byte) 0x89;
                yield new Input(id, big, Map.of(), Set.of(DlqReason.TOO_MANY_BYTES));
              }
              yield new Input(id, new byte[0], Map.of(), Set.of(DlqReason.EMPTY));
            }
            default ->
                new Input(
                    id,
                    good,
                    Map.of(
                        ImageHeaders.CONTENT_TYPE,
                        "image/png;" + "p".repeat(ImageHeaders.MAX_VALUE_BYTES + r.nextInt(4000))),
                    Set.of(DlqReason.BAD_HEADER));
          };
      out.add(in);
    }
    return out;
  }

  private static Map<String, String> raw(String width, String height, String channels) {
    return Map.of(
        ImageHeaders.CONTENT_TYPE,
        ImageHeaders.RAW_CONTENT_TYPE,
        ImageHeaders.WIDTH,
        width,
        ImageHeaders.HEIGHT,
        height,
        ImageHeaders.CHANNELS,
        channels);
  }

  /** A PNG noise image, incompressible: about 3 bytes a pixel. */
  private static byte[] noisePng(int width, int height, Random r) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return png(img);
  }

  /** A PNG signature and an IHDR declaring a huge gray image, then IEND: a decompression bomb. */
  public static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
