package io.flowspect.core.local;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.image.InputSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where each value of a multi-scale flow's standardised latent {@code z} sits in the image, and the
 * per-pixel latent energy map ({@link MapKind#FLOW_ENERGY}) built from it.
 *
 * <p>The layout is the trainer's {@code MultiScaleFlow} (Glow, RealNVP, NICE; Dinh et al. 2017,
 * section 3.6): level l squeezes every 2 x 2 block of its input into four channels, runs its steps,
 * and factors out half of the channels (the top level: all of them) as eps = (z - mean) /
 * exp(log_scale) under the level's prior. Before level l's squeeze the kept tensor has {@code C *
 * 2^l} channels of {@code H / 2^l} x {@code W / 2^l}; after it {@code C * 2^(l+2)} channels of
 * {@code H / 2^(l+1)} x {@code W / 2^(l+1)}. So level l's eps is [C_l, H_l, W_l] with H_l = H /
 * 2^(l+1), W_l = W / 2^(l+1), C_l = C * 2^(l+1) below the top and C * 2^(l+2) at the top, and cell
 * (i, j) of it comes from the {@code 2^(l+1)}-pixel square block at rows {@code i * 2^(l+1)}.. and
 * columns {@code j * 2^(l+1)}.. of the image. {@code z} is the concatenation over levels, finest
 * first, of each level's eps flattened as [C_l, H_l, W_l] (row-major).
 *
 * <p>The energy of a latent value is {@code 0.5 * eps^2} nats: its share of -log N(eps; 0, 1) that
 * depends on the image (the prior's constants and scales and the flow's log-determinant are left
 * out). A cell's energy (summed over its channels) is spread evenly over the pixels of its block,
 * and a pixel's map value is the sum over levels of the shares of the cells covering it, so the map
 * sums to the image's total latent energy {@code 0.5 * |z|^2}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FlowLatentLayout {

  /** The manifest hyperparameter holding the number of levels. */
  public static final String LEVELS = BundleContract.Hyper.LEVELS;

  /**
   * The families of bundles exported before manifests declared {@link
   * BundleContract.Hyper#LATENT_LAYOUT}; newer bundles are read by that declaration alone.
   */
  public static final Set<String> LEGACY_FAMILIES = Set.of("glow", "realnvp", "nice");

  /**
   * One level's block of {@code z}.
   *
   * @param index level number, 0 the finest
   * @param channels C_l, the channels factored out at this level
   * @param height H_l, cell rows
   * @param width W_l, cell columns
   * @param offset where the level starts in {@code z}
   * @param cell side of the square pixel block a cell covers, {@code 2^(index+1)}
   */
  public record Level(int index, int channels, int height, int width, int offset, int cell) {

    /**
     * Returns the number of latent values of this level.
     *
     * @return C_l * H_l * W_l
     */
    public int size() {
      return channels * height * width;
    }

    /**
     * Returns the index in {@code z} of one value of this level.
     *
     * @param channel 0..C_l-1
     * @param row 0..H_l-1
     * @param column 0..W_l-1
     * @return the index
     */
    public int index(int channel, int row, int column) {
      return offset + (channel * height + row) * width + column;
    }
  }

  private final InputSpec input;
  private final List<Level> levels;

  private FlowLatentLayout(InputSpec input, List<Level> levels) {
    this.input = input;
    this.levels = levels;
  }

  /**
   * Returns the layout of a flow with this input and number of levels.
   *
   * @param input the model input
   * @param levels number of levels, at least 1
   * @return the layout
   * @throws IllegalArgumentException if height or width is not divisible by {@code 2^levels}
   */
  public static FlowLatentLayout of(InputSpec input, int levels) {
    if (input == null) {
      throw new IllegalArgumentException("input must not be null");
    }
    if (levels < 1 || levels > 30) {
      throw new IllegalArgumentException("levels must be in 1..30, got " + levels);
    }
    int factor = 1 << levels;
    if (input.height() % factor != 0 || input.width() % factor != 0) {
      throw new IllegalArgumentException(
          "a flow with "
              + levels
              + " levels needs height and width divisible by "
              + factor
              + ", got "
              + input.height()
              + " x "
              + input.width());
    }
    List<Level> out = new ArrayList<>(levels);
    int offset = 0;
    for (int l = 0; l < levels; l++) {
      int cell = 1 << (l + 1);
      boolean top = l == levels - 1;
      int channels = input.channels() * (top ? 2 * cell : cell);
      Level level =
          new Level(l, channels, input.height() / cell, input.width() / cell, offset, cell);
      out.add(level);
      offset += level.size();
    }
    if (offset != input.dims()) {
      throw new IllegalStateException(
          "latent layout holds " + offset + " values, the input " + input.dims());
    }
    return new FlowLatentLayout(input, Collections.unmodifiableList(out));
  }

  /**
   * Returns the layout of a bundle's latent, when its family has one: a multi-scale flow ({@link
   * #LEGACY_FAMILIES}) whose hyperparameters give a whole number of {@link #LEVELS}.
   *
   * @param manifest the bundle's manifest
   * @return the layout, or empty for other families or without a levels hyperparameter
   * @throws IllegalArgumentException if the levels do not fit the input
   */
  public static Optional<FlowLatentLayout> of(Manifest manifest) {
    Object declared = manifest.hyperparameters().get(BundleContract.Hyper.LATENT_LAYOUT);
    boolean multiScale =
        declared == null
            ? LEGACY_FAMILIES.contains(manifest.family().toLowerCase(Locale.ROOT))
            : BundleContract.Hyper.MULTI_SCALE.equals(declared);
    if (!multiScale) {
      return Optional.empty();
    }
    Object levels = manifest.hyperparameters().get(LEVELS);
    if (!(levels instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      return Optional.empty();
    }
    try {
      return Optional.of(of(manifest.input(), n.intValue()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bundle " + manifest.id() + " (" + manifest.family() + "): " + e.getMessage(), e);
    }
  }

  /**
   * Returns the model input this layout is for.
   *
   * @return the input spec
   */
  public InputSpec input() {
    return input;
  }

  /**
   * Returns the levels, finest first.
   *
   * @return the levels, unmodifiable
   */
  public List<Level> levels() {
    return levels;
  }

  /**
   * Returns the total latent energy of one image.
   *
   * @param z the latent, {@code input().dims()} values
   * @return {@code 0.5 * |z|^2}, nats
   */
  public double energy(float[] z) {
    requireLength(z);
    double s = 0;
    for (float v : z) {
      s += 0.5 * v * (double) v;
    }
    return s;
  }

  /**
   * Returns the energy of each cell of each level, summed over the cell's channels.
   *
   * @param z the latent, {@code input().dims()} values
   * @return per level, H_l * W_l row-major cell energies, nats
   */
  public double[][] cellEnergies(float[] z) {
    requireLength(z);
    double[][] out = new double[levels.size()][];
    for (Level level : levels) {
      int cells = level.height() * level.width();
      double[] e = new double[cells];
      for (int c = 0; c < level.channels(); c++) {
        int base = level.offset() + c * cells;
        for (int k = 0; k < cells; k++) {
          double v = z[base + k];
          e[k] += 0.5 * v * v;
        }
      }
      out[level.index()] = e;
    }
    return out;
  }

  /**
   * Returns the energy map of one image.
   *
   * @param z the latent, {@code input().dims()} values
   * @return {@code height * width} values, row-major, nats; they sum to {@link #energy}
   */
  public float[] energyMap(float[] z) {
    double[][] cells = cellEnergies(z);
    int w = input.width();
    double[] map = new double[input.height() * w];
    for (Level level : levels) {
      double[] e = cells[level.index()];
      int side = level.cell();
      double share = 1.0 / (side * side);
      for (int i = 0; i < level.height(); i++) {
        for (int j = 0; j < level.width(); j++) {
          double v = e[i * level.width() + j] * share;
          for (int y = i * side; y < (i + 1) * side; y++) {
            int row = y * w;
            for (int x = j * side; x < (j + 1) * side; x++) {
              map[row + x] += v;
            }
          }
        }
      }
    }
    float[] out = new float[map.length];
    for (int p = 0; p < map.length; p++) {
      out[p] = (float) map[p];
    }
    return out;
  }

  /**
   * Returns the energy maps of a batch.
   *
   * @param z the latents, [N][D]
   * @return {@link MapKind#FLOW_ENERGY} maps, one per image
   */
  public EvidenceMaps energyMaps(float[][] z) {
    if (z == null) {
      throw new IllegalArgumentException("map " + MapKind.FLOW_ENERGY + " needs the latent z");
    }
    float[][] out = new float[z.length][];
    for (int i = 0; i < z.length; i++) {
      out[i] = energyMap(z[i]);
    }
    return new EvidenceMaps(MapKind.FLOW_ENERGY, input.height(), input.width(), out);
  }

  private void requireLength(float[] z) {
    if (z == null || z.length != input.dims()) {
      throw new IllegalArgumentException(
          "the latent must hold "
              + input.dims()
              + " values, got "
              + (z == null ? "none" : Integer.toString(z.length)));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowLatentLayout other
        && input.equals(other.input)
        && levels.equals(other.levels);
  }

  @Override
  public int hashCode() {
    return 31 * input.hashCode() + levels.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("FlowLatentLayout[");
    for (Level l : levels) {
      s.append(l.index() == 0 ? "" : ", ")
          .append(l.channels())
          .append('x')
          .append(l.height())
          .append('x')
          .append(l.width());
    }
    return s.append(']').toString();
  }
}
