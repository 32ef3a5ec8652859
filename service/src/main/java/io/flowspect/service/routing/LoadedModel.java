package io.flowspect.service.routing;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.InputSpec;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One open bundle: its detector and what the output records say about it. Identity matters: the
 * pipeline groups a batch's images by the {@code LoadedModel} they are routed to and makes one
 * scoring call per group, and {@link ModelRouter} swaps a reloaded or recalibrated model in by
 * replacing this object, never by changing it.
 */
public final class LoadedModel {

  private final Path dir;
  private final Detector detector;
  private final ModelRef ref;
  private final Instant loadedAt;
  private final CalibrationSource calibrationSource;

  LoadedModel(Path dir, Detector detector, Instant loadedAt, CalibrationSource calibrationSource) {
    this.dir = dir;
    this.detector = detector;
    this.loadedAt = loadedAt;
    this.calibrationSource = calibrationSource;
    Manifest m = detector.scorer().bundle().manifest();
    this.ref = new ModelRef(m.id(), m.version(), m.family());
  }

  /** Where a model's calibration came from. */
  public enum CalibrationSource {
    /** The bundle has no calibration.json: scores only. */
    NONE,
    /** The bundle's calibration.json as it was when the bundle was (re)loaded. */
    FILE,
    /** Set through the API since the last (re)load, not written to the bundle. */
    API
  }

  /**
   * Returns the bundle folder.
   *
   * @return the absolute, normalised folder
   */
  public Path dir() {
    return dir;
  }

  /**
   * Returns the detector; shared, thread-safe. Score with it only inside a {@link
   * ModelRouter.Lease}: a reload closes the sessions of the model it replaces once no lease holds
   * it.
   *
   * @return the detector
   */
  public Detector detector() {
    return detector;
  }

  /**
   * Returns the model's input contract.
   *
   * @return the input spec images are converted with
   */
  public InputSpec input() {
    return detector.scorer().input();
  }

  /**
   * Returns the model's identity for output records.
   *
   * @return id, version and family
   */
  public ModelRef ref() {
    return ref;
  }

  /**
   * Returns when the bundle was opened from disk (a threshold change keeps the time).
   *
   * @return the load time
   */
  public Instant loadedAt() {
    return loadedAt;
  }

  /**
   * Returns where the calibration came from.
   *
   * @return the source
   */
  public CalibrationSource calibrationSource() {
    return calibrationSource;
  }

  @Override
  public String toString() {
    return ref.id() + " " + ref.version() + " (" + dir + ")";
  }
}
