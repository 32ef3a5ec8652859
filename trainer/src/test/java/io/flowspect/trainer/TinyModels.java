package io.flowspect.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.FamilySpecs;
import io.flowspect.trainer.model.FittedNetwork;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import io.flowspect.trainer.vae.Likelihood;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Tiny models of every family, with weights moved away from their (often zero) initial values. */
public final class TinyModels {

  public static final InputSpec INPUT = new InputSpec(1, 8, 8, ResizeMode.RESIZE);

  /** The condition of the tiny cvae (other families ignore it). */
  public static final Condition CONDITION = new Condition("label", List.of("a", "b", "c"));

  private TinyModels() {}

  /** A tiny model of an exact-likelihood family. */
  /** Every registered family with an exact likelihood, variants included. */
  public static Stream<Family> exactFamilies() {
    return FamilySpecs.all().stream().map(FamilySpec::family).filter(f -> !f.isLatent());
  }

  /** Every registered multi-scale flow, variants included. */
  public static Stream<Family> flowFamilies() {
    return exactFamilies().filter(Family::isFlow);
  }

  /** The MADE-based families. */
  public static Stream<Family> madeFamilies() {
    return Stream.of(Family.MADE, Family.MAF);
  }

  public static DensityNetwork build(Family family) {
    Map<String, Object> settings =
        Map.of(
            "levels", 2,
            "steps", 2,
            "hidden", 16,
            "mades", family == Family.MADE ? 1 : 2,
            "filters", 8,
            "blocks", 1,
            "bins", 8,
            "teacher_mades", 2,
            "teacher_hidden", 16,
            "seed", 5L);
    return (DensityNetwork) Architecture.of(family, INPUT, settings).build();
  }

  /**
   * A tiny VAE, hierarchical VAE or conditional VAE ({@link #CONDITION}) on 8x8 images (the hvae's
   * bottom latent a 2x2 map).
   */
  public static LatentNetwork latent(Family family, int importanceSamples) {
    return latent(family, importanceSamples, Likelihood.LOGISTIC);
  }

  /**
   * A tiny VAE or hierarchical VAE with the given decoder likelihood; a Bernoulli one takes 8x8
   * images binarised at 128.
   */
  public static LatentNetwork latent(Family family, int importanceSamples, Likelihood likelihood) {
    Map<String, Object> settings = new java.util.HashMap<>();
    settings.put("likelihood", likelihood.id());
    settings.put("hidden", 8);
    settings.put("latent", 4);
    settings.put("latent_channels", 2);
    settings.put("latent_layers", family == Family.HVAE ? 3 : 1);
    settings.put("llr_k", family == Family.HVAE ? 2 : 1);
    settings.put("importance_samples", importanceSamples);
    settings.put("seed", 5L);
    settings.put(Architecture.CONDITION, Architecture.conditionSetting(CONDITION));
    InputSpec input =
        likelihood == Likelihood.BERNOULLI
            ? INPUT.binarized(InputSpec.DEFAULT_BINARIZE_THRESHOLD)
            : INPUT;
    return (LatentNetwork) Architecture.of(family, input, settings).build();
  }

  /**
   * Initialises the parameters, runs the data-dependent initialisation on {@code images}, then adds
   * seeded noise to every weight: zero-initialised layers would otherwise leave whole paths of the
   * graph untested.
   */
  public static ParamStore trainedLike(GenerativeNetwork model, float[] images, int n) {
    ParamStore store = ParamStore.initialise(model.parameters(), 11);
    if (model instanceof FittedNetwork fitted) {
      // a fitted family's parameters are what its fit gives, on 400 images like these: noise
      // would break what the fit guarantees (orthogonal rotations), which no bundle ever has
      int d = model.dims();
      int fitImages = 400;
      float[] like = images(fitImages, d, 17);
      List<ImageRecord> records = new java.util.ArrayList<>();
      for (int i = 0; i < fitImages; i++) {
        byte[] chw = new byte[d];
        for (int j = 0; j < d; j++) {
          chw[j] = (byte) like[i * d + j];
        }
        records.add(new ImageRecord("tiny" + i, chw));
      }
      int train = fitImages * 4 / 5;
      fitted.fit(
          store,
          records.subList(0, train),
          records.subList(train, fitImages),
          11,
          java.time.Duration.ZERO,
          new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      return store;
    }
    if (model instanceof DensityNetwork density) {
      try (NDManager manager = NDManager.newBaseManager();
          NDScope scope = new NDScope()) {
        DjlOps ops = new DjlOps(store, manager);
        ops.setInitialising(true);
        density.logDensity(
            ops, manager.create(images, new Shape(n, model.dims())), ops.scalar(0.5f));
      }
    }
    SplittableRandom random = new SplittableRandom(13);
    for (ParamSpec spec : store.specs().values()) {
      float[] v = store.values(spec.name());
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.05 * ParamSpec.gaussian(random));
      }
      store.set(spec.name(), v);
    }
    return store;
  }

  /** Random 8-bit images [n, D] as raw floats. */
  public static float[] images(int n, int dims, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * dims];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(256);
    }
    return x;
  }

  /** Random images [n, D] as the model takes them: binarised to 0 or 255 when its input says so. */
  public static float[] images(InputSpec input, int n, long seed) {
    float[] x = images(n, input.dims(), seed);
    byte[] bytes = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      bytes[i] = (byte) x[i];
    }
    return InputSpec.toFloats(input.binarize(bytes));
  }

  /** log p(x) from the DJL model at the bin centre. */
  public static float[] djlLogPx(DensityNetwork model, ParamStore store, float[] x, int n) {
    try (NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      NDArray input = manager.create(x, new Shape(n, model.dims()));
      return model.logDensity(ops, input, ops.scalar(0.5f)).logPx().toFloatArray();
    }
  }

  /**
   * One of a density network's outputs for two images, x and y, from one DJL pass: for tests that
   * change one sub-pixel and see which conditionals move.
   *
   * @param pick the output, e.g. {@code DensityOutputs::pixelNll}
   * @return the output's row for x, then for y
   */
  public static float[][] outputsOfPair(
      DensityNetwork model,
      ParamStore store,
      float[] x,
      float[] y,
      java.util.function.Function<io.flowspect.trainer.model.DensityOutputs<NDArray>, NDArray>
          pick) {
    int d = model.dims();
    float[] both = new float[2 * d];
    System.arraycopy(x, 0, both, 0, d);
    System.arraycopy(y, 0, both, d, d);
    try (NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      float[] flat =
          pick.apply(model.logDensity(ops, manager.create(both, new Shape(2, d)), ops.scalar(0.5f)))
              .toFloatArray();
      int width = flat.length / 2;
      return new float[][] {
        java.util.Arrays.copyOfRange(flat, 0, width),
        java.util.Arrays.copyOfRange(flat, width, 2 * width)
      };
    }
  }
}
