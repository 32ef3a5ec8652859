package io.flowspect.core.score;

/**
 * What a {@link Score} needs beyond the model's own likelihood pass. A scorer offers a score when
 * it has every need of it, and plans its passes from the needs of the scores asked for: the
 * background model runs only when a wanted score (or map) needs it.
 */
public enum ScoreNeed {
  /** A second likelihood pass, of the bundle's background model (trained on perturbed inputs). */
  BACKGROUND(" (it has no background model)"),

  /** The manifest's typical bits/dim H: metric {@code validation_bpd}, else {@code test_bpd}. */
  TYPICAL_BPD(" (its manifest has no validation_bpd or test_bpd)"),

  /** The ELBO and IWAE bounds of a latent-variable model's importance samples. */
  BOUNDS(" (bounds are for latent-variable models: vae, hvae)"),

  /** The hierarchical VAE's bound with its lowest latents from the prior, graph output llr. */
  LLR_K(" (llr_k needs a hierarchical VAE: hvae)"),

  /**
   * Evidence maps and a calibration's statistics of them on normal images; only a {@link
   * io.flowspect.core.detect.Detector} with such a calibration has it.
   */
  MAP_REFERENCE(
      " (score local is computed from evidence maps with a calibration's map statistics: calibrate with"
          + " maps and score through a Detector)");

  private final String missing;

  ScoreNeed(String missing) {
    this.missing = missing;
  }

  /**
   * Says why a bundle lacking this need cannot give a score, for refusal messages.
   *
   * @return a parenthesised clause, starting with a space
   */
  public String missing() {
    return missing;
  }
}
