/**
 * Tiled scoring of images larger than a model's input: a line camera gives hundreds of pixels a
 * side, a density model takes e.g. 28 x 28. {@link io.flowspect.core.tile.TileLayout} places the
 * tiles, {@link io.flowspect.core.tile.TiledDetector} scores every tile in one batch and folds the
 * tiles' anomaly values into one per image with a {@link io.flowspect.core.tile.TileAggregate}, and
 * {@link io.flowspect.core.tile.TiledCalibration} calibrates that image-level value on normal tiled
 * images. {@link io.flowspect.core.tile.TileHeatmaps} draws where the hot tiles are.
 */
package io.flowspect.core.tile;
