package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.ImageGrid;
import io.flowspect.core.sample.Sampler;
import io.flowspect.core.sample.Samples;
import io.flowspect.core.score.Bits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect sample}: draws images from a bundle into a PNG grid and prints each one's log p.
 * Flows decode Gaussian noise in one parallel pass (their generate graph gives log p for free);
 * VAEs decode prior draws to their decoder's mean image (log p is the IWAE bound of the image);
 * PixelCNN draws sub-pixel by sub-pixel in raster order from its conditionals graph. A cvae draws
 * under {@code --condition}, else one row per class.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Draw samples from a model into a PNG grid.")
final class SampleCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

  @Option(names = "--n", defaultValue = "64", description = "number of samples")
  int n;

  @Option(names = "--out", required = true, description = "PNG file to write")
  Path out;

  @Option(
      names = "--temperature",
      defaultValue = "0.7",
      description = "flows and VAEs: latent standard deviation")
  double temperature;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(
      names = "--condition",
      description =
          "cvae: draw every sample under this class (default: one row of --n samples per class,"
              + " the same latent draws in every row)")
  String condition;

  @Mixin OnnxFlags onnx;

  @Override
  public Integer call() {
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException("--n must be in 1..4096, found " + n);
    }
    Bundle bundle = model.open();
    if (!Sampler.canSample(bundle)) {
      throw new IllegalArgumentException(
          model
              + " (family "
              + bundle.manifest().family()
              + ") has no generate, decode or conditionals graph to sample from");
    }
    Condition c = bundle.manifest().condition();
    if (c == null && condition != null) {
      throw new IllegalArgumentException(
          "--condition: bundle "
              + bundle.manifest().id()
              + " (family "
              + bundle.manifest().family()
              + ") takes no condition");
    }
    List<String> rows =
        c == null
            ? Collections.singletonList(null)
            : condition != null ? List.of(condition) : c.classes();
    List<byte[]> images = new ArrayList<>();
    int d = bundle.manifest().input().dims();
    int index = 0;
    for (String row : rows) {
      Samples samples = Sampler.sample(bundle, n, temperature, seed, onnx.options(), row);
      images.addAll(samples.images());
      for (int i = 0; i < n; i++) {
        System.out.printf(
            Locale.ROOT,
            "sample %d%s: %s = %.2f nats, %.4f bits/dim%n",
            index++,
            row == null ? "" : " (" + c.name() + " " + row + ")",
            samples.meaning(),
            samples.logPx()[i],
            Bits.bitsPerDim(samples.logPx()[i], d));
      }
    }
    int columns = rows.size() > 1 ? n : (int) Math.ceil(Math.sqrt(n));
    ImageGrid.writePng(images, bundle.manifest().input(), columns, out);
    System.out.println("wrote " + out);
    return 0;
  }
}
