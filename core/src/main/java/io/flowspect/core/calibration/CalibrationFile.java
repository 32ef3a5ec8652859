package io.flowspect.core.calibration;

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

/** Reads and writes a bundle's {@value Calibration#FILE_NAME}. */
public final class CalibrationFile {

  private CalibrationFile() {}

  /**
   * Reads the calibration of a bundle, checking that it was made for this bundle.
   *
   * @param bundle the bundle
   * @return the calibration, or empty when the bundle has none
   * @throws BundleException if the file is unreadable, invalid or made for another bundle
   */
  public static Optional<Calibration> read(Bundle bundle) {
    Path file = bundle.dir().resolve(Calibration.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Calibration calibration;
    try {
      calibration = Json.read(Files.readString(file, StandardCharsets.UTF_8), Calibration.class);
    } catch (IOException e) {
      throw new BundleException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new BundleException(file + ": invalid calibration: " + e.getMessage(), e);
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
              + ": run flowspect calibrate again");
    }
    return Optional.of(calibration);
  }

  /**
   * Writes a calibration into a bundle directory, replacing any previous one atomically so that a
   * service reloading at the same moment reads either the old or the new file.
   *
   * @param bundle the bundle
   * @param calibration the calibration
   * @return the file written
   */
  public static Path write(Bundle bundle, Calibration calibration) {
    Path file = bundle.dir().resolve(Calibration.FILE_NAME);
    Path tmp = bundle.dir().resolve(Calibration.FILE_NAME + ".tmp");
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
