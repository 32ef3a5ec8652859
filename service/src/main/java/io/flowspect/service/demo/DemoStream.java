package io.flowspect.service.demo;

import io.flowspect.core.defect.Defect;
import io.flowspect.core.defect.DefectGenerator;
import io.flowspect.core.defect.DefectKind;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.service.ingest.ImageHeaders;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The endless, seeded sequence of demo images: mostly Fashion-MNIST test images, mixed with MNIST
 * digits, defective images and a few corrupt files in the shares of a {@link DemoMix}.
 *
 * <p>Deterministic: the same samples, mix and run id give the same images, ids and lines in the
 * same order. Lines are used in turn. Not thread-safe: one producer thread draws from it.
 */
public final class DemoStream {

  private static final DefectKind[] DEFECTS = DefectKind.values();

  private final DemoSamples samples;
  private final DemoMix mix;
  private final String run;
  private final Random random;
  private final DefectGenerator defects;
  private final DemoFrames frames;
  private final DemoSensor sensor;
  private long sequence;

  /**
   * Creates a stream.
   *
   * @param samples the images to draw from
   * @param mix shares, lines and seed
   * @param run a short tag that makes ids unique across runs (e.g. the start time in base 36)
   */
  public DemoStream(DemoSamples samples, DemoMix mix, String run) {
    this(samples, mix, run, null);
  }

  /**
   * Creates a stream with a frames line.
   *
   * @param samples the images to draw from
   * @param mix shares, lines and seed
   * @param run a short tag that makes ids unique across runs
   * @param frames the frames line, one record in {@link DemoFrames#every()}; null for none
   */
  public DemoStream(DemoSamples samples, DemoMix mix, String run, DemoFrames frames) {
    this(samples, mix, run, frames, null);
  }

  /**
   * Creates a stream with a frames line and a sensor line.
   *
   * @param samples the images to draw from
   * @param mix shares, lines and seed
   * @param run a short tag that makes ids unique across runs
   * @param frames the frames line, one record in {@link DemoFrames#every()}; null for none
   * @param sensor the sensor line, one record in {@link DemoSensor#every()} (a frame wins when both
   *     fall on one record); null for none
   */
  public DemoStream(
      DemoSamples samples, DemoMix mix, String run, DemoFrames frames, DemoSensor sensor) {
    if (run == null || run.isBlank() || run.contains("-")) {
      throw new IllegalArgumentException("run must be a non-blank tag without '-', got " + run);
    }
    this.samples = samples;
    this.mix = mix;
    this.run = run;
    this.random = new Random(mix.seed());
    InputSpec spec =
        new InputSpec(1, samples.fashion().rows(), samples.fashion().cols(), ResizeMode.RESIZE);
    this.defects = new DefectGenerator(spec, mix.seed());
    this.frames = frames;
    this.sensor = sensor;
  }

  /**
   * Returns the next image.
   *
   * @return the image, with its line, id and headers
   */
  public DemoImage next() {
    long seq = sequence++;
    if (frames != null && seq % frames.every() == frames.every() - 1) {
      return frames.next(random, run, seq);
    }
    if (sensor != null && seq % sensor.every() == sensor.every() / 2) {
      return sensor.next(random, run, seq);
    }
    String line = mix.lines().get((int) (seq % mix.lines().size()));
    double u = random.nextDouble();
    DemoKind kind;
    if (u < mix.digitShare()) {
      kind = DemoKind.DIGIT;
    } else if (u < mix.digitShare() + mix.defectShare()) {
      kind = DemoKind.DEFECT;
    } else if (u < mix.digitShare() + mix.defectShare() + mix.corruptShare()) {
      kind = DemoKind.CORRUPT;
    } else {
      kind = DemoKind.NORMAL;
    }
    int w = samples.fashion().cols();
    int h = samples.fashion().rows();
    String label;
    byte[] pixels;
    switch (kind) {
      case DIGIT -> {
        int i = random.nextInt(samples.digits().count());
        pixels = samples.digitPixels(i);
        label = Integer.toString(samples.digitLabels()[i]);
      }
      case DEFECT -> {
        int i = random.nextInt(samples.fashion().count());
        DefectKind defect = DEFECTS[random.nextInt(DEFECTS.length)];
        pixels = paint(samples.fashionPixels(i), defect, seq);
        label = defect.name().toLowerCase(Locale.ROOT).replace('_', '-');
      }
      default -> {
        int i = random.nextInt(samples.fashion().count());
        pixels = samples.fashionPixels(i);
        label = DemoSamples.FASHION_CLASSES[samples.fashionLabels()[i]];
      }
    }
    String id =
        String.format(
            Locale.ROOT,
            "%s%s-%06d-%s%s",
            DemoImage.ID_PREFIX,
            run,
            seq,
            kind.tag(),
            kind == DemoKind.CORRUPT ? "" : "-" + label);
    Map<String, String> headers = new HashMap<>();
    headers.put(ImageHeaders.IMAGE_ID, id);
    byte[] value;
    if (kind == DemoKind.CORRUPT) {
      byte[] png = png(pixels, w, h);
      value = Arrays.copyOf(png, png.length / 2);
      headers.put(ImageHeaders.CONTENT_TYPE, "image/png");
    } else if (random.nextDouble() < mix.rawShare()) {
      value = pixels;
      headers.put(ImageHeaders.CONTENT_TYPE, ImageHeaders.RAW_CONTENT_TYPE);
      headers.put(ImageHeaders.WIDTH, Integer.toString(w));
      headers.put(ImageHeaders.HEIGHT, Integer.toString(h));
      headers.put(ImageHeaders.CHANNELS, "1");
    } else {
      value = png(pixels, w, h);
      headers.put(ImageHeaders.CONTENT_TYPE, "image/png");
    }
    return new DemoImage(id, line, kind, value, headers);
  }

  /**
   * Paints a defect; an image that cannot take this kind (a hole in an all-dark image) gets dead
   * pixels instead, which fit anywhere.
   */
  private byte[] paint(byte[] pixels, DefectKind kind, long key) {
    try {
      return defects.apply(pixels, kind, key).image();
    } catch (IllegalArgumentException e) {
      Defect fallback = defects.apply(pixels, DefectKind.DEAD_PIXELS, key);
      return fallback.image();
    }
  }

  /**
   * Encodes 8-bit gray pixels as PNG.
   *
   * @param pixels row-major values
   * @param width columns
   * @param height rows
   * @return the PNG file
   */
  public static byte[] png(byte[] pixels, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, pixels);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a demo image as PNG", e);
    }
    return out.toByteArray();
  }
}
