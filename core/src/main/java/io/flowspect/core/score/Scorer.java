package io.flowspect.core.score;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.OnnxOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the named {@link Score}s of images with one bundle, in as few passes as possible: one
 * ONNX Runtime pass of the density graph gives {@code log_px}, {@code bpd}, {@code typicality} and
 * the per-pixel NLL (and a flow's latent, read only when its energy map is asked for); a second
 * pass of the background bundle's graph is made only when {@code llr} is asked for; {@code
 * complexity} adds one compression per image on the CPU.
 *
 * <p>Latent-variable bundles (VAEs: a {@code bound} graph instead of a density graph) are scored by
 * one pass of their bound graph with K seeded importance samples per image ({@link
 * ImportanceSampling}): it gives {@code elbo}, {@code iwae} and, for hierarchical VAEs, {@code
 * llr_k}; the IWAE bound stands in for log p(x), so {@code log_px}, {@code bpd}, {@code
 * complexity}, {@code typicality} and {@code llr} are defined for them too. K is the manifest's
 * {@code importance_samples} unless the scorer is opened with another.
 *
 * <p>Conditional bundles (cvae, with a manifest {@link Condition}) score each image under a class:
 * given per image ({@link #score(List, List, Set, MapKind)}) or for all images ({@link
 * #withCondition}); an image with no class or an unknown one is an {@link IllegalArgumentException}
 * naming the value and the known classes.
 *
 * <p>This class is the one definition of every score: the CLI, the evaluation and the service all
 * call it.
 *
 * <p>The typical bits/dim H for {@link Score#TYPICALITY} is the bundle's held-out mean, its
 * manifest metric {@code validation_bpd} (else {@code test_bpd}); it is fixed at export so that the
 * score does not depend on which data calibrated it.
 *
 * <p>Thread-safe; sessions are shared. Close it to release the ONNX Runtime sessions.
 */
public final class Scorer implements AutoCloseable {

  /** Manifest metric used as the typical bpd H. */
  public static final String TYPICAL_METRIC = BundleContract.Metric.VALIDATION_BPD;

  private final Bundle bundle;
  private final InputSpec spec;
  private final ModelPass model;
  private final ModelPass background;
  private final Bundle backgroundBundle;
  private final double typicalBpd;
  private final LosslessCompressor compressor;
  private final Set<Score> available;
  private final FlowLatentLayout latentLayout;
  private final String defaultCondition;

  private Scorer(
      Bundle bundle,
      ModelPass model,
      Bundle backgroundBundle,
      ModelPass background,
      LosslessCompressor compressor,
      FlowLatentLayout latentLayout,
      String defaultCondition) {
    this.defaultCondition = defaultCondition;
    this.bundle = bundle;
    this.spec = bundle.manifest().input();
    this.model = model;
    this.backgroundBundle = backgroundBundle;
    this.background = background;
    this.compressor = compressor;
    Map<String, Double> metrics = bundle.manifest().metrics();
    Double h = metrics.get(TYPICAL_METRIC);
    if (h == null) {
      h = metrics.get(BundleContract.Metric.TEST_BPD);
    }
    this.typicalBpd = h == null ? Double.NaN : h;
    EnumSet<Score> scores = EnumSet.of(Score.LOG_PX, Score.BPD, Score.COMPLEXITY);
    if (!Double.isNaN(typicalBpd)) {
      scores.add(Score.TYPICALITY);
    }
    if (background != null) {
      scores.add(Score.LLR);
    }
    if (model.latent()) {
      scores.add(Score.ELBO);
      scores.add(Score.IWAE);
    }
    if (model.hasLlr()) {
      scores.add(Score.LLR_K);
    }
    this.available = Collections.unmodifiableSet(scores);
    this.latentLayout = model.hasOutput(DensityModel.LATENT) ? latentLayout : null;
  }

  /**
   * Opens a bundle's density graph and, when the manifest names one, its background bundle, with
   * PNG as the complexity compressor.
   *
   * @param bundle a verified bundle
   * @param options execution provider and threads for every session
   * @return the scorer; the caller closes it
   * @throws BundleException if the background bundle is missing, tampered or has another input
   */
  public static Scorer open(Bundle bundle, OnnxOptions options) {
    return open(bundle, options, PngCompressor.INSTANCE, DensityModel.DEFAULT_MAX_BATCH);
  }

  /**
   * Opens a bundle with an explicit compressor and ONNX Runtime batch size.
   *
   * @param bundle a verified bundle
   * @param options execution provider and threads for every session
   * @param compressor the compressor for {@link Score#COMPLEXITY}
   * @param maxBatch rows per ONNX Runtime call
   * @return the scorer; the caller closes it
   */
  public static Scorer open(
      Bundle bundle, OnnxOptions options, LosslessCompressor compressor, int maxBatch) {
    return open(bundle, options, compressor, maxBatch, 0);
  }

  /**
   * Opens a bundle with an explicit number of importance samples for latent-variable models.
   *
   * @param bundle a verified bundle
   * @param options execution provider and threads for every session
   * @param compressor the compressor for {@link Score#COMPLEXITY}
   * @param maxBatch rows per ONNX Runtime call (density graphs)
   * @param importanceSamples K for a latent-variable bundle (and a latent background); 0 takes each
   *     bundle's manifest value; ignored by exact models
   * @return the scorer; the caller closes it
   */
  public static Scorer open(
      Bundle bundle,
      OnnxOptions options,
      LosslessCompressor compressor,
      int maxBatch,
      int importanceSamples) {
    if (bundle == null || options == null || compressor == null) {
      throw new IllegalArgumentException("bundle, options and compressor must not be null");
    }
    FlowLatentLayout layout;
    try {
      layout = FlowLatentLayout.of(bundle.manifest()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new BundleException(bundle.dir() + ": " + e.getMessage(), e);
    }
    Bundle bg = null;
    if (bundle.backgroundDir().isPresent()) {
      Path dir = bundle.backgroundDir().get();
      bg = Bundle.open(dir);
      if (!bg.manifest().input().equals(bundle.manifest().input())) {
        throw new BundleException(
            bundle.dir()
                + ": background bundle "
                + dir
                + " has input "
                + bg.manifest().input()
                + ", the model has "
                + bundle.manifest().input());
      }
    }
    ModelPass model = ModelPass.open(bundle, options, maxBatch, importanceSamples);
    ModelPass background = null;
    try {
      if (bg != null) {
        background = ModelPass.open(bg, options, maxBatch, importanceSamples);
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new Scorer(bundle, model, bg, background, compressor, layout, null);
  }

  /**
   * Returns the condition of a conditional bundle (cvae).
   *
   * @return the manifest's condition, or empty for an unconditional model
   */
  public Optional<Condition> condition() {
    return Optional.ofNullable(bundle.manifest().condition());
  }

  /**
   * Returns the class images are scored under when no per-image condition is given.
   *
   * @return the class, or empty when none was set
   */
  public Optional<String> defaultCondition() {
    return Optional.ofNullable(defaultCondition);
  }

  /**
   * Returns a scorer that scores every image without a condition of its own under one class of a
   * conditional bundle. It shares this scorer's sessions (closing either closes both), like {@link
   * io.flowspect.core.detect.Detector#withCalibration}.
   *
   * @param value a class of the bundle's condition
   * @return the scorer
   * @throws IllegalArgumentException if the bundle takes no condition or the class is unknown (the
   *     message names the value and the known classes)
   */
  public Scorer withCondition(String value) {
    Condition c = bundle.manifest().condition();
    if (c == null) {
      throw new IllegalArgumentException(
          "bundle "
              + bundle.manifest().id()
              + " (family "
              + bundle.manifest().family()
              + ") takes no condition, found "
              + value);
    }
    c.index(value);
    return new Scorer(bundle, model, backgroundBundle, background, compressor, latentLayout, value);
  }

  /**
   * Returns the bundle this scorer scores with.
   *
   * @return the bundle
   */
  public Bundle bundle() {
    return bundle;
  }

  /**
   * Returns the model's input contract; images must be converted with it.
   *
   * @return the input spec
   */
  public InputSpec input() {
    return spec;
  }

  /**
   * Returns the scores this bundle can compute.
   *
   * @return e.g. log_px, bpd, complexity, typicality, and llr when there is a background model
   */
  public Set<Score> available() {
    return available;
  }

  /**
   * Returns the typical bits/dim H used by {@link Score#TYPICALITY}.
   *
   * @return H, or NaN when the manifest has no held-out bpd
   */
  public double typicalBpd() {
    return typicalBpd;
  }

  /**
   * Returns the compressor used by {@link Score#COMPLEXITY}.
   *
   * @return the compressor
   */
  public LosslessCompressor compressor() {
    return compressor;
  }

  /**
   * Returns the background bundle.
   *
   * @return the background bundle, or null when there is none
   */
  public Bundle backgroundBundle() {
    return backgroundBundle;
  }

  /**
   * Returns K, the importance samples per image of a latent-variable bundle.
   *
   * @return K, or 0 for an exact model
   */
  public int importanceSamples() {
    return model.samples();
  }

  /**
   * Tells whether the model gives per-pixel NLL maps: autoregressive families always, VAEs exported
   * with the decoder's map when a map is asked for.
   *
   * @return true if {@link ScoreTable#pixelNll()} is filled (for a VAE: when scored with a map)
   */
  public boolean hasPixelNll() {
    return model.hasOutput(DensityModel.PIXEL_NLL);
  }

  /**
   * Scores images already converted to the model's input.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param wanted the scores to compute; each must be {@link #available()}
   * @return one row per image
   * @throws IllegalArgumentException if a score is not available or an image has the wrong length
   */
  public ScoreTable score(List<byte[]> images, Set<Score> wanted) {
    return score(images, wanted, null);
  }

  /**
   * Returns where a flow's latent values sit in the image.
   *
   * @return the layout of a multi-scale flow with a {@code z} output, else empty
   */
  public Optional<FlowLatentLayout> latentLayout() {
    return Optional.ofNullable(latentLayout);
  }

  /**
   * Tells whether this bundle can give a kind of evidence map.
   *
   * @param kind the map kind
   * @return true if {@link #score(List, Set, MapKind)} can fill it
   */
  public boolean supportsMap(MapKind kind) {
    return switch (kind) {
      case PIXEL_NLL -> hasPixelNll();
      case PIXEL_LLR ->
          hasPixelNll() && background != null && background.hasOutput(DensityModel.PIXEL_NLL);
      case FLOW_ENERGY -> latentLayout != null;
    };
  }

  /**
   * Returns the best evidence map this bundle gives: the pixel-level likelihood ratio when the
   * background model is autoregressive too, else the per-pixel NLL; for multi-scale flows the
   * latent energy.
   *
   * @return the kind, or empty when the model has no per-pixel output and no latent layout
   */
  public Optional<MapKind> defaultMap() {
    for (MapKind kind : List.of(MapKind.PIXEL_LLR, MapKind.PIXEL_NLL, MapKind.FLOW_ENERGY)) {
      if (supportsMap(kind)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * Scores images and, when asked, computes their evidence maps from the same passes.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param wanted the scores to compute; each must be {@link #available()}
   * @param maps the evidence map to compute, or null for none
   * @return one row per image, with {@link ScoreTable#maps()} filled when asked
   * @throws IllegalArgumentException if a score or the map is not available or an image has the
   *     wrong length
   */
  public ScoreTable score(List<byte[]> images, Set<Score> wanted, MapKind maps) {
    return score(images, null, wanted, maps);
  }

  /**
   * Scores images of a conditional bundle, each under its own class, with evidence maps when asked.
   * Unconditional bundles ignore the conditions.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param conditions each image's class (null entries, or a null list, take {@link
   *     #defaultCondition()})
   * @param wanted the scores to compute; each must be {@link #available()}
   * @param maps the evidence map to compute, or null for none
   * @return one row per image
   * @throws IllegalArgumentException as {@link #score(List, Set, MapKind)}, and for a conditional
   *     bundle when an image has no class or an unknown one (naming the value and the classes)
   */
  public ScoreTable score(
      List<byte[]> images, List<String> conditions, Set<Score> wanted, MapKind maps) {
    return score(images, conditions, wanted, maps, false);
  }

  /**
   * Tells whether the model gives each pixel's mid-distribution CDF, from which evidence maps get
   * their signed residuals ({@link EvidenceMaps#signed()}).
   *
   * @return true for bundles exported with a {@code pixel_cdf} output (PixelCNN, VAE)
   */
  public boolean hasPixelCdf() {
    return model.hasOutput(DensityModel.PIXEL_CDF);
  }

  /**
   * Scores images, each under its own class for a conditional bundle, with evidence maps and their
   * signed residuals when asked.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param conditions each image's class, or null (see {@link #score(List, List, Set, MapKind)})
   * @param wanted the scores to compute; each must be {@link #available()}
   * @param maps the evidence map to compute, or null for none
   * @param signed also compute the signed residual maps (needs {@link #hasPixelCdf()} and a map
   *     other than {@link MapKind#FLOW_ENERGY})
   * @return one row per image
   * @throws IllegalArgumentException as {@link #score(List, List, Set, MapKind)}, or when signed
   *     maps are asked of a bundle without them
   */
  public ScoreTable score(
      List<byte[]> images,
      List<String> conditions,
      Set<Score> wanted,
      MapKind maps,
      boolean signed) {
    if (signed && (maps == null || maps.fromLatent() || !hasPixelCdf())) {
      throw new IllegalArgumentException(
          "signed residual maps need a per-pixel map and a bundle with a pixel_cdf output; bundle "
              + bundle.manifest().id()
              + (hasPixelCdf()
                  ? " has it, the map is " + maps
                  : " has none (re-export it with flowspect export)"));
    }
    if (conditions != null && conditions.size() != images.size()) {
      throw new IllegalArgumentException(
          conditions.size() + " conditions for " + images.size() + " images");
    }
    if (maps != null && !supportsMap(maps)) {
      throw new IllegalArgumentException(
          "map "
              + maps
              + " is not available for bundle "
              + bundle.manifest().id()
              + defaultMap()
                  .map(k -> "; available: " + k)
                  .orElse(" (it has no per-pixel output and no flow latent)"));
    }
    for (Score s : wanted) {
      if (s == Score.LOCAL) {
        throw new IllegalArgumentException(
            "score local is computed from evidence maps with a calibration's map statistics;"
                + " ask for maps and use LocalScores");
      }
      if (!available.contains(s)) {
        throw new IllegalArgumentException(
            "score "
                + s
                + " is not available for bundle "
                + bundle.manifest().id()
                + reason(s)
                + "; available: "
                + available);
      }
    }
    int n = images.size();
    int dims = spec.dims();
    float[][] rows = new float[n][];
    byte[][] inputs = new byte[n][];
    for (int i = 0; i < n; i++) {
      byte[] image = images.get(i);
      if (image == null || image.length != dims) {
        throw new IllegalArgumentException(
            "image "
                + i
                + " has "
                + (image == null ? "no" : Integer.toString(image.length))
                + " samples, the model takes "
                + dims);
      }
      // Idempotent: images from toChw are already binarised when the contract says so.
      inputs[i] = spec.binarize(image);
      rows[i] = InputSpec.toFloats(inputs[i]);
    }
    ModelPass.Result result =
        model.run(
            rows,
            classes(model, conditions, n),
            maps != null && maps.fromLatent(),
            maps != null && !maps.fromLatent(),
            signed);
    double[] logPx = result.logPx();
    Map<Score, double[]> columns = new EnumMap<>(Score.class);
    double[] bpd = new double[n];
    for (int i = 0; i < n; i++) {
      bpd[i] = Bits.bitsPerDim(logPx[i], dims);
    }
    if (wanted.contains(Score.LOG_PX)) {
      columns.put(Score.LOG_PX, logPx);
    }
    if (wanted.contains(Score.BPD)) {
      columns.put(Score.BPD, bpd);
    }
    if (wanted.contains(Score.TYPICALITY)) {
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = Math.abs(bpd[i] - typicalBpd);
      }
      columns.put(Score.TYPICALITY, t);
    }
    if (wanted.contains(Score.COMPLEXITY)) {
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        c[i] = bpd[i] - (double) compressor.bits(inputs[i], spec) / dims;
      }
      columns.put(Score.COMPLEXITY, c);
    }
    if (result.bounds() != null) {
      ImportanceSampling.Bounds b = result.bounds();
      if (wanted.contains(Score.ELBO)) {
        columns.put(Score.ELBO, b.elbo());
      }
      if (wanted.contains(Score.IWAE)) {
        columns.put(Score.IWAE, b.iwae());
      }
      if (wanted.contains(Score.LLR_K)) {
        columns.put(Score.LLR_K, b.llrK());
      }
    }
    ModelPass.Result bgResult = null;
    if (wanted.contains(Score.LLR) || (maps != null && maps.needsBackground())) {
      bgResult =
          background.run(
              rows,
              classes(background, conditions, n),
              false,
              maps != null && maps.needsBackground(),
              false);
    }
    if (wanted.contains(Score.LLR)) {
      double[] bg = bgResult.logPx();
      double[] llr = new double[n];
      for (int i = 0; i < n; i++) {
        llr[i] = logPx[i] - bg[i];
      }
      columns.put(Score.LLR, llr);
    }
    EvidenceMaps evidence = null;
    if (maps != null && maps.fromLatent()) {
      evidence = latentLayout.energyMaps(result.latent());
    } else if (maps != null) {
      evidence =
          EvidenceMaps.of(
              maps,
              spec,
              result.pixelNll(),
              bgResult == null ? null : bgResult.pixelNll(),
              result.pixelCdf());
    }
    columns.forEach(NonFinite::saturate);
    return new ScoreTable(n, columns, result.pixelNll(), evidence, null);
  }

  /** Each image's class index under a pass's condition; null when the pass takes none. */
  private int[] classes(ModelPass pass, List<String> conditions, int n) {
    Condition c = pass.condition();
    if (c == null) {
      return null;
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      String value = conditions == null ? null : conditions.get(i);
      out[i] = c.index(value != null ? value : defaultCondition);
    }
    return out;
  }

  private static String reason(Score s) {
    return switch (s) {
      case LLR -> " (it has no background model)";
      case ELBO, IWAE -> " (bounds are for latent-variable models: vae, hvae)";
      case LLR_K -> " (llr_k needs a hierarchical VAE: hvae)";
      default -> "";
    };
  }

  /**
   * Computes only the evidence maps of images: one pass of the density graph (and of the
   * background's, for a ratio map), no compression. For explaining a few flagged images after a
   * batch was scored without maps.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param kind the map; must be {@link #supportsMap supported}
   * @return the maps, one per image
   */
  public EvidenceMaps maps(List<byte[]> images, MapKind kind) {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    return score(images, Set.of(), kind).maps();
  }

  /**
   * Scores any number of images in chunks, reporting progress after each chunk; for offline
   * commands over whole datasets.
   *
   * @param images CHW bytes, {@code input().dims()} each
   * @param wanted the scores to compute
   * @param chunk images per chunk, at least 1
   * @param progress called with the number of images done after each chunk
   * @return one row per image, in order
   */
  public ScoreTable scoreAll(
      List<byte[]> images, Set<Score> wanted, int chunk, java.util.function.IntConsumer progress) {
    return scoreAll(images, wanted, null, chunk, progress);
  }

  /**
   * Scores any number of images in chunks, with evidence maps when asked.
   *
   * @param images CHW bytes, {@code input().dims()} each
   * @param wanted the scores to compute
   * @param maps the evidence map to compute, or null
   * @param chunk images per chunk, at least 1
   * @param progress called with the number of images done after each chunk
   * @return one row per image, in order
   */
  public ScoreTable scoreAll(
      List<byte[]> images,
      Set<Score> wanted,
      MapKind maps,
      int chunk,
      java.util.function.IntConsumer progress) {
    return scoreAll(images, null, wanted, maps, chunk, progress);
  }

  /**
   * Scores any number of images in chunks, each under its own class for a conditional bundle.
   *
   * @param images CHW bytes, {@code input().dims()} each
   * @param conditions each image's class, or null (see {@link #score(List, List, Set, MapKind)})
   * @param wanted the scores to compute
   * @param maps the evidence map to compute, or null
   * @param chunk images per chunk, at least 1
   * @param progress called with the number of images done after each chunk
   * @return one row per image, in order
   */
  public ScoreTable scoreAll(
      List<byte[]> images,
      List<String> conditions,
      Set<Score> wanted,
      MapKind maps,
      int chunk,
      java.util.function.IntConsumer progress) {
    return scoreAll(images, conditions, wanted, maps, false, chunk, progress);
  }

  /**
   * Scores any number of images in chunks, with evidence maps and their signed residuals when
   * asked.
   *
   * @param images CHW bytes, {@code input().dims()} each
   * @param conditions each image's class, or null
   * @param wanted the scores to compute
   * @param maps the evidence map to compute, or null
   * @param signed also compute the signed residual maps (see {@link #score(List, List, Set,
   *     MapKind, boolean)})
   * @param chunk images per chunk, at least 1
   * @param progress called with the number of images done after each chunk
   * @return one row per image, in order
   */
  public ScoreTable scoreAll(
      List<byte[]> images,
      List<String> conditions,
      Set<Score> wanted,
      MapKind maps,
      boolean signed,
      int chunk,
      java.util.function.IntConsumer progress) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
    }
    List<ScoreTable> parts = new java.util.ArrayList<>();
    for (int start = 0; start < images.size(); start += chunk) {
      int end = Math.min(images.size(), start + chunk);
      parts.add(
          score(
              images.subList(start, end),
              conditions == null ? null : conditions.subList(start, end),
              wanted,
              maps,
              signed));
      progress.accept(end);
    }
    return ScoreTable.concat(parts, wanted);
  }

  /** Closes the ONNX Runtime sessions. */
  @Override
  public void close() {
    try {
      model.close();
    } finally {
      if (background != null) {
        background.close();
      }
    }
  }
}
