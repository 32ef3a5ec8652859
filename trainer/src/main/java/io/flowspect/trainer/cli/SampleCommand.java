package io.flowspect.trainer.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.ImageGrid;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.DensityResult;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.core.score.Bits;
import io.flowspect.trainer.export.GraphExport;
import io.flowspect.trainer.graph.ParamSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowspect sample}: draws images from a bundle into a PNG grid and prints each one's log p.
 * Flows decode Gaussian noise in one parallel pass (their generate graph gives log p for free);
 * PixelCNN draws sub-pixel by sub-pixel in raster order from its conditionals graph.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Draw samples from a model into a PNG grid.")
final class SampleCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "bundle folder")
  Path model;

  @Option(names = "--n", defaultValue = "64", description = "number of samples")
  int n;

  @Option(names = "--out", required = true, description = "PNG file to write")
  Path out;

  @Option(
      names = "--temperature",
      defaultValue = "0.7",
      description = "flows: latent standard deviation")
  double temperature;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Override
  public Integer call() throws OrtException {
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException("--n must be in 1..4096, found " + n);
    }
    Bundle bundle = Bundle.open(model);
    InputSpec spec = bundle.manifest().input();
    int d = spec.dims();
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> images = new ArrayList<>();
    double[] reported;
    String what;
    if (bundle.manifest().graphs().containsKey(GraphExport.GENERATE)) {
      float[] z = new float[n * d];
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) (temperature * ParamSpec.gaussian(random));
      }
      try (OrtSession session =
              OnnxSessions.open(bundle.graphFile(GraphExport.GENERATE), OnnxOptions.cpu());
          OnnxTensor input =
              OnnxTensor.createTensor(
                  OnnxSessions.environment(), FloatBuffer.wrap(z), new long[] {n, d});
          OrtSession.Result result = session.run(Map.of("z", input))) {
        float[][] x = (float[][]) result.get("x").get().getValue();
        float[][] logPx = (float[][]) result.get("log_px").get().getValue();
        reported = new double[n];
        for (int i = 0; i < n; i++) {
          images.add(ImageGrid.toBytes(x[i]));
          reported[i] = logPx[i][0];
        }
      }
      what = "log p (flow, at the generated point)";
    } else if (bundle.manifest().graphs().containsKey(GraphExport.CONDITIONALS)) {
      float[][] x = autoregressiveSamples(bundle, d, random);
      for (float[] row : x) {
        images.add(ImageGrid.toBytes(row));
      }
      try (DensityModel density = DensityModel.open(bundle, OnnxOptions.cpu())) {
        DensityResult scored = density.score(x);
        reported = scored.logPx();
      }
      what = "log p (exact, of the drawn image)";
    } else {
      throw new IllegalArgumentException(
          model
              + " (family "
              + bundle.manifest().family()
              + ") has no generate or conditionals graph to sample from");
    }
    ImageGrid.writePng(images, spec, (int) Math.ceil(Math.sqrt(n)), out);
    for (int i = 0; i < n; i++) {
      System.out.printf(
          Locale.ROOT,
          "sample %d: %s = %.2f nats, %.4f bits/dim%n",
          i,
          what,
          reported[i],
          Bits.bitsPerDim(reported[i], d));
    }
    System.out.println("wrote " + out);
    return 0;
  }

  /** Raster-order ancestral sampling: one pass of the conditionals graph per sub-pixel. */
  private float[][] autoregressiveSamples(Bundle bundle, int d, SplittableRandom random)
      throws OrtException {
    float[] x = new float[n * d];
    try (OrtSession session =
        OnnxSessions.open(bundle.graphFile(GraphExport.CONDITIONALS), OnnxOptions.cpu())) {
      for (int i = 0; i < d; i++) {
        try (OnnxTensor input =
                OnnxTensor.createTensor(
                    OnnxSessions.environment(), FloatBuffer.wrap(x), new long[] {n, d});
            OrtSession.Result result = session.run(Map.of("x", input))) {
          FloatBuffer logits = ((OnnxTensor) result.get("logits").get()).getFloatBuffer();
          for (int s = 0; s < n; s++) {
            x[s * d + i] = draw(logits, (s * d + i) * 256, random);
          }
        }
      }
    }
    float[][] rows = new float[n][d];
    for (int s = 0; s < n; s++) {
      System.arraycopy(x, s * d, rows[s], 0, d);
    }
    return rows;
  }

  private static int draw(FloatBuffer logits, int offset, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 256; k++) {
      max = Math.max(max, logits.get(offset + k));
    }
    double[] p = new double[256];
    double sum = 0;
    for (int k = 0; k < 256; k++) {
      p[k] = Math.exp(logits.get(offset + k) - max);
      sum += p[k];
    }
    double u = random.nextDouble() * sum;
    for (int k = 0; k < 256; k++) {
      u -= p[k];
      if (u <= 0) {
        return k;
      }
    }
    return 255;
  }
}
