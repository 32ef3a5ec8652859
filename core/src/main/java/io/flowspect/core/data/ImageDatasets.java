package io.flowspect.core.data;

import io.flowspect.core.image.ImageDecodeException;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Loads a training, calibration or test set from disk into preprocessed {@link ImageRecord}s.
 *
 * <p>Two sources: an IDX3 image file (ids "0", "1", ...) or a folder searched recursively for
 * {@code .png}, {@code .jpg}, {@code .jpeg} and {@code .bmp} files (any case; ids are the relative
 * paths with '/' separators, sorted). Every image goes through {@link InputSpec#toChw}, the same
 * preprocessing as scoring. Files that cannot be decoded are listed in {@link
 * LoadedImages#skipped()} and loading continues, because one broken photo should not stop a
 * training run; a source with no usable image at all is an error.
 *
 * <p>Folders are decoded in parallel (common fork-join pool); the result order is deterministic.
 * Stateless and thread-safe.
 */
public final class ImageDatasets {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

  /** Files decoded per parallel wave when a limit is set, so few files beyond it are read. */
  private static final int MIN_WAVE = 64;

  private ImageDatasets() {}

  /**
   * Loads every image of a source.
   *
   * @param path an IDX3 image file or a folder of images
   * @param spec the model input contract
   * @param limits decoding limits for folder images
   * @return the images and the skipped inputs
   * @throws IllegalArgumentException if the path does not exist, an IDX file is malformed, or no
   *     image is usable
   */
  public static LoadedImages load(Path path, InputSpec spec, ImageLimits limits) {
    return load(path, spec, limits, 0);
  }

  /**
   * Loads at most {@code limit} usable images of a source, the first ones in id order.
   *
   * @param path an IDX3 image file or a folder of images
   * @param spec the model input contract
   * @param limits decoding limits for folder images
   * @param limit maximum number of usable images, 0 for all
   * @return the images and the inputs skipped before the limit was reached
   * @throws IllegalArgumentException if the path does not exist, an IDX file is malformed, or no
   *     image is usable
   */
  public static LoadedImages load(Path path, InputSpec spec, ImageLimits limits, int limit) {
    if (path == null || spec == null || limits == null) {
      throw new IllegalArgumentException("path, spec and limits must not be null");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
    }
    LoadedImages loaded;
    if (Files.isDirectory(path)) {
      loaded = loadFolder(path, spec, limits, limit);
    } else if (Files.isRegularFile(path)) {
      loaded = loadIdx(path, spec, limit);
    } else {
      throw new IllegalArgumentException(path + ": no such file or directory");
    }
    if (loaded.images().isEmpty()) {
      String first =
          loaded.skipped().isEmpty()
              ? "no .png, .jpg, .jpeg or .bmp file found"
              : loaded.skipped().get(0).reason();
      throw new IllegalArgumentException(
          "no usable image in "
              + path
              + " ("
              + loaded.skipped().size()
              + " skipped: "
              + first
              + ")");
    }
    return loaded;
  }

  private static LoadedImages loadIdx(Path file, InputSpec spec, int limit) {
    IdxImages idx = IdxFile.readImages(file);
    int n = limit == 0 ? idx.count() : Math.min(limit, idx.count());
    List<ImageRecord> images =
        IntStream.range(0, n)
            .parallel()
            .mapToObj(i -> new ImageRecord(Integer.toString(i), spec.toChw(idx.image(i))))
            .toList();
    return new LoadedImages(images, List.of());
  }

  /** One decoded file: exactly one of the two is non-null. */
  private record Outcome(ImageRecord image, SkippedInput skipped) {}

  private static LoadedImages loadFolder(Path dir, InputSpec spec, ImageLimits limits, int limit) {
    List<Path> files = imageFiles(dir);
    ImageDecoder decoder = new ImageDecoder(limits);
    List<ImageRecord> images = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    int next = 0;
    while (next < files.size() && (limit == 0 || images.size() < limit)) {
      int wave = limit == 0 ? files.size() - next : Math.max(MIN_WAVE, 2 * (limit - images.size()));
      List<Path> batch = files.subList(next, Math.min(files.size(), next + wave));
      next += batch.size();
      List<Outcome> outcomes =
          batch.parallelStream().map(f -> decodeOne(dir, f, spec, decoder)).toList();
      for (Outcome o : outcomes) {
        if (limit > 0 && images.size() == limit) {
          break;
        }
        if (o.image() != null) {
          images.add(o.image());
        } else {
          skipped.add(o.skipped());
        }
      }
    }
    return new LoadedImages(images, skipped);
  }

  /**
   * Lists the image files of a folder as {@link #load} reads them: {@code .png}, {@code .jpg},
   * {@code .jpeg} and {@code .bmp} files (any case) found recursively, symbolic links not followed,
   * sorted by {@link #idOf id}.
   *
   * @param dir the folder
   * @return the files, possibly none
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public static List<Path> imageFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(ImageDatasets::hasImageExtension)
          .sorted(Comparator.comparing(p -> idOf(dir, p)))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot list " + dir + ": " + e.getMessage(),
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
  }

  private static boolean hasImageExtension(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /**
   * Returns a file's id in a folder source: its relative path with '/' separators.
   *
   * @param dir the folder
   * @param file a file inside it
   * @return e.g. "line-3/frame-0001.png"
   */
  public static String idOf(Path dir, Path file) {
    Path rel = dir.relativize(file);
    StringBuilder s = new StringBuilder();
    for (Path part : rel) {
      if (s.length() > 0) {
        s.append('/');
      }
      s.append(part);
    }
    return s.toString();
  }

  private static Outcome decodeOne(Path dir, Path file, InputSpec spec, ImageDecoder decoder) {
    FolderImage decoded = decodeFile(dir, file, decoder);
    if (decoded.image() == null) {
      return new Outcome(null, decoded.skipped());
    }
    return new Outcome(new ImageRecord(decoded.id(), spec.toChw(decoded.image())), null);
  }

  /**
   * Reads and decodes one file of a folder source at its own size, with the same checks and
   * messages as {@link #load}: a file above the decoder's byte limit is skipped before it is read,
   * and a file that cannot be read or decoded is skipped with its reason.
   *
   * @param dir the folder (for the id)
   * @param file a file inside it, e.g. from {@link #imageFiles}
   * @param decoder the decoder and its limits
   * @return the image or why it was skipped
   */
  public static FolderImage decodeFile(Path dir, Path file, ImageDecoder decoder) {
    String id = idOf(dir, file);
    try {
      long size = Files.size(file);
      if (size > decoder.limits().maxBytes()) {
        return new FolderImage(
            id,
            null,
            new SkippedInput(
                id,
                id
                    + ": has "
                    + size
                    + " bytes, above the limit of "
                    + decoder.limits().maxBytes()
                    + " bytes"));
      }
      byte[] bytes = Files.readAllBytes(file);
      return new FolderImage(id, decoder.decode(id, bytes), null);
    } catch (ImageDecodeException e) {
      return new FolderImage(id, null, new SkippedInput(id, e.getMessage()));
    } catch (IOException e) {
      return new FolderImage(id, null, new SkippedInput(id, id + ": cannot read (" + e + ")"));
    }
  }
}
