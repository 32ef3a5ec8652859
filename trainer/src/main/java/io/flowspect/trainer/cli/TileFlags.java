package io.flowspect.trainer.cli;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.tile.TileAggregate;
import io.flowspect.core.tile.TileLayout;
import picocli.CommandLine.Option;

/** Tile layout and aggregate flags, shared by {@code score} and {@code calibrate}. */
final class TileFlags {

  @Option(
      names = "--tile-stride",
      description =
          "pixels between tile origins, 1..tile side; smaller than the tile for overlapping tiles"
              + " (default: the tile size, no overlap)")
  Integer stride;

  @Option(
      names = "--tile-aggregate",
      defaultValue = "max",
      description =
          "image value from its tile values: max, or topk:K for the mean of the K hottest tiles."
              + " Default: ${DEFAULT-VALUE}")
  String aggregate;

  /** The tile layout for a model input, checking {@code --tile-stride}. */
  TileLayout layout(InputSpec spec) {
    if (stride == null) {
      return TileLayout.of(spec);
    }
    try {
      return TileLayout.of(spec, stride);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tile-stride: " + e.getMessage(), e);
    }
  }

  /** The parsed {@code --tile-aggregate}. */
  TileAggregate aggregate() {
    try {
      return TileAggregate.parse(aggregate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tile-aggregate: " + e.getMessage(), e);
    }
  }
}
