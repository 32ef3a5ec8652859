package io.flowspect.trainer.bench;

import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The images a benchmark cycles through, preprocessed for each bundle's input: real images from a
 * dataset (speed can depend on content, e.g. PNG compression in the complexity score), or seeded
 * random bytes when there is none. Loaded once per input spec.
 */
public final class BenchImages {

  private final Path path;
  private final String flag;
  private final int count;
  private final long seed;
  private final Map<InputSpec, List<byte[]>> cache = new HashMap<>();

  private BenchImages(Path path, String flag, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + count);
    }
    this.path = path;
    this.flag = flag;
    this.count = count;
    this.seed = seed;
  }

  /**
   * The first {@code count} images of an IDX file or image folder.
   *
   * @param flag the option that named the path, for error messages
   */
  public static BenchImages of(Path path, String flag, int count) {
    return new BenchImages(path, flag, count, 0);
  }

  /** {@code count} images of uniformly random bytes. */
  public static BenchImages random(int count, long seed) {
    return new BenchImages(null, null, count, seed);
  }

  /** Where the images come from, for the report. */
  public String describe() {
    return path == null ? "random bytes (seed " + seed + ")" : path.toString();
  }

  /** The images in the bundle's input (CHW bytes), at most the count given. */
  public List<byte[]> images(InputSpec spec) {
    return cache.computeIfAbsent(spec, this::load);
  }

  private List<byte[]> load(InputSpec spec) {
    if (path == null) {
      SplittableRandom random = new SplittableRandom(seed);
      List<byte[]> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] image = new byte[spec.dims()];
        for (int j = 0; j < image.length; j++) {
          image[j] = (byte) random.nextInt(256);
        }
        out.add(image);
      }
      return out;
    }
    LoadedImages loaded;
    try {
      loaded = ImageDatasets.load(path, spec, ImageLimits.defaults(), count);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
    }
    return loaded.images().stream().map(ImageRecord::chw).toList();
  }

  /**
   * Cuts the images into batches of {@code size}, consecutive and wrapping around, as many as the
   * images fill (at least one), so every engine sees the same varied inputs.
   */
  public static List<Batch> batches(List<byte[]> images, int size) {
    int n = Math.max(1, images.size() / size);
    List<Batch> out = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      List<byte[]> chw = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        chw.add(images.get((b * size + i) % images.size()));
      }
      out.add(Batch.of(chw));
    }
    return out;
  }
}
