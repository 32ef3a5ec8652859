package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.data.FolderImage;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.MvtecCategory;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameCalibrator;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.trainer.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The frames {@code calibrate} and {@code evaluate} read for a model trained on patches. */
final class FrameInputs {

  private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.defaults());

  private FrameInputs() {}

  /** Tells whether a bundle was trained on patches of frames ({@code train --patch}). */
  static boolean trainedOnFrames(Bundle bundle) {
    return bundle.manifest().training().get(BundleContract.Training.FRAMES) instanceof Map<?, ?>;
  }

  /**
   * The good frames training held out, as the manifest records: they never lent a patch to
   * training, so they calibrate without bias.
   */
  @SuppressWarnings("unchecked")
  static List<RasterImage> heldOutFrames(Bundle bundle, Path category, String flag) {
    Object frames = bundle.manifest().training().get(BundleContract.Training.FRAMES);
    if (!(frames instanceof Map<?, ?> section)) {
      throw new IllegalArgumentException(
          flag
              + " "
              + category
              + ": bundle "
              + bundle.manifest().id()
              + " was not trained on patches of frames (train --patch), so it has no held-out"
              + " good frames to calibrate its maps on");
    }
    List<String> ids = (List<String>) section.get(BundleContract.Training.HELD_OUT_FRAMES);
    Path dir =
        MvtecCategory.looksLike(category)
            ? category.resolve("train").resolve(MvtecCategory.GOOD)
            : category;
    List<Path> files = new ArrayList<>();
    for (String id : ids) {
      Path file = dir.resolve(id);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            file
                + ": a frame the model held out of training is missing; give the category the"
                + " model was trained on");
      }
      files.add(file);
    }
    if (files.size() < 4) {
      throw new IllegalArgumentException(
          "bundle "
              + bundle.manifest().id()
              + " held out "
              + files.size()
              + " frames; calibrating needs 4 or more (train with a larger --validation)");
    }
    return decode(files);
  }

  /**
   * More good frames for the thresholds ({@code --extra-normal}): a folder of frames the model
   * never trained on, such as recent approved frames from the line, added to the ones training held
   * out. A frame false-positive rate of 1 % set on 200 frames lands anywhere between 0.1 % and 2.4
   * % in nine calibrations out of ten; on 2,000 frames, between 0.65 % and 1.4 %.
   *
   * @param bundle the patch model
   * @param dir the folder, read recursively
   * @param flag the option, for messages
   * @return the frames, decoded
   * @throws IllegalArgumentException when the folder is the one the model trained on, or holds no
   *     frame
   */
  @SuppressWarnings("unchecked")
  static List<RasterImage> extraGoodFrames(Bundle bundle, Path dir, String flag) {
    Object frames = bundle.manifest().training().get(BundleContract.Training.FRAMES);
    if (frames instanceof Map<?, ?> section
        && section.get(BundleContract.Training.FRAME_DIR) instanceof String trainedDir
        && dir.toAbsolutePath()
            .normalize()
            .equals(Path.of(trainedDir).toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          flag
              + " "
              + dir
              + " is the folder bundle "
              + bundle.manifest().id()
              + " trained on: its frames would set the thresholds too low; give frames it never"
              + " saw");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(flag + " " + dir + " is not a folder of frames");
    }
    List<Path> files = ImageDatasets.imageFiles(dir);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(flag + " " + dir + " holds no PNG, JPEG or BMP frame");
    }
    return decode(files);
  }

  /**
   * Good frames the model trained on, evenly spread over the training frames, at most {@code
   * limit}: they fit the per-position reference, so that every held-out frame is left for the
   * thresholds (a larger calibration set puts the threshold at alpha, not at the largest score).
   * The reference only standardises; a model's slightly better fit of its training frames shifts
   * the statistics by a few thousandths of a bit per dimension (train against validation bits/dim
   * of the reference bundles).
   */
  @SuppressWarnings("unchecked")
  static List<RasterImage> trainedFrames(Bundle bundle, Path category, int limit) {
    Map<?, ?> section =
        (Map<?, ?>) bundle.manifest().training().get(BundleContract.Training.FRAMES);
    Set<String> heldOut =
        Set.copyOf((List<String>) section.get(BundleContract.Training.HELD_OUT_FRAMES));
    Path dir =
        MvtecCategory.looksLike(category)
            ? category.resolve("train").resolve(MvtecCategory.GOOD)
            : category;
    List<Path> trained = new ArrayList<>();
    for (Path f : ImageDatasets.imageFiles(dir)) {
      if (!heldOut.contains(dir.relativize(f).toString())) {
        trained.add(f);
      }
    }
    List<Path> picked = new ArrayList<>();
    int n = Math.min(limit, trained.size());
    for (int i = 0; i < n; i++) {
      picked.add(trained.get((int) ((long) i * trained.size() / n)));
    }
    return decode(picked);
  }

  static List<RasterImage> decode(List<Path> files) {
    List<RasterImage> out = new ArrayList<>(files.size());
    for (Path f : files) {
      out.add(decode(f));
    }
    return out;
  }

  static RasterImage decode(Path file) {
    FolderImage f = ImageDatasets.decodeFile(file.getParent(), file, DECODER);
    if (f.image() == null) {
      throw new IllegalArgumentException(file + ": " + f.skipped().reason());
    }
    return f.image();
  }

  /**
   * Calibrates a patch model for whole frames: the reference and the decision's parts from frames
   * it trained on (up to {@link FrameCalibrator#REFERENCE_FRAMES} and {@link
   * FrameCalibrator#DECISION_FRAMES} of {@code category}'s), the thresholds from every frame it
   * held out; with fewer than four training frames at hand, all three from the held-out frames,
   * split.
   *
   * @param frame a held-out frame, for the frame size
   */
  static FrameCalibration calibrate(
      Bundle bundle,
      FrameMapper mapper,
      Path category,
      List<FrameEvidence> heldOut,
      RasterImage frame,
      double sigma,
      double alpha) {
    List<RasterImage> trained =
        trainedFrames(
            bundle, category, FrameCalibrator.REFERENCE_FRAMES + FrameCalibrator.DECISION_FRAMES);
    int width = frame.width();
    int height = frame.height();
    if (trained.size() < 4) {
      return FrameCalibrator.calibrate(
          bundle.manifest(), mapper.kind(), mapper.layout(), heldOut, width, height, sigma, alpha);
    }
    int n = trained.size();
    int r = Math.min(FrameCalibrator.REFERENCE_FRAMES, n / 2);
    List<RasterImage> fit = new ArrayList<>(r);
    List<RasterImage> weigh = new ArrayList<>(n - r);
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (next < r && i == (int) ((long) next * n / r)) {
        fit.add(trained.get(i));
        next++;
      } else {
        weigh.add(trained.get(i));
      }
    }
    return FrameCalibrator.calibrate(
        bundle.manifest(),
        mapper.kind(),
        mapper.layout(),
        maps(mapper, "reference frames", fit),
        maps(mapper, "decision frames", weigh),
        heldOut,
        width,
        height,
        sigma,
        alpha);
  }

  /** Maps frames with a progress line. */
  static List<FrameEvidence> maps(FrameMapper mapper, String label, List<RasterImage> frames) {
    Progress progress = Progress.console(label, frames.size());
    List<FrameEvidence> out = mapper.maps(frames, n -> progress.update(n, mapper.kind().id()));
    progress.finish();
    return out;
  }
}
