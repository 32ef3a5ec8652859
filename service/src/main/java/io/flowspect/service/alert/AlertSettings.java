package io.flowspect.service.alert;

import io.flowspect.core.explain.ExplainOptions;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What an alert explains about its image ({@code flowspect.alerts.*}). */
@ConfigMapping(prefix = "flowspect.alerts")
public interface AlertSettings {

  /**
   * Hottest pixels listed per alert. Default 10: enough to point an operator at a defect, small
   * enough for a chat message.
   *
   * @return the count, 0 for none
   */
  @WithDefault("10")
  int hotPixels();

  /**
   * Whether alerts carry a base64 PNG of the image next to its heatmap (when the model gives one).
   *
   * @return true to attach it
   */
  @WithDefault("true")
  boolean heatmap();

  /**
   * Upscaling of the heatmap PNG. Default 4: a 28 x 28 model input becomes a 116 x 112 picture.
   *
   * @return the factor, 1..64
   */
  @WithDefault("4")
  int heatmapScale();

  /**
   * Largest heatmap PNG in bytes before base64. Default 65536: alerts stay far below Kafka's 1 MiB
   * record limit; a larger picture is redrawn at scale 1, and dropped if still too large.
   *
   * @return the byte cap
   */
  @WithDefault("65536")
  int heatmapMaxBytes();

  /**
   * Returns the settings as a record.
   *
   * @return the options
   */
  default ExplainOptions toOptions() {
    return new ExplainOptions(hotPixels(), heatmap(), heatmapScale(), heatmapMaxBytes());
  }
}
