package io.flowspect.service.ingest;

import io.flowspect.core.image.ImageLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on input images ({@code flowspect.ingest.*}), enforced before anything of the image's size
 * is allocated.
 */
@ConfigMapping(prefix = "flowspect.ingest")
public interface IngestSettings {

  /**
   * Largest accepted value in bytes. Default 32 MiB (core's default); Kafka's own default record
   * limit (about 1 MiB) usually binds first.
   *
   * @return the byte limit
   */
  @WithDefault("33554432")
  long maxBytes();

  /**
   * Largest accepted width times height. Default 50 megapixels (core's default): a large sensor; a
   * PNG of a few kilobytes declaring more is refused as a decompression bomb.
   *
   * @return the pixel limit
   */
  @WithDefault("50000000")
  long maxPixels();

  /**
   * Returns the limits for the decoder.
   *
   * @return the limits
   */
  default ImageLimits toLimits() {
    return new ImageLimits(maxBytes(), maxPixels());
  }
}
