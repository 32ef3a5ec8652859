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
 * given per image ({@link #score(ScoreRequest)}) or for all images ({@link #withCondition}); an
 * image with no class or an unknown one is an {@link IllegalArgumentException} naming the value and
 * the known classes.
 *
 * <p>{@link Score} defines every score (its needs and its formula); this class is the one place
 * that computes them, planning its passes from what the wanted scores need: the CLI, the evaluation
 * and the service all call it.
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
  private final Set<ScoreNeed> has;
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
    EnumSet<ScoreNeed> has = EnumSet.noneOf(ScoreNeed.class);
    if (!Double.isNaN(typicalBpd)) {
      has.add(ScoreNeed.TYPICAL_BPD);
    }
    if (background != null) {
      has.add(ScoreNeed.BACKGROUND);
    }
    if (model.latent()) {
      has.add(ScoreNeed.BOUNDS);
    }
    if (model.hasLlr()) {
      has.add(ScoreNeed.LLR_K);
    }
    this.has = Collections.unmodifiableSet(has);
    EnumSet<Score> scores = EnumSet.noneOf(Score.class);
    for (Score s : Score.values()) {
      if (has.containsAll(s.needs())) {
        scores.add(s);
      }
    }
    this.available = Collections.unmodifiableSet(scores);
    this.latentLayout = model.hasOutput(BundleContract.Tensor.LATENT) ? latentLayout : null;
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
    return model.hasOutput(BundleContract.Tensor.PIXEL_NLL);
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
   * @return true if {@link #score(ScoreRequest)} can fill it
   */
  public boolean supportsMap(MapKind kind) {
    return switch (kind) {
      case PIXEL_NLL -> hasPixelNll();
      case PIXEL_LLR ->
          hasPixelNll()
              && background != null
              && background.hasOutput(BundleContract.Tensor.PIXEL_NLL);
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
   * Tells whether the model gives each pixel's mid-distribution CDF, from which evidence maps get
   * their signed residuals ({@link EvidenceMaps#signed()}).
   *
   * @return true for bundles exported with a {@code pixel_cdf} output (PixelCNN, VAE)
   */
  public boolean hasPixelCdf() {
    return model.hasOutput(BundleContract.Tensor.PIXEL_CDF);
  }

  /**
   * Scores images already converted to the model's input; shorthand for {@link
   * #score(ScoreRequest)} with {@link ScoreRequest#of}.
   *
   * @param images unsigned bytes in CHW order, {@code input().dims()} each
   * @param wanted the scores to compute; each must be {@link #available()}
   * @return one row per image
   */
  public ScoreTable score(List<byte[]> images, Set<Score> wanted) {
    return score(ScoreRequest.of(images, wanted));
  }

  /**
   * Scores images: one pass of the model, a pass of the background model only when a wanted score
   * or the map needs it, then each wanted score's formula over what the passes gave.
   *
   * @param request the images, scores, classes and map
   * @return one row per image, with {@link ScoreTable#maps()} filled when a map was asked for
   * @throws IllegalArgumentException if a score or the map is not available, signed maps are asked
   *     of a bundle without them, an image has the wrong length, or (conditional bundles) an image
   *     has no class or an unknown one (naming the value and the classes)
   */
  public ScoreTable score(ScoreRequest request) {
    MapKind maps = request.map();
    check(request);
    List<byte[]> images = request.images();
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
    List<String> conditions = request.conditions();
    ModelPass.Result result =
        model.run(
            rows,
            classes(model, conditions, n),
            maps != null && maps.fromLatent(),
            maps != null && !maps.fromLatent(),
            request.signedMaps());
    boolean backgroundMap = maps != null && maps.needsBackground();
    ModelPass.Result bgResult = null;
    if (backgroundMap
        || request.scores().stream().anyMatch(s -> s.needs().contains(ScoreNeed.BACKGROUND))) {
      bgResult =
          background.run(rows, classes(background, conditions, n), false, backgroundMap, false);
    }
    Passes passes =
        new Passes(
            spec,
            inputs,
            result.logPx(),
            result.bounds(),
            bgResult == null ? null : bgResult.logPx(),
            typicalBpd,
            compressor);
    Map<Score, double[]> columns = new EnumMap<>(Score.class);
    for (Score s : request.scores()) {
      columns.put(s, s.compute(passes));
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

  /** Refuses a request this bundle cannot serve, naming what is missing and what is available. */
  private void check(ScoreRequest request) {
    MapKind maps = request.map();
    if (request.signedMaps() && (maps == null || maps.fromLatent() || !hasPixelCdf())) {
      throw new IllegalArgumentException(
          "signed residual maps need a per-pixel map and a bundle with a pixel_cdf output; bundle "
              + bundle.manifest().id()
              + (hasPixelCdf()
                  ? " has it, the map is " + maps
                  : " has none (re-export it with flowspect export)"));
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
    for (Score s : request.scores()) {
      if (!available.contains(s)) {
        String why =
            s.needs().stream()
                .filter(need -> !has.contains(need))
                .findFirst()
                .map(ScoreNeed::missing)
                .orElse("");
        throw new IllegalArgumentException(
            "score "
                + s
                + " is not available for bundle "
                + bundle.manifest().id()
                + why
                + "; available: "
                + available);
      }
    }
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
    return score(ScoreRequest.of(images, Set.of()).withMap(kind)).maps();
  }

  /**
   * Scores any number of images in chunks, reporting progress after each chunk; for offline
   * commands over whole datasets.
   *
   * @param request the images and what to compute
   * @param chunk images per chunk, at least 1
   * @param progress called with the number of images done after each chunk
   * @return one row per image, in order
   */
  public ScoreTable scoreAll(
      ScoreRequest request, int chunk, java.util.function.IntConsumer progress) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
    }
    int n = request.images().size();
    List<ScoreTable> parts = new java.util.ArrayList<>();
    for (int start = 0; start < n; start += chunk) {
      int end = Math.min(n, start + chunk);
      parts.add(score(request.slice(start, end)));
      progress.accept(end);
    }
    return ScoreTable.concat(parts, request.scores());
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
