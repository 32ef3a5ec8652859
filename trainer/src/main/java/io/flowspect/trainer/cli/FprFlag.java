package io.flowspect.trainer.cli;

import picocli.CommandLine.Option;

/**
 * {@code --fpr}: the target false-positive rate alpha a calibration guarantees on normal images.
 */
final class FprFlag {

  @Option(names = "--fpr", defaultValue = "0.01", description = "target false-positive rate alpha")
  double value;

  /**
   * Returns alpha.
   *
   * @return the rate, in (0, 1)
   * @throws IllegalArgumentException naming the flag when it is outside (0, 1)
   */
  double alpha() {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException("--fpr must be in (0, 1), got " + value);
    }
    return value;
  }
}
