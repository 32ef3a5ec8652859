package io.flowspect.core.data;

import io.flowspect.core.bundle.Json;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * One category of a dataset in the MVTec AD folder layout: {@code train/good/} (good frames to
 * train on), {@code test/good/} and {@code test/<defect>/} (to evaluate), and optionally {@code
 * ground_truth/<defect>/<name>_mask.png} (the defect's pixels, non-zero in a mask the frame's
 * size), plus an optional {@link DatasetDeclaration}.
 *
 * <p>Masks are optional as a whole: without a {@code ground_truth} folder, evaluation is per frame
 * only. With one, every defective test frame needs its mask, and a missing or mis-sized mask is one
 * error naming the file.
 *
 * @param root the category folder
 * @param trainGood good frames to train on, sorted
 * @param testGood good frames to evaluate on, sorted; empty when there is no {@code test/good}
 * @param defects per defect folder (sorted by name), its frames, sorted
 * @param declaration what the dataset declares about itself
 */
public record MvtecCategory(
    Path root,
    List<Path> trainGood,
    List<Path> testGood,
    Map<String, List<DefectFrame>> defects,
    DatasetDeclaration declaration) {

  /** The folder of good frames, in both {@code train} and {@code test}. */
  public static final String GOOD = "good";

  /**
   * A defective test frame and its mask.
   *
   * @param image the frame
   * @param mask its mask; null when the category has no {@code ground_truth}
   */
  public record DefectFrame(Path image, Path mask) {}

  /** Copies the lists and map. */
  public MvtecCategory {
    trainGood = List.copyOf(trainGood);
    testGood = List.copyOf(testGood);
    defects = Collections.unmodifiableMap(new LinkedHashMap<>(defects));
  }

  /**
   * Tells whether a folder is laid out as an MVTec category.
   *
   * @param dir a folder
   * @return true when it has {@code train/good}
   */
  public static boolean looksLike(Path dir) {
    return Files.isDirectory(dir.resolve("train").resolve(GOOD));
  }

  /**
   * Opens a category, checking its layout.
   *
   * @param dir the category folder
   * @return the category
   * @throws IllegalArgumentException naming the folder or file that is missing or wrong
   */
  public static MvtecCategory open(Path dir) {
    if (!looksLike(dir)) {
      throw new IllegalArgumentException(
          dir + ": not an MVTec AD category: it has no train/good folder");
    }
    List<Path> train = ImageDatasets.imageFiles(dir.resolve("train").resolve(GOOD));
    if (train.isEmpty()) {
      throw new IllegalArgumentException(dir.resolve("train").resolve(GOOD) + ": has no images");
    }
    Path test = dir.resolve("test");
    List<Path> testGood =
        Files.isDirectory(test.resolve(GOOD))
            ? ImageDatasets.imageFiles(test.resolve(GOOD))
            : List.of();
    Path truth = dir.resolve("ground_truth");
    boolean masks = Files.isDirectory(truth);
    Map<String, List<DefectFrame>> defects = new LinkedHashMap<>();
    for (String defect : subfolders(test)) {
      if (defect.equals(GOOD)) {
        continue;
      }
      List<DefectFrame> frames = new ArrayList<>();
      for (Path image : ImageDatasets.imageFiles(test.resolve(defect))) {
        Path mask = null;
        if (masks) {
          mask = truth.resolve(defect).resolve(stem(image) + "_mask.png");
          if (!Files.isRegularFile(mask)) {
            throw new IllegalArgumentException(
                mask
                    + ": missing: the category has a ground_truth folder, so every frame of test/"
                    + defect
                    + " needs its mask there ("
                    + image.getFileName()
                    + " has none)");
          }
        }
        frames.add(new DefectFrame(image, mask));
      }
      defects.put(defect, frames);
    }
    return new MvtecCategory(dir, train, testGood, defects, declaration(dir));
  }

  /**
   * Reads a mask: non-zero pixels (in any channel) are the defect's.
   *
   * @param mask the mask file
   * @param width the frame's columns
   * @param height the frame's rows
   * @return row-major, true where the defect is
   * @throws IllegalArgumentException naming the file when it does not decode or has another size
   */
  public static boolean[] readMask(Path mask, int width, int height) {
    java.awt.image.BufferedImage img;
    try {
      img = ImageIO.read(mask.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(mask + ": cannot read the mask: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IllegalArgumentException(mask + ": not a PNG, JPEG or BMP mask");
    }
    SizeCheck.requireSame(
        img.getWidth(),
        img.getHeight(),
        width,
        height,
        (size, frame) -> mask + ": the mask is " + size + " but its frame is " + frame);
    boolean[] out = new boolean[width * height];
    java.awt.image.Raster raster = img.getRaster();
    int[] px = new int[raster.getNumBands()];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.getPixel(x, y, px);
        for (int v : px) {
          if (v != 0) {
            out[y * width + x] = true;
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * Reads the mask of a decoded defective frame.
   *
   * @param frame the frame's file and mask
   * @param image the frame, decoded
   * @return its mask, or null when the category has none
   */
  public static boolean[] maskOf(DefectFrame frame, RasterImage image) {
    return frame.mask() == null ? null : readMask(frame.mask(), image.width(), image.height());
  }

  /**
   * Tells whether the category outlines its defects.
   *
   * @return true when it has a {@code ground_truth} folder
   */
  public boolean hasMasks() {
    return defects.values().stream().flatMap(List::stream).anyMatch(f -> f.mask() != null);
  }

  private static DatasetDeclaration declaration(Path dir) {
    Path file = dir.resolve(DatasetDeclaration.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return DatasetDeclaration.NONE;
    }
    try {
      return Json.read(Files.readString(file), DatasetDeclaration.class);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": not a dataset declaration: " + e.getMessage(), e);
    }
  }

  private static List<String> subfolders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
