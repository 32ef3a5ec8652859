package io.flowspect.core.bundle;

/**
 * The names a bundle's graphs and manifest agree on, spelled once: the trainer's writers and core's
 * readers both use these constants, so a renamed tensor or metric cannot leave one side behind.
 *
 * <p>Every graph takes and gives float32 {@code [N, width]} tensors; images are CHW-flattened pixel
 * levels 0..255 (see {@link io.flowspect.core.image.InputSpec}).
 */
public final class BundleContract {

  private BundleContract() {}

  /** The roles of a bundle's graphs, the keys of the manifest's {@code graphs}. */
  public static final class Role {
    /** Density models (flows, autoregressive): the image to its exact log-likelihood. */
    public static final String DENSITY = "density";

    /** Latent-variable models (VAEs): the image and noise to log importance weights. */
    public static final String BOUND = "bound";

    /** Flows: a latent to an image, for sampling. */
    public static final String GENERATE = "generate";

    /** Latent-variable models: noise to the decoder's mean image, for sampling. */
    public static final String DECODE = "decode";

    /**
     * Autoregressive models: the image to every sub-pixel's 256-way logits (sampling, purifying).
     */
    public static final String CONDITIONALS = "conditionals";

    private Role() {}
  }

  /** The files graphs are written to, relative to the bundle folder. */
  public static final class File {
    /** The density or bound graph. */
    public static final String MODEL = "model.onnx";

    /** The {@link Role#GENERATE} graph. */
    public static final String GENERATE = "generate.onnx";

    /** The {@link Role#DECODE} graph. */
    public static final String DECODE = "decode.onnx";

    /** The {@link Role#CONDITIONALS} graph. */
    public static final String CONDITIONALS = "conditionals.onnx";

    private File() {}
  }

  /** Tensor names, inputs and outputs of the graphs. */
  public static final class Tensor {
    /**
     * An image, [N, D] pixel levels (input of density, bound, conditionals; output of samplers).
     */
    public static final String IMAGE = "x";

    /** Natural log of the discrete likelihood of each image, [N, 1] nats. */
    public static final String LOG_PX = "log_px";

    /** Each sub-pixel's conditional negative log-likelihood, [N, D] nats. */
    public static final String PIXEL_NLL = "pixel_nll";

    /** Each sub-pixel's mid-distribution CDF, [N, D], the signed companion of pixel_nll. */
    public static final String PIXEL_CDF = "pixel_cdf";

    /** A flow's standardised latent, [N, D] (density output, generate input). */
    public static final String LATENT = "z";

    /** Standard-normal noise of latent-variable models, [N, K * L] (bound) or [N, L] (decode). */
    public static final String NOISE = "eps";

    /** The one-hot class of each row of a conditional model, [N, C]. */
    public static final String CONDITION = "c";

    /** Log importance weights log p(x, z) - log q(z | x), [N * K, 1] nats. */
    public static final String LOG_W = "log_w";

    /** The same for the bound L^{&gt;k} of hierarchical VAEs, [N * K, 1] nats. */
    public static final String LOG_W_K = "log_w_k";

    /** Every sub-pixel's 256-way logits, [N, D * 256]. */
    public static final String LOGITS = "logits";

    private Tensor() {}
  }

  /** Keys of the manifest's {@code metrics}, bits per dimension. */
  public static final class Metric {
    /** Mean bits/dim on the training images. */
    public static final String TRAIN_BPD = "train_bpd";

    /**
     * Mean bits/dim on the held-out validation images: the typical value typicality measures from.
     */
    public static final String VALIDATION_BPD = "validation_bpd";

    /** Mean bits/dim on the test images, when a test set was given. */
    public static final String TEST_BPD = "test_bpd";

    private Metric() {}
  }

  /** Keys and values of the manifest's {@code hyperparameters} that core reads. */
  public static final class Hyper {
    /**
     * How the density graph's latent output {@code z} lies over the image; read by core's flow
     * energy maps, so that a flow family or variant core has never heard of gets them too.
     */
    public static final String LATENT_LAYOUT = "latent_layout";

    /**
     * Value of {@link #LATENT_LAYOUT}: the multi-scale layout of Glow, RealNVP, NICE and their
     * variants, with {@link #LEVELS} levels.
     */
    public static final String MULTI_SCALE = "multi_scale";

    /** Number of levels of a multi-scale flow. */
    public static final String LEVELS = "levels";

    /** Standard-normal numbers per importance sample a latent model's bound graph takes. */
    public static final String NOISE_DIMS = "noise_dims";

    /** K, the importance samples per image a latent model is scored with by default. */
    public static final String IMPORTANCE_SAMPLES = "importance_samples";

    /** The seed of the importance samples' noise, so that scores repeat exactly. */
    public static final String IMPORTANCE_SEED = "importance_seed";

    private Hyper() {}
  }

  /**
   * Keys of the manifest's {@code training} section that core reads: how a model trained on patches
   * of full-resolution frames saw them, so that {@code calibrate} takes the frames training held
   * out and scoring cuts frames into the same tiles.
   */
  public static final class Training {
    /** The section of a model trained on patches of frames. */
    public static final String FRAMES = "frames";

    /** The folder the frames came from (a category's {@code train/good}, or a plain folder). */
    public static final String FRAME_DIR = "frame_dir";

    /** Patch height and width, in pixels: the model input. */
    public static final String PATCH = "patch";

    /** Step between tiles when a frame is scored, height and width, in pixels. */
    public static final String STRIDE = "stride";

    /** Random crops per training frame. */
    public static final String PATCHES_PER_FRAME = "patches_per_frame";

    /** The distinct frame sizes trained on, e.g. {@code 256x256}. */
    public static final String FRAME_SIZES = "frame_sizes";

    /** Augmentations of the training crops: {@code flip}, {@code rot90}. */
    public static final String AUGMENTATIONS = "augmentations";

    /** Ids of the frames held out of training, relative to {@link #FRAME_DIR}. */
    public static final String HELD_OUT_FRAMES = "held_out_frames";

    /**
     * The section of a model trained on sensor windows: how samples were coded to levels ({@code
     * io.flowspect.core.signal.SignalCoding}), so that a recording is coded the same way when it is
     * scored.
     */
    public static final String SIGNAL = "signal";

    private Training() {}
  }
}
