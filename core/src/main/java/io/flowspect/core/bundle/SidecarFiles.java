package io.flowspect.core.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * JSON files that live in a bundle directory but outside its checksums (calibrations): they change
 * without re-exporting the model, so they carry the bundle id and version they were made for and
 * are refused for any other. Written atomically, so that a service reloading at the same moment
 * reads either the old or the new file. Stateless.
 */
public final class SidecarFiles {

  /** The calibration of the bundle's scores: thresholds, conformal references, map statistics. */
  public static final String CALIBRATION = "calibration.json";

  /** The calibration of tiled scoring (large images cut into model-sized tiles). */
  public static final String TILED_CALIBRATION = "tiled-calibration.json";

  /** A patch model's calibration for whole frames. */
  public static final String FRAME_CALIBRATION = "frame_calibration.json";

  /** Every sidecar file name: kept out of the checksums, and made stale by a new export. */
  public static final Set<String> NAMES = Set.of(CALIBRATION, TILED_CALIBRATION, FRAME_CALIBRATION);

  private SidecarFiles() {}

  /**
   * Deletes the sidecar files of a bundle directory: a newly trained model's scores differ from the
   * ones they were fitted on, while its id and version, which the files are checked against, may
   * well be the same (training resumed into the same folder).
   *
   * @param dir the bundle directory
   * @throws BundleException if a file exists but cannot be deleted
   */
  public static void deleteAll(Path dir) {
    for (String name : NAMES) {
      try {
        Files.deleteIfExists(dir.resolve(name));
      } catch (IOException e) {
        throw new BundleException(dir.resolve(name) + ": cannot delete: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Reads a sidecar file and checks that it was made for this bundle.
   *
   * @param bundle the bundle
   * @param fileName the file's name in the bundle directory
   * @param type the record to bind
   * @param what what the file is, for messages, e.g. "calibration"
   * @param madeFor the bundle id and version recorded in the file
   * @param remedy what to do when it was made for another bundle, e.g. "run flowspect calibrate
   *     again"
   * @param <T> the record type
   * @return the content, or empty when the file does not exist
   * @throws BundleException if the file is unreadable, invalid or made for another bundle
   */
  public static <T> Optional<T> read(
      Bundle bundle,
      String fileName,
      Class<T> type,
      String what,
      Function<T, String[]> madeFor,
      String remedy) {
    Path file = bundle.dir().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    T value;
    try {
      value = Json.read(Files.readString(file, StandardCharsets.UTF_8), type);
    } catch (IOException e) {
      throw new BundleException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new BundleException(file + ": invalid " + what + ": " + e.getMessage(), e);
    }
    String[] idAndVersion = madeFor.apply(value);
    Manifest m = bundle.manifest();
    if (!m.id().equals(idAndVersion[0]) || !m.version().equals(idAndVersion[1])) {
      throw new BundleException(
          file
              + ": made for bundle "
              + idAndVersion[0]
              + " version "
              + idAndVersion[1]
              + ", this is "
              + m.id()
              + " version "
              + m.version()
              + ": "
              + remedy);
    }
    return Optional.of(value);
  }

  /**
   * Writes a sidecar file as JSON, replacing any previous one atomically.
   *
   * @param bundle the bundle
   * @param fileName the file's name in the bundle directory
   * @param value the record to write
   * @return the file written
   * @throws UncheckedIOException if the file cannot be written
   */
  public static Path write(Bundle bundle, String fileName, Object value) {
    Path file = bundle.dir().resolve(fileName);
    Path tmp = bundle.dir().resolve(fileName + ".tmp");
    try {
      Files.writeString(tmp, Json.write(value) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * Requires the one format version this code reads, so that a sidecar written by another version
   * fails with its name and both versions.
   *
   * @param what the file's content in words, e.g. "calibration"
   * @param formatVersion the version in the file
   * @param current the version this code writes and reads
   * @throws IllegalArgumentException if they differ
   */
  public static void requireFormat(String what, int formatVersion, int current) {
    if (formatVersion != current) {
      throw new IllegalArgumentException(
          what + " format_version " + formatVersion + " is not supported (" + current + ")");
    }
  }
}
