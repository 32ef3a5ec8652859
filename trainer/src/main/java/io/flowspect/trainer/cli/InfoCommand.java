package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Manifest;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code flowspect info}: verifies a bundle and prints what it is. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Verify a bundle and describe it.")
final class InfoCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

  @Override
  public Integer call() {
    Bundle bundle = model.open();
    Manifest m = bundle.manifest();
    System.out.printf(
        Locale.ROOT,
        "%s (family %s, version %s, created %s)%n",
        m.id(),
        m.family(),
        m.version(),
        m.createdAt());
    System.out.printf(
        Locale.ROOT,
        "input: %d x %d x %d (%s), %s%n",
        m.input().channels(),
        m.input().height(),
        m.input().width(),
        m.input().resize().name().toLowerCase(Locale.ROOT),
        m.input().layout());
    if (m.input().isBinarized()) {
      System.out.printf(
          Locale.ROOT,
          "binarised: a pixel is 1 (255) when its 8-bit value is >= %d; bits/dim per binary pixel%n",
          m.input().binarizeThreshold());
    }
    if (m.condition() != null) {
      System.out.printf(
          Locale.ROOT,
          "condition %s: %d classes %s (give --condition NAME or --labels PATH when scoring)%n",
          m.condition().name(),
          m.condition().size(),
          m.condition().classes());
    }
    m.graphs()
        .forEach(
            (role, g) ->
                System.out.printf(
                    Locale.ROOT,
                    "graph %s: %s, outputs %s%n",
                    role,
                    g.file(),
                    g.outputs().stream()
                        .map(t -> t.name() + " " + t.shape() + " " + t.units())
                        .toList()));
    m.metrics().forEach((k, v) -> System.out.printf(Locale.ROOT, "%s: %.4f%n", k, v));
    System.out.println("hyperparameters: " + m.hyperparameters());
    System.out.println("training data: " + m.trainingFingerprint());
    System.out.printf(Locale.ROOT, "files: %d, all SHA-256 verified%n", m.files().size());
    return 0;
  }
}
