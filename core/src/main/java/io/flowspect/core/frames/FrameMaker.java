package io.flowspect.core.frames;

import java.util.SplittableRandom;

/**
 * Renders frames of one surface the way a line camera sees them: a stretch of material (another one
 * each frame, or the same part a few pixels off for {@link Surface#aligned} surfaces), an optional
 * defect painted on the material, then a lighting gradient and exposure that change from frame to
 * frame, and Gaussian sensor noise. Pure: the frame depends only on the material seed, the frame's
 * key and the defect asked for.
 */
public final class FrameMaker {

  /** Sensor noise, standard deviation in linear units (about 3 grey levels). */
  static final double SENSOR_NOISE = 0.012;

  private final Surface surface;
  private final long material;
  private final int width;
  private final int height;

  /**
   * Creates a maker.
   *
   * @param surface what the camera sees
   * @param material the material's seed (one roll of fabric, one sheet of metal)
   * @param width frame columns, at least 16
   * @param height frame rows, at least 16
   */
  public FrameMaker(Surface surface, long material, int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException(
          "frames must be at least 16 x 16 pixels, got " + width + " x " + height);
    }
    this.surface = surface;
    this.material = material;
    this.width = width;
    this.height = height;
  }

  /**
   * Returns the surface.
   *
   * @return what the frames show
   */
  public Surface surface() {
    return surface;
  }

  /**
   * Returns the frames' width.
   *
   * @return columns
   */
  public int width() {
    return width;
  }

  /**
   * Returns the frames' height.
   *
   * @return rows
   */
  public int height() {
    return height;
  }

  /**
   * Makes a good frame.
   *
   * @param key the frame's key: another key, another frame
   * @return the frame, with an empty mask
   */
  public MadeFrame good(long key) {
    return make(key, null, null);
  }

  /**
   * Makes a frame with one defect.
   *
   * @param key the frame's key
   * @param kind the defect
   * @param severity how large
   * @return the frame and the exact mask of the defect
   */
  public MadeFrame defective(long key, FrameDefect kind, FrameSeverity severity) {
    return make(key, kind, severity);
  }

  private MadeFrame make(long key, FrameDefect kind, FrameSeverity severity) {
    SplittableRandom random = new SplittableRandom(material * 0x9E3779B97F4A7C15L + key);
    double dx;
    double dy;
    if (surface.aligned()) {
      dx = random.nextDouble(-2, 2);
      dy = random.nextDouble(-2, 2);
    } else {
      dx = random.nextDouble(0, 4096);
      dy = random.nextDouble(0, 4096);
    }
    double toneScale = 1 + random.nextDouble(-0.03, 0.03);
    Frame frame = new Frame(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double[] t = surface.tone(material, x + dx, y + dy);
        int i = 3 * (y * width + x);
        frame.rgb[i] = t[0] * toneScale;
        frame.rgb[i + 1] = t[1] * toneScale;
        frame.rgb[i + 2] = t[2] * toneScale;
      }
    }
    // The defect gets its own stream, so that a frame's lighting and noise do not depend on it.
    SplittableRandom lighting = random.split();
    if (kind != null) {
      kind.paint(frame, random.split(), severity);
    }
    double gradient = lighting.nextDouble(0, 0.2);
    double angle = lighting.nextDouble(0, 2 * Math.PI);
    double exposure = lighting.nextDouble(0.92, 1.08);
    double gx = gradient * StrictMath.cos(angle);
    double gy = gradient * StrictMath.sin(angle);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double light =
            exposure * (1 + gx * (x / (double) width - 0.5) + gy * (y / (double) height - 0.5));
        int i = 3 * (y * width + x);
        for (int c = 0; c < 3; c++) {
          frame.rgb[i + c] = frame.rgb[i + c] * light + SENSOR_NOISE * lighting.nextGaussian();
        }
      }
    }
    return new MadeFrame(width, height, frame.toBytes(), frame.mask, kind, severity);
  }
}
