package io.flowspect.trainer.vae;

import java.util.Locale;

/**
 * The decoder likelihood p(x | z) of the VAEs, by its {@code --likelihood} name.
 *
 * <ul>
 *   <li>{@link #LOGISTIC}: a discretised logistic per 8-bit sub-pixel ({@link DiscretizedLogistic})
 *       for 8-bit images;
 *   <li>{@link #BERNOULLI}: one Bernoulli per pixel ({@link Bernoulli}) for binarised images: the
 *       bundle's input contract binarises (core's {@code InputSpec.binarize}, a pixel is 1 when its
 *       8-bit value is at least {@code binarize_threshold}), and log p(x) and bits/dim are those of
 *       the binary image, per binary pixel.
 * </ul>
 */
public enum Likelihood {
  LOGISTIC,
  BERNOULLI;

  /** The settings and manifest name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the manifest's hyperparameter {@code output} says. */
  public String description() {
    return this == LOGISTIC
        ? "discretised logistic per sub-pixel"
        : "Bernoulli per binarised sub-pixel (one logit each)";
  }

  /**
   * The likelihood an architecture's settings name under {@code key}: logistic unless set.
   *
   * @param settings the architecture settings
   * @param key the setting, {@code likelihood}
   * @return the likelihood
   */
  public static Likelihood of(java.util.Map<String, Object> settings, String key) {
    Object v = settings.get(key);
    return v == null ? LOGISTIC : parse(v.toString());
  }

  /**
   * The input a model with this likelihood takes: a Bernoulli one models binarised pixels, so the
   * input contract binarises at 128.
   *
   * @param requested the input asked for
   * @return the input the model takes
   */
  public io.flowspect.core.image.InputSpec input(io.flowspect.core.image.InputSpec requested) {
    return this == BERNOULLI
        ? requested.binarized(io.flowspect.core.image.InputSpec.DEFAULT_BINARIZE_THRESHOLD)
        : requested;
  }

  /** Parses a {@code --likelihood} value, naming the valid ones when it is unknown. */
  public static Likelihood parse(String value) {
    for (Likelihood l : values()) {
      if (l.id().equals(value.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "--likelihood "
            + value
            + " is unknown; use logistic (8-bit images) or bernoulli (binarised)");
  }
}
