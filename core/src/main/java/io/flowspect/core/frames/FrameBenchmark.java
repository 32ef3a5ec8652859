package io.flowspect.core.frames;

import io.flowspect.core.bundle.Json;
import io.flowspect.core.data.DatasetDeclaration;
import io.flowspect.core.data.MvtecCategory;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes one surface as an MVTec AD category: {@code <surface>/train/good}, {@code test/good},
 * {@code test/<defect>} and {@code ground_truth/<defect>/<name>_mask.png}, plus a {@link
 * DatasetDeclaration} with the surface's augmentations, alignment and each test frame's severity.
 * Frames are PNG, 8-bit RGB; masks are 8-bit grey, 255 on the defect. Frames are made in parallel;
 * the bytes do not depend on the order.
 */
public final class FrameBenchmark {

  /** Key offsets keep the splits' frames apart: no test frame repeats a training frame. */
  private static final long TEST_KEYS = 1_000_000L;

  private static final long DEFECT_KEYS = 2_000_000L;

  private FrameBenchmark() {}

  /**
   * Writes a category.
   *
   * @param root the dataset folder; the category is {@code root/<surface>}
   * @param surface what the frames show
   * @param size frame side in pixels
   * @param counts how many frames of each split
   * @param seed the material and every frame's variation
   * @param progress told the number of frames written so far, from any thread
   * @return the category folder
   */
  public static Path write(
      Path root, Surface surface, int size, FrameCounts counts, long seed, IntConsumer progress) {
    Path dir = root.resolve(surface.id());
    FrameMaker maker = new FrameMaker(surface, material(seed, surface), size, size);
    List<Runnable> jobs = new ArrayList<>();
    for (int i = 0; i < counts.train(); i++) {
      long key = i;
      Path file = dir.resolve("train").resolve(MvtecCategory.GOOD).resolve(name(i) + ".png");
      jobs.add(() -> writeFrame(maker.good(key), file, null));
    }
    for (int i = 0; i < counts.testGood(); i++) {
      long key = TEST_KEYS + i;
      Path file = dir.resolve("test").resolve(MvtecCategory.GOOD).resolve(name(i) + ".png");
      jobs.add(() -> writeFrame(maker.good(key), file, null));
    }
    Map<String, List<String>> severities = new LinkedHashMap<>();
    for (FrameDefect kind : FrameDefect.values()) {
      List<String> kindSeverities = new ArrayList<>();
      for (int i = 0; i < counts.perDefect(); i++) {
        FrameSeverity severity = FrameSeverity.values()[i % FrameSeverity.values().length];
        kindSeverities.add(severity.id());
        long key = DEFECT_KEYS + kind.ordinal() * 100_000L + i;
        Path file = dir.resolve("test").resolve(kind.id()).resolve(name(i) + ".png");
        Path mask = dir.resolve("ground_truth").resolve(kind.id()).resolve(name(i) + "_mask.png");
        jobs.add(() -> writeFrame(maker.defective(key, kind, severity), file, mask));
      }
      if (counts.perDefect() > 0) {
        severities.put(kind.id(), kindSeverities);
      }
    }
    AtomicInteger done = new AtomicInteger();
    IntStream.range(0, jobs.size())
        .parallel()
        .forEach(
            j -> {
              jobs.get(j).run();
              progress.accept(done.incrementAndGet());
            });
    List<String> augmentations =
        surface.augmentations().stream().map(Surface.Augmentation::id).toList();
    DatasetDeclaration declaration =
        new DatasetDeclaration(surface.id(), augmentations, surface.aligned(), severities);
    try {
      Files.writeString(dir.resolve(DatasetDeclaration.FILE_NAME), Json.write(declaration));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  private static String name(int i) {
    return String.format("%03d", i);
  }

  private static void writeFrame(MadeFrame frame, Path file, Path mask) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(rgbImage(frame), "png", file.toFile());
      if (mask != null) {
        Files.createDirectories(mask.getParent());
        BufferedImage m =
            new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) m.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
          px[i] = frame.mask()[i] ? (byte) 255 : 0;
        }
        ImageIO.write(m, "png", mask.toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** An 8-bit RGB image of a frame (Java stores it as BGR). */
  static BufferedImage rgbImage(MadeFrame frame) {
    BufferedImage img =
        new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] rgb = frame.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      px[i] = rgb[i + 2];
      px[i + 1] = rgb[i + 1];
      px[i + 2] = rgb[i];
    }
    return img;
  }

  /**
   * Returns the material a benchmark of this seed makes a surface of: the one roll of fabric or
   * sheet of metal its frames show, so that a demo or a benchmark run can make more frames of the
   * very material a reference bundle was trained on.
   *
   * @param seed the benchmark's seed ({@code flowspect frames --seed}, 1 for the reference bundles)
   * @param surface the surface
   * @return the material seed of {@link FrameMaker}
   */
  public static long material(long seed, Surface surface) {
    return seed * 31 + surface.ordinal();
  }
}
