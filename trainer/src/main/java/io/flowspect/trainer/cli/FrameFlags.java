package io.flowspect.trainer.cli;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.tile.TileLayout;
import java.nio.file.Path;
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

  @Option(
      names = "--extra-normal",
      paramLabel = "DIR",
      description =
          "frames: a folder of more good frames the model never trained on (recent approved frames),"
              + " added to the held-out ones for the thresholds: about 2,000 hold a 1 %% frame"
              + " false-positive rate within 0.65-1.4 %%, the 200 of a benchmark within 0.1-2.4 %%")
  Path extraNormal;

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
