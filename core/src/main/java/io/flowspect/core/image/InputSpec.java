package io.flowspect.core.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The model input contract: what a density model expects, recorded in the bundle manifest.
 *
 * <p>This is the ONE preprocessing used by the trainer, the CLI and the service: all of them call
 * {@link #toChw} and {@link #toFloats}, so a model is scored on exactly the values it was trained
 * on. Any change here changes every model's likelihoods.
 *
 * <p>The model input is a flattened CHW vector of {@link #dims()} floats holding the raw unsigned
 * values 0..255 (no scaling, no mean subtraction: the ONNX graph itself does any scaling and its
 * dequantisation).
 *
 * <p>Immutable and thread-safe; the conversions are pure functions.
 *
 * @param channels 1 (gray) or 3 (RGB)
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param resize how differently sized images are brought to {@code width x height}
 */
@JsonIgnoreProperties(
    value = {"layout"},
    allowGetters = true,
    ignoreUnknown = true)
@JsonPropertyOrder({"channels", "height", "width", "resize", "layout"})
public record InputSpec(int channels, int height, int width, ResizeMode resize) {

  /** Human-readable layout written to the manifest next to the sizes. */
  public static final String LAYOUT = "NCHW flattened, uint8 values as float32 0..255";

  /** Validates the contract. */
  public InputSpec {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "height and width must be at least 1, got " + height + " x " + width);
    }
    if ((long) channels * height * width > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "channels * height * width must fit in an array, got "
              + channels
              + " * "
              + height
              + " * "
              + width);
    }
    if (resize == null) {
      throw new IllegalArgumentException("resize must not be null");
    }
  }

  /**
   * Returns the number of model inputs per image, {@code channels * height * width}.
   *
   * @return the flattened input length D
   */
  @JsonIgnore
  public int dims() {
    return channels * height * width;
  }

  /**
   * Returns {@link #LAYOUT}; serialised to the manifest for humans, ignored when read back.
   *
   * @return the layout description
   */
  @JsonProperty("layout")
  public String layout() {
    return LAYOUT;
  }

  /**
   * Converts an image to this contract: channels first, then size, then planar layout.
   *
   * <ul>
   *   <li>RGB to gray: ITU-R BT.601 luma {@code round(0.299 R + 0.587 G + 0.114 B)}, computed in
   *       integers so that it is exact and identical on every machine.
   *   <li>Gray to RGB: the value is replicated to the three channels.
   *   <li>Size: when it differs, {@link ResizeMode#RESIZE} or {@link ResizeMode#CENTER_CROP}
   *       resampling with a bilinear (triangle) filter, pixel centres aligned, edges clamped.
   * </ul>
   *
   * When channels and size already match, the result is an exact copy of the samples, reordered
   * from HWC to CHW.
   *
   * @param img the decoded image
   * @return {@link #dims()} unsigned bytes, index {@code (c * height + y) * width + x}
   */
  public byte[] toChw(RasterImage img) {
    if (img == null) {
      throw new IllegalArgumentException("img must not be null");
    }
    RasterImage src = img;
    if (channels == 1 && src.channels() == 3) {
      src = luma(src);
    }
    int c = src.channels();
    byte[] planes;
    if (src.width() == width && src.height() == height) {
      planes = toPlanes(src.pixels(), width * height, c);
    } else {
      planes = Resampler.resample(src, width, height, resize);
    }
    if (channels == 3 && c == 1) {
      int plane = width * height;
      byte[] rgb = new byte[3 * plane];
      for (int k = 0; k < 3; k++) {
        System.arraycopy(planes, 0, rgb, k * plane, plane);
      }
      return rgb;
    }
    return planes;
  }

  /**
   * Converts {@link #toChw} output to the model's input values: each unsigned byte becomes a float
   * 0.0..255.0, in the same order.
   *
   * @param chw unsigned bytes in CHW order
   * @return floats of the same length
   */
  public static float[] toFloats(byte[] chw) {
    if (chw == null) {
      throw new IllegalArgumentException("chw must not be null");
    }
    float[] out = new float[chw.length];
    for (int i = 0; i < chw.length; i++) {
      out[i] = chw[i] & 0xFF;
    }
    return out;
  }

  /**
   * Shorthand for {@code toFloats(toChw(img))}.
   *
   * @param img the decoded image
   * @return {@link #dims()} floats 0..255 in CHW order
   */
  public float[] toModelInput(RasterImage img) {
    return toFloats(toChw(img));
  }

  private static RasterImage luma(RasterImage rgb) {
    byte[] p = rgb.pixels();
    int n = rgb.width() * rgb.height();
    byte[] gray = new byte[n];
    for (int i = 0, j = 0; i < n; i++, j += 3) {
      int r = p[j] & 0xFF;
      int g = p[j + 1] & 0xFF;
      int b = p[j + 2] & 0xFF;
      gray[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
    }
    return new RasterImage(rgb.width(), rgb.height(), 1, gray);
  }

  private static byte[] toPlanes(byte[] hwc, int plane, int c) {
    if (c == 1) {
      return hwc.clone();
    }
    byte[] out = new byte[hwc.length];
    for (int i = 0; i < plane; i++) {
      for (int k = 0; k < c; k++) {
        out[k * plane + i] = hwc[i * c + k];
      }
    }
    return out;
  }
}
