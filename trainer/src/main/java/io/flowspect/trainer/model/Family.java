package io.flowspect.trainer.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The model families the trainer knows, by their {@code --family} name. */
public enum Family {
  GLOW,
  REALNVP,
  NICE,
  MADE,
  MAF,
  PIXELCNN,
  VAE,
  HVAE,
  CVAE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFlow() {
    return this == GLOW || this == REALNVP || this == NICE;
  }

  public boolean isAutoregressive() {
    return this == MADE || this == MAF || this == PIXELCNN;
  }

  /** Latent-variable models: scored by bounds (ELBO, IWAE), not an exact likelihood. */
  public boolean isLatent() {
    return this == VAE || this == HVAE || this == CVAE;
  }

  /** Families conditioned on a class label: their graphs take a one-hot input c. */
  public boolean isConditional() {
    return this == CVAE;
  }

  /** Parses a {@code --family} value, naming the valid ones when it is unknown. */
  public static Family parse(String value) {
    for (Family f : values()) {
      if (f.id().equals(value.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "--family "
            + value
            + " is unknown; use one of "
            + Arrays.stream(values()).map(Family::id).collect(Collectors.joining(", ")));
  }
}
