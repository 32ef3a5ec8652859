package io.flowspect.service.routing;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.InputSpec;
import java.nio.file.Path;

/**
 * One open bundle: its detector and what the output records say about it. Identity matters: the
 * pipeline groups a batch's images by the {@code LoadedModel} they are routed to and makes one
 * scoring call per group.
 */
public final class LoadedModel {

  private final Path dir;
  private final Detector detector;
  private final ModelRef ref;

  LoadedModel(Path dir, Detector detector) {
    this.dir = dir;
    this.detector = detector;
    Manifest m = detector.scorer().bundle().manifest();
    this.ref = new ModelRef(m.id(), m.version(), m.family());
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
   * Returns the detector; shared, thread-safe.
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

  @Override
  public String toString() {
    return ref.id() + " " + ref.version() + " (" + dir + ")";
  }
}
