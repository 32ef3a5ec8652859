package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: the bundle folder a command reads, the same flag for every command. */
final class BundleFlag {

  @Option(names = "--model", required = true, description = "bundle folder")
  Path dir;

  /** Opens and verifies the bundle (checksums, contract). */
  Bundle open() {
    return Bundle.open(dir);
  }

  /** The folder, as given; for messages. */
  @Override
  public String toString() {
    return dir.toString();
  }
}
