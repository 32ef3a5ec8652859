package io.flowspect.core.tile;

import io.flowspect.core.data.DataSplit;
import io.flowspect.core.data.FolderImage;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.MvtecCategory;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Training data cut from full-resolution frames: the frames (an MVTec category's {@code
 * train/good}, or a plain folder) are split into training and held-out frames first, whole, so that
 * no held-out frame lends a patch to training; training frames give random crops (augmented as the
 * dataset declares), held-out frames their regular tiles.
 *
 * @param train patches to train on
 * @param validation tiles of the first {@value #VALIDATION_FRAMES} held-out frames: enough for a
 *     steady validation bits/dim, few enough that validating costs a fraction of an epoch
 * @param heldOutFrames ids of the held-out frames, relative to {@link #frameDir}: what {@code
 *     calibrate} reads its good frames from
 * @param frameDir the folder of the frames
 * @param frameSizes the distinct frame sizes, e.g. {@code 256x256}
 * @param augmentations the augmentations used
 * @param skipped files that could not be read
 */
public record FramePatches(
    List<ImageRecord> train,
    List<ImageRecord> validation,
    List<String> heldOutFrames,
    Path frameDir,
    List<String> frameSizes,
    Set<String> augmentations,
    List<SkippedInput> skipped) {

  /** Held-out frames whose tiles validate each epoch. */
  public static final int VALIDATION_FRAMES = 32;

  /**
   * Loads frames and cuts their patches.
   *
   * @param data an MVTec category or a folder of frames
   * @param spec the patch: the model input
   * @param perFrame random crops per training frame
   * @param validationFraction share of frames held out
   * @param seed the split and the crops
   * @return the patches
   */
  public static FramePatches sample(
      Path data, InputSpec spec, int perFrame, double validationFraction, long seed) {
    Path dir = data;
    Set<String> augmentations = new LinkedHashSet<>();
    if (MvtecCategory.looksLike(data)) {
      MvtecCategory category = MvtecCategory.open(data);
      dir = data.resolve("train").resolve(MvtecCategory.GOOD);
      augmentations.addAll(category.declaration().augmentations());
    }
    ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    List<String> ids = new ArrayList<>();
    List<RasterImage> frames = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    Set<String> sizes = new LinkedHashSet<>();
    for (Path file : ImageDatasets.imageFiles(dir)) {
      FolderImage f = ImageDatasets.decodeFile(dir, file, decoder);
      if (f.image() == null) {
        skipped.add(f.skipped());
        continue;
      }
      ids.add(f.id());
      frames.add(f.image());
      sizes.add(f.image().width() + "x" + f.image().height());
    }
    if (frames.size() < 2) {
      throw new IllegalArgumentException(
          dir + ": has " + frames.size() + " readable frames; training on patches needs 2 or more");
    }
    boolean[] held = DataSplit.heldOut(frames.size(), validationFraction, seed);
    List<String> trainIds = new ArrayList<>();
    List<RasterImage> trainFrames = new ArrayList<>();
    List<String> heldIds = new ArrayList<>();
    List<RasterImage> heldFrames = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      (held[i] ? heldIds : trainIds).add(ids.get(i));
      (held[i] ? heldFrames : trainFrames).add(frames.get(i));
    }
    List<ImageRecord> train =
        PatchSampler.random(trainIds, trainFrames, spec, perFrame, augmentations, seed);
    int validating = Math.min(heldFrames.size(), VALIDATION_FRAMES);
    List<ImageRecord> validation =
        PatchSampler.tiles(
            heldIds.subList(0, validating),
            heldFrames.subList(0, validating),
            spec,
            TileLayout.of(spec));
    return new FramePatches(
        train, validation, heldIds, dir, List.copyOf(sizes), augmentations, skipped);
  }
}
