package io.flowspect.trainer.model;

import java.util.Locale;

/**
 * A model family as the trainer and manifests name it ({@code --family}), with the kind of
 * likelihood it gives. The families are found through their {@link FamilySpec}s; the constants here
 * name the ones built into the trainer, for code and tests that build them directly. A new family
 * or variant declares its own instance in its own package.
 *
 * @param id the {@code --family} name and the manifest's family, lower case
 * @param kind how the family gives its likelihood
 * @param conditional true for families conditioned on a class label (their graphs take a one-hot
 *     input c)
 */
public record Family(String id, Kind kind, boolean conditional) {

  /** How a family gives its likelihood. */
  public enum Kind {
    /** Exact likelihood by change of variables through an invertible network. */
    FLOW,
    /** Exact likelihood as a product of per-dimension conditionals. */
    AUTOREGRESSIVE,
    /** A bound on the likelihood (ELBO, IWAE) of a latent-variable model. */
    LATENT
  }

  public static final Family GLOW = new Family("glow", Kind.FLOW, false);
  public static final Family REALNVP = new Family("realnvp", Kind.FLOW, false);
  public static final Family NICE = new Family("nice", Kind.FLOW, false);
  public static final Family MADE = new Family("made", Kind.AUTOREGRESSIVE, false);
  public static final Family MAF = new Family("maf", Kind.AUTOREGRESSIVE, false);
  public static final Family PIXELCNN = new Family("pixelcnn", Kind.AUTOREGRESSIVE, false);
  public static final Family VAE = new Family("vae", Kind.LATENT, false);
  public static final Family HVAE = new Family("hvae", Kind.LATENT, false);
  public static final Family CVAE = new Family("cvae", Kind.LATENT, true);

  /** Checks the id: lower case letters, digits and dashes. */
  public Family {
    if (id == null || !id.matches("[a-z][a-z0-9-]*") || kind == null) {
      throw new IllegalArgumentException(
          "a family needs a lower-case id of letters, digits and dashes and a kind, found "
              + id
              + ", "
              + kind);
    }
  }

  public boolean isFlow() {
    return kind == Kind.FLOW;
  }

  public boolean isAutoregressive() {
    return kind == Kind.AUTOREGRESSIVE;
  }

  /** Latent-variable models: scored by bounds (ELBO, IWAE), not an exact likelihood. */
  public boolean isLatent() {
    return kind == Kind.LATENT;
  }

  /** Families conditioned on a class label: their graphs take a one-hot input c. */
  public boolean isConditional() {
    return conditional;
  }

  /**
   * Parses a {@code --family} value among the registered families.
   *
   * @param value e.g. "glow", any case
   * @return the family
   * @throws IllegalArgumentException naming the valid ones when it is unknown
   */
  public static Family parse(String value) {
    return FamilySpecs.of(value == null ? null : value.toLowerCase(Locale.ROOT)).family();
  }

  @Override
  public String toString() {
    return id;
  }
}
