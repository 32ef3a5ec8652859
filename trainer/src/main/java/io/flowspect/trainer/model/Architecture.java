package io.flowspect.trainer.model;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.autoregressive.MafConfig;
import io.flowspect.trainer.autoregressive.MaskedAutoregressiveFlow;
import io.flowspect.trainer.autoregressive.PixelCnn;
import io.flowspect.trainer.autoregressive.PixelCnnConfig;
import io.flowspect.trainer.flow.FlowConfig;
import io.flowspect.trainer.flow.MultiScaleFlow;
import io.flowspect.trainer.vae.ConditionalVae;
import io.flowspect.trainer.vae.CvaeConfig;
import io.flowspect.trainer.vae.HierarchicalVae;
import io.flowspect.trainer.vae.HvaeConfig;
import io.flowspect.trainer.vae.Likelihood;
import io.flowspect.trainer.vae.Vae;
import io.flowspect.trainer.vae.VaeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a model from its family, input shape and architecture settings: the one place the CLI, a
 * resumed checkpoint and the tests turn settings into a network.
 *
 * <p>Settings: {@code levels}, {@code steps}, {@code hidden} (flows); {@code mades}, {@code
 * hidden}, {@code hidden_layers} (made, maf); {@code filters}, {@code blocks} (pixelcnn); {@code
 * hidden}, {@code latent}, {@code kl_warmup}, {@code free_bits}, {@code importance_samples}, {@code
 * likelihood} ("logistic", the default, or "bernoulli", which needs a binarising input) (vae, hvae,
 * cvae) and {@code latent_channels}, {@code latent_layers}, {@code llr_k} (hvae); {@code condition}
 * (cvae: {@code {"name", "classes"}}, from the labels); {@code seed} (all). Missing ones take the
 * family's default, sized to train on two CPU cores.
 */
public record Architecture(Family family, InputSpec input, Map<String, Object> settings) {

  public Architecture {
    settings = Map.copyOf(settings);
  }

  /** The defaults for a family, overridden by the given settings. */
  public static Architecture of(Family family, InputSpec input, Map<String, Object> overrides) {
    Map<String, Object> s = new LinkedHashMap<>(defaults(family));
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            s.put(k, v);
          }
        });
    return new Architecture(family, input, s);
  }

  static Map<String, Object> defaults(Family family) {
    return switch (family) {
      case GLOW -> Map.of("levels", 2, "steps", 8, "hidden", 128, "seed", 1L);
      case REALNVP, NICE -> Map.of("levels", 2, "steps", 6, "hidden", 64, "seed", 1L);
      case MADE -> Map.of("mades", 1, "hidden", 1024, "hidden_layers", 1, "seed", 1L);
      case MAF -> Map.of("mades", 4, "hidden", 512, "hidden_layers", 1, "seed", 1L);
      case PIXELCNN -> Map.of("filters", 64, "blocks", 5, "seed", 1L);
      case VAE, CVAE ->
          Map.of(
              "hidden", 32,
              "latent", 32,
              "kl_warmup", 2000,
              "free_bits", 0.05,
              "importance_samples", 32,
              "seed", 1L);
      case HVAE ->
          Map.of(
              "hidden",
              32,
              "latent_channels",
              8,
              "latent",
              16,
              "latent_layers",
              2,
              "llr_k",
              1,
              "kl_warmup",
              2000,
              "free_bits",
              0.05,
              "importance_samples",
              32,
              "seed",
              1L);
    };
  }

  public GenerativeNetwork build() {
    return switch (family) {
      case GLOW, REALNVP, NICE ->
          new MultiScaleFlow(
              new FlowConfig(
                  family, input, integer("levels"), integer("steps"), integer("hidden"), seed()));
      case MADE, MAF -> {
        int mades = integer("mades");
        if (family == Family.MADE && mades != 1) {
          throw new IllegalArgumentException(
              "--family made is a single MADE; use maf for " + mades);
        }
        yield new MaskedAutoregressiveFlow(
            new MafConfig(input, mades, integer("hidden"), integer("hidden_layers")));
      }
      case PIXELCNN ->
          new PixelCnn(new PixelCnnConfig(input, integer("filters"), integer("blocks"), seed()));
      case VAE ->
          new Vae(
              new VaeConfig(
                  input,
                  integer("hidden"),
                  integer("latent"),
                  integer("kl_warmup"),
                  number("free_bits"),
                  integer("importance_samples"),
                  seed(),
                  likelihood()));
      case CVAE ->
          new ConditionalVae(
              new CvaeConfig(
                  input,
                  integer("hidden"),
                  integer("latent"),
                  integer("kl_warmup"),
                  number("free_bits"),
                  integer("importance_samples"),
                  seed(),
                  likelihood(),
                  condition()));
      case HVAE ->
          new HierarchicalVae(
              new HvaeConfig(
                  input,
                  integer("hidden"),
                  integer("latent_channels"),
                  integer("latent"),
                  integer("latent_layers"),
                  integer("llr_k"),
                  integer("kl_warmup"),
                  number("free_bits"),
                  integer("importance_samples"),
                  seed(),
                  likelihood()));
    };
  }

  /** Setting: the condition of a cvae, as {@link #conditionSetting} writes it. */
  public static final String CONDITION = "condition";

  /** A condition as an architecture setting: {@code {"name": ..., "classes": [...]}}. */
  public static Map<String, Object> conditionSetting(Condition condition) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", condition.name());
    m.put("classes", condition.classes());
    return m;
  }

  /** The cvae's condition: setting {@value #CONDITION}, else null. */
  public Condition condition() {
    Object v = settings.get(CONDITION);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m
        && m.get("name") instanceof String name
        && m.get("classes") instanceof List<?> classes) {
      return new Condition(name, classes.stream().map(String::valueOf).toList());
    }
    throw new IllegalArgumentException(
        "architecture setting condition must be {name, classes}, found " + v);
  }

  /** The VAEs' decoder likelihood: setting {@code likelihood}, logistic when absent. */
  public Likelihood likelihood() {
    Object v = settings.get("likelihood");
    return v == null ? Likelihood.LOGISTIC : Likelihood.parse(v.toString());
  }

  public long seed() {
    return ((Number) settings.get("seed")).longValue();
  }

  public int integer(String key) {
    return (int) Math.round(number(key));
  }

  public double number(String key) {
    Object v = settings.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "architecture setting "
              + key
              + " of "
              + family.id()
              + " is missing or not a number: "
              + v);
    }
    return n.doubleValue();
  }
}
