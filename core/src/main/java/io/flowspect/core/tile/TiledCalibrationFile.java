package io.flowspect.core.tile;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.bundle.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Reads and writes a bundle's {@value TiledCalibration#FILE_NAME}; like {@code calibration.json} it
 * is outside the bundle's checksums, so the tiles can be recalibrated without re-exporting.
 */
public final class TiledCalibrationFile {

  private TiledCalibrationFile() {}

  /**
   * Reads the tiled calibration of a bundle, checking that it was made for this bundle.
   *
   * @param bundle the bundle
   * @return the calibration, or empty when the bundle has none
   * @throws BundleException if the file is unreadable, invalid or made for another bundle
   */
  public static Optional<TiledCalibration> read(Bundle bundle) {
    Path file = bundle.dir().resolve(TiledCalibration.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    TiledCalibration calibration;
    try {
      calibration =
          Json.read(Files.readString(file, StandardCharsets.UTF_8), TiledCalibration.class);
    } catch (IOException e) {
      throw new BundleException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new BundleException(file + ": invalid tiled calibration: " + e.getMessage(), e);
    }
    Manifest m = bundle.manifest();
    if (!m.id().equals(calibration.bundleId())
        || !m.version().equals(calibration.bundleVersion())) {
      throw new BundleException(
          file
              + ": made for bundle "
              + calibration.bundleId()
              + " version "
              + calibration.bundleVersion()
              + ", this is "
              + m.id()
              + " version "
              + m.version()
              + ": calibrate the tiles again");
    }
    return Optional.of(calibration);
  }

  /**
   * Writes a tiled calibration into a bundle directory, replacing any previous one atomically.
   *
   * @param bundle the bundle
   * @param calibration the calibration
   * @return the file written
   */
  public static Path write(Bundle bundle, TiledCalibration calibration) {
    Path file = bundle.dir().resolve(TiledCalibration.FILE_NAME);
    Path tmp = bundle.dir().resolve(TiledCalibration.FILE_NAME + ".tmp");
    try {
      Files.writeString(tmp, Json.write(calibration) + "\n", StandardCharsets.UTF_8);
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
}
