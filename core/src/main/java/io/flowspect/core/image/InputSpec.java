package io.flowspect.core.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * <p>Binarised inputs (models of binary images, e.g. a Bernoulli decoder): when {@link
 * #binarizeThreshold()} is set, {@link #toChw} ends by mapping every sample to 255 when it is at
 * least the threshold and to 0 otherwise ({@link #binarize}). The values stay on the 0..255 scale,
 * so binarised images are still 8-bit images (for PNGs, complexity and grids), and binarising twice
 * changes nothing. The threshold is recorded in the manifest ({@code binarize_threshold}, absent
 * for 8-bit models), so trainer, CLI and service binarise identically.
 *
 * <p>Immutable and thread-safe; the conversions are pure functions.
 *
 * @param channels 1 (gray) or 3 (RGB)
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param resize how differently sized images are brought to {@code width x height}
 * @param binarizeThreshold null for 8-bit inputs; else 1..255: a sample is 255 when its 8-bit value
 *     is at least this, 0 otherwise
 */
@JsonIgnoreProperties(
    value = {"layout"},
    allowGetters = true,
    ignoreUnknown = true)
@JsonPropertyOrder({"channels", "height", "width", "resize", "binarize_threshold", "layout"})
public record InputSpec(
    int channels,
    int height,
    int width,
    ResizeMode resize,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer binarizeThreshold) {

  /** Human-readable layout written to the manifest next to the sizes. */
  public static final String LAYOUT = "NCHW flattened, uint8 values as float32 0..255";

  /** The binarisation threshold of binarised models: 8-bit values 128..255 become 1 (255). */
  public static final int DEFAULT_BINARIZE_THRESHOLD = 128;

  /**
   * An 8-bit input contract (no binarisation).
   *
   * @param channels 1 (gray) or 3 (RGB)
   * @param height rows, at least 1
   * @param width columns, at least 1
   * @param resize how differently sized images are brought to {@code width x height}
   */
  public InputSpec(int channels, int height, int width, ResizeMode resize) {
    this(channels, height, width, resize, null);
  }

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
    if (binarizeThreshold != null && (binarizeThreshold < 1 || binarizeThreshold > 255)) {
      throw new IllegalArgumentException(
          "binarize_threshold must be in 1..255 (or absent for 8-bit inputs), got "
              + binarizeThreshold);
    }
  }

  /**
   * Returns this contract with binarisation at a threshold.
   *
   * @param threshold 1..255
   * @return the binarised contract
   */
  public InputSpec binarized(int threshold) {
    return new InputSpec(channels, height, width, resize, threshold);
  }

  /**
   * Tells whether model inputs are binary (0 or 255).
   *
   * @return true when {@link #binarizeThreshold()} is set
   */
  @JsonIgnore
  public boolean isBinarized() {
    return binarizeThreshold != null;
  }

  /**
   * Applies this contract's binarisation to CHW samples: 255 where the value is at least {@link
   * #binarizeThreshold()}, else 0. The one definition of binarisation; {@link #toChw} ends with it.
   * Idempotent.
   *
   * @param chw unsigned bytes
   * @return {@code chw} itself when the contract does not binarise or every sample is already 0 or
   *     255, else a binarised copy
   */
  public byte[] binarize(byte[] chw) {
    if (chw == null) {
      throw new IllegalArgumentException("chw must not be null");
    }
    if (binarizeThreshold == null) {
      return chw;
    }
    byte[] out = null;
    for (int i = 0; i < chw.length; i++) {
      int v = chw[i] & 0xFF;
      byte b = v >= binarizeThreshold ? (byte) 255 : 0;
      if (out == null && b != chw[i]) {
        out = chw.clone();
      }
      if (out != null) {
        out[i] = b;
      }
    }
    return out == null ? chw : out;
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
   * from HWC to CHW. A binarising contract then {@link #binarize binarises} the samples.
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
      planes = rgb;
    }
    return binarize(planes);
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
