package io.flowspect.trainer.cli;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.tile.TileLayout;
import picocli.CommandLine.Option;

/**
 * How a model trained on patches reads whole frames, shared by {@code calibrate} and {@code
 * evaluate} on an MVTec category.
 */
final class FrameFlags {

  @Option(
      names = "--frame-stride",
      description =
          "frames of a model trained on patches: pixels between the tiles a frame is scored in"
              + " (default: half the patch, so every pixel is seen by up to four tiles)")
  Integer stride;

  @Option(
      names = "--smooth",
      defaultValue = "4",
      description =
          "frames: the anomaly maps' Gaussian smoothing in pixels, about a small defect's"
              + " radius. Default: ${DEFAULT-VALUE}")
  double smooth;

  /** The tiles frames are cut into. */
  TileLayout layout(InputSpec spec) {
    int side = Math.min(spec.width(), spec.height());
    int s = stride == null ? Math.max(1, side / 2) : stride;
    try {
      return TileLayout.of(spec, s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--frame-stride: " + e.getMessage(), e);
    }
  }

  /** The smoothing, checked. */
  double sigma() {
    if (!(smooth >= 0 && smooth <= 64)) {
      throw new IllegalArgumentException("--smooth must be 0..64 pixels, got " + smooth);
    }
    return smooth;
  }
}
