package io.flowspect.core.calibration;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.SidecarFiles;
import java.nio.file.Path;
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
    return SidecarFiles.read(
        bundle,
        Calibration.FILE_NAME,
        Calibration.class,
        "calibration",
        c -> new String[] {c.bundleId(), c.bundleVersion()},
        "run flowspect calibrate again");
  }

  /**
   * Writes a calibration into a bundle directory, replacing any previous one atomically.
   *
   * @param bundle the bundle
   * @param calibration the calibration
   * @return the file written
   */
  public static Path write(Bundle bundle, Calibration calibration) {
    return SidecarFiles.write(bundle, Calibration.FILE_NAME, calibration);
  }
}
