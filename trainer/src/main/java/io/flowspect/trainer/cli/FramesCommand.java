package io.flowspect.trainer.cli;

import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameCounts;
import io.flowspect.core.frames.FrameDefect;
import io.flowspect.core.frames.Surface;
import io.flowspect.trainer.train.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowspect frames}: writes the seeded line-frame benchmark, one MVTec AD category per
 * surface, so that {@code train --data}, {@code calibrate} and {@code evaluate} can be run on
 * realistic frames without fetching anything.
 */
@Command(
    name = "frames",
    mixinStandardHelpOptions = true,
    description =
        "Write the seeded line-frame benchmark: textured surfaces (fabric, metal, wood, grid,"
            + " leather) with lighting, noise and misalignment, nine defect kinds with exact masks,"
            + " in the MVTec AD layout (<out>/<surface>/train/good, test/<defect>,"
            + " ground_truth/<defect>).")
final class FramesCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "dataset folder to write")
  Path out;

  @Option(
      names = "--surfaces",
      split = ",",
      description = "surfaces to write (default: all of fabric, metal, wood, grid, leather)")
  List<String> surfaces;

  @Option(
      names = "--size",
      defaultValue = "256",
      description = "frame side in pixels. Default: ${DEFAULT-VALUE}")
  int size;

  @Option(
      names = "--train",
      defaultValue = "240",
      description = "good training frames per surface. Default: ${DEFAULT-VALUE}")
  int train;

  @Option(
      names = "--test-good",
      defaultValue = "60",
      description = "good test frames per surface. Default: ${DEFAULT-VALUE}")
  int testGood;

  @Option(
      names = "--per-defect",
      defaultValue = "15",
      description =
          "test frames of each defect kind per surface, severities in turn. Default:"
              + " ${DEFAULT-VALUE}")
  int perDefect;

  @Option(names = "--seed", defaultValue = "1", description = "seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() {
    if (size < 16 || size > 4096) {
      throw new IllegalArgumentException("--size must be 16..4096 pixels, got " + size);
    }
    List<Surface> chosen = new ArrayList<>();
    if (surfaces == null || surfaces.isEmpty()) {
      chosen.addAll(List.of(Surface.values()));
    } else {
      for (String s : surfaces) {
        chosen.add(Surface.of(s));
      }
    }
    FrameCounts counts = new FrameCounts(train, testGood, perDefect);
    for (Surface surface : chosen) {
      Progress progress = Progress.console(surface.id(), counts.total());
      Path dir =
          FrameBenchmark.write(
              out,
              surface,
              size,
              counts,
              seed,
              n -> {
                synchronized (progress) {
                  progress.update(n, "");
                }
              });
      progress.finish();
      System.out.printf(
          "%s: %d training, %d good and %d defective test frames of %d x %d in %s%n",
          surface.id(),
          counts.train(),
          counts.testGood(),
          counts.perDefect() * FrameDefect.values().length,
          size,
          size,
          dir);
    }
    return 0;
  }
}
