package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variational autoencoders: VAE, hierarchical VAE and conditional VAE, sharing the settings of
 * the latent objective and the decoder likelihood.
 */
public abstract class VaeFamilies extends LikelihoodFamily {

  private static final List<SettingFlag> SHARED =
      List.of(
          SettingFlag.integer("--hidden", "hidden", "vae: feature maps of each convolution"),
          SettingFlag.integer("--latent", "latent", "vae, hvae: dimensions of a dense latent"),
          SettingFlag.integer(
              "--kl-warmup",
              "kl_warmup",
              "vae, hvae: steps over which the KL weight rises from 0 to 1 (0: none)"),
          SettingFlag.number(
              "--free-bits",
              "free_bits",
              "vae, hvae: KL nats per latent dimension left unpenalised (batch mean)"),
          SettingFlag.integer(
              "--importance-samples",
              "importance_samples",
              "vae, hvae: importance samples K per image for iwae (scoring and metrics)"),
          new SettingFlag(
              "--likelihood",
              LIKELIHOOD,
              "vae, hvae, cvae: decoder likelihood, logistic (8-bit images, default) or bernoulli"
                  + " (images binarised at 128: a pixel is 1 when its 8-bit value is >= 128)",
              text -> Likelihood.parse(text).id()));

  private static final Map<String, Object> SHARED_DEFAULTS =
      Map.of(
          "hidden",
          32,
          "latent",
          32,
          "kl_warmup",
          2000,
          "free_bits",
          0.05,
          "importance_samples",
          32);

  private VaeFamilies(Family family) {
    this(family, SHARED_DEFAULTS, SHARED);
  }

  private VaeFamilies(Family family, Map<String, Object> defaults, List<SettingFlag> flags) {
    super(family, defaults, flags);
  }

  /** The settings of a VAE with a dense latent; a conditional family's condition comes last. */
  private static VaeConfig dense(Family family, Architecture a) {
    return new VaeConfig(
        family,
        a.input(),
        a.integer("hidden"),
        a.integer("latent"),
        a.integer("kl_warmup"),
        a.number("free_bits"),
        a.integer(BundleContract.Hyper.IMPORTANCE_SAMPLES),
        a.seed(),
        likelihood(a.settings()),
        family.conditional() ? a.condition() : null);
  }

  /**
   * The VAEs with one dense latent, plain or conditioned on a class label: they take the same
   * settings and differ only in their family, which says whether the condition is read.
   */
  abstract static class Dense extends VaeFamilies {
    Dense(Family family) {
      super(family);
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      VaeConfig config = dense(family(), a);
      return family().conditional() ? new ConditionalVae(config) : new Vae(config);
    }
  }

  /** A VAE with one dense Gaussian latent (Kingma and Welling 2014). */
  public static final class Plain extends Dense {
    public Plain() {
      super(Family.VAE);
    }
  }

  /** A VAE conditioned on a class label (Sohn et al. 2015). */
  public static final class Conditional extends Dense {
    public Conditional() {
      super(Family.CVAE);
    }
  }

  /** A hierarchical VAE with a ladder of latent maps (Havtorn et al. 2021). */
  public static final class Hierarchical extends VaeFamilies {
    public Hierarchical() {
      super(Family.HVAE, ladderDefaults(), ladderFlags());
    }

    private static Map<String, Object> ladderDefaults() {
      Map<String, Object> d = new LinkedHashMap<>(SHARED_DEFAULTS);
      d.putAll(Map.of("latent_channels", 8, "latent", 16, "latent_layers", 2, "llr_k", 1));
      return d;
    }

    private static List<SettingFlag> ladderFlags() {
      List<SettingFlag> f = new ArrayList<>(SHARED);
      f.add(
          SettingFlag.integer(
              "--latent-channels",
              "latent_channels",
              "hvae: channels of the bottom latent map (H/4 x W/4)"));
      f.add(
          SettingFlag.integer(
              "--latent-layers", "latent_layers", "hvae: stochastic layers (2..8)"));
      f.add(
          SettingFlag.integer(
              "--llr-k",
              "llr_k",
              "hvae: k of LLR>k, the lowest layers taken from the prior (1..layers-1)"));
      return f;
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new HierarchicalVae(
          new HvaeConfig(
              a.input(),
              a.integer("hidden"),
              a.integer("latent_channels"),
              a.integer("latent"),
              a.integer("latent_layers"),
              a.integer("llr_k"),
              a.integer("kl_warmup"),
              a.number("free_bits"),
              a.integer(BundleContract.Hyper.IMPORTANCE_SAMPLES),
              a.seed(),
              likelihood(a.settings())));
    }
  }
}
