package io.flowspect.core.tile;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.bundle.SidecarFiles;
import java.nio.file.Path;
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
    return SidecarFiles.read(
        bundle,
        TiledCalibration.FILE_NAME,
        TiledCalibration.class,
        "tiled calibration",
        c -> new String[] {c.bundleId(), c.bundleVersion()},
        "calibrate the tiles again");
  }

  /**
   * Writes a tiled calibration into a bundle directory, replacing any previous one atomically.
   *
   * @param bundle the bundle
   * @param calibration the calibration
   * @return the file written
   */
  public static Path write(Bundle bundle, TiledCalibration calibration) {
    return SidecarFiles.write(bundle, TiledCalibration.FILE_NAME, calibration);
  }
}
