package io.flowspect.trainer.cli;

import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.local.Standardisation;
import io.flowspect.core.score.Scorer;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Evidence-map flags shared by {@code calibrate} and {@code evaluate}. */
final class MapFlags {

  @Option(
      names = "--maps",
      defaultValue = "auto",
      description =
          "per-pixel evidence for the local score: auto (the best the bundle gives: pixel_llr with"
              + " an autoregressive background model, else pixel_nll; flow_energy for glow,"
              + " realnvp and nice), off, pixel_nll, pixel_llr or flow_energy (a flow's latent"
              + " energy at every scale)")
  String maps;

  @Option(
      names = "--window",
      description =
          "side in pixels of the local score's window (default: "
              + LocalSettings.DEFAULT_WINDOW
              + ", chosen by evaluation, or the model input's shorter side when that is"
              + " smaller: 1 for a sensor window one row high)")
  Integer window;

  /** The model input's shorter side, once {@link #resolve} has seen the scorer. */
  private int side = Integer.MAX_VALUE;

  @Option(
      names = "--standardise",
      description =
          "how a map is scaled before its windows are compared: pooled (one mean and spread over"
              + " all positions of the normal images) or position (each position against its own"
              + " mean and spread); default: ${DEFAULT-VALUE}, chosen by evaluation")
  String standardise = LocalSettings.DEFAULT.standardisation().id();

  @Option(
      names = "--local-score",
      description =
          "fisher (default: Fisher's method over the hottest pixel, the hottest window and, when"
              + " the bundle gives pixel_cdf, the hottest window of the signed residuals) or window"
              + " (the hottest window alone)")
  String localScore = "fisher";

  /** The window asked for, else the default within the model input. */
  private int window() {
    return window != null ? window : Math.min(LocalSettings.DEFAULT.window(), side);
  }

  /** The window, standardisation and combination these flags ask for. */
  LocalSettings settings() {
    Standardisation s;
    try {
      s = Standardisation.of(standardise);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--standardise " + e.getMessage(), e);
    }
    String combine = localScore == null ? "fisher" : localScore.trim().toLowerCase(Locale.ROOT);
    if (!combine.equals("fisher") && !combine.equals("window")) {
      throw new IllegalArgumentException(
          "--local-score '" + localScore + "' is unknown; use fisher or window");
    }
    return new LocalSettings(window(), s, combine.equals("fisher"));
  }

  /**
   * Tells whether to compute signed residual maps: the Fisher local score reads them when the
   * bundle gives them and the map is per-pixel.
   */
  boolean signed(Scorer scorer, MapKind maps) {
    return maps != null && !maps.fromLatent() && settings().fisher() && scorer.hasPixelCdf();
  }

  /** The map to compute with this scorer, or null when off or unavailable under auto. */
  MapKind resolve(Scorer scorer) {
    String m = maps == null ? "auto" : maps.trim().toLowerCase(Locale.ROOT);
    side = Math.min(scorer.input().height(), scorer.input().width());
    if (window != null && (window < 1 || window > side)) {
      throw new IllegalArgumentException(
          "--window must be in 1.." + side + " (the model input), got " + window);
    }
    return switch (m) {
      case "auto" -> scorer.defaultMap().orElse(null);
      case "off" -> null;
      default -> {
        MapKind kind;
        try {
          kind = MapKind.of(m);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--maps " + e.getMessage(), e);
        }
        if (!scorer.supportsMap(kind)) {
          throw new IllegalArgumentException(
              "--maps "
                  + kind
                  + ": bundle "
                  + scorer.bundle().manifest().id()
                  + " cannot give it"
                  + scorer.defaultMap().map(k -> " (it gives " + k + ")").orElse(""));
        }
        yield kind;
      }
    };
  }
}
