package io.flowspect.trainer.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleContract.Tensor;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.bundle.GraphSpec;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.bundle.TensorSpec;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.export.GraphExport;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.train.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowspect export}: writes a bundle's graphs again from its training checkpoint, for when a
 * newer Flowspect exports more (a new output such as {@code pixel_cdf}) and the model should not be
 * trained again. The manifest keeps its metrics, training record, default score and background;
 * calibrations stay. Before anything is replaced, every output the old and new graphs share must
 * agree on the same seeded inputs, so a checkpoint that is not the bundle's own is refused.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Re-export a bundle's graphs from its training checkpoint (MODEL.ckpt by default),"
            + " keeping its manifest's record, default score, background and calibration.")
final class ExportCommand implements Callable<Integer> {

  /** Largest difference allowed between an old and a new output on the same input. */
  static final double TOLERANCE = 1e-3;

  private static final int PARITY_ROWS = 8;

  @Option(names = "--model", required = true, description = "bundle folder")
  Path model;

  @Option(names = "--checkpoint", description = "checkpoint folder (default: MODEL.ckpt)")
  Path checkpoint;

  @Override
  public Integer call() throws Exception {
    Bundle bundle = Bundle.open(model);
    Manifest old = bundle.manifest();
    Path ckptDir =
        checkpoint != null
            ? checkpoint
            : bundle.dir().resolveSibling(bundle.dir().getFileName() + ".ckpt");
    Checkpoint ckpt = new Checkpoint(ckptDir);
    if (!ckpt.exists()) {
      throw new IllegalArgumentException(
          "--model " + model + ": no training checkpoint in " + ckptDir + " (give --checkpoint)");
    }
    Checkpoint.State state = ckpt.readState();
    Architecture architecture =
        new Architecture(Family.parse(state.family()), state.input(), state.architecture());
    if (!architecture.family().id().equals(old.family()) || !state.input().equals(old.input())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + ckptDir
              + " is a "
              + state.family()
              + " of "
              + state.input()
              + ", the bundle a "
              + old.family()
              + " of "
              + old.input());
    }
    GenerativeNetwork network = architecture.build();
    Path staged = Files.createTempDirectory(bundle.dir().getParent(), ".export-");
    try (ParamStore params = ParamStore.initialise(network.parameters(), architecture.seed())) {
      ckpt.restoreBest(params);
      Manifest fresh =
          BundleExporter.export(
              network,
              params,
              staged,
              new BundleExporter.Details(
                  old.id(),
                  old.version(),
                  old.trainingFingerprint(),
                  old.metrics(),
                  old.training()));
      String role =
          old.graphs().containsKey(GraphExport.DENSITY) ? GraphExport.DENSITY : GraphExport.BOUND;
      double diff =
          maxDifference(
              bundle.graphFile(role),
              staged.resolve(fresh.graphs().get(role).file()),
              old.graphs().get(role),
              old);
      if (diff > TOLERANCE) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "checkpoint %s does not reproduce bundle %s: its %s graph differs by %.3g on the"
                    + " same input (limit %.0e); nothing replaced",
                ckptDir,
                model,
                role,
                diff,
                TOLERANCE));
      }
      Manifest written =
          BundleWriter.replaceGraphs(
              bundle.dir(),
              staged,
              fresh.withDefaultScore(old.defaultScore()).withBackground(old.background()));
      System.out.printf(
          Locale.ROOT,
          "re-exported %s from %s (epoch %d): %s outputs %s (were %s); shared outputs agree within"
              + " %.2g%n",
          model,
          ckptDir,
          state.bestEpoch(),
          role,
          names(written.graphs().get(role)),
          names(old.graphs().get(role)),
          diff);
    } finally {
      deleteTree(staged);
    }
    return 0;
  }

  /** The largest absolute difference over the outputs two graphs share, on seeded inputs. */
  private static double maxDifference(Path oldFile, Path newFile, GraphSpec spec, Manifest manifest)
      throws OrtException {
    try (OrtSession before = OnnxSessions.open(oldFile, OnnxOptions.cpu());
        OrtSession after = OnnxSessions.open(newFile, OnnxOptions.cpu())) {
      Map<String, OnnxTensor> inputs = inputs(spec, manifest);
      try {
        Set<String> shared = new TreeSet<>(before.getOutputNames());
        shared.retainAll(after.getOutputNames());
        double worst = 0;
        try (OrtSession.Result a = before.run(inputs, shared);
            OrtSession.Result b = after.run(inputs, shared)) {
          for (String name : shared) {
            worst =
                Math.max(worst, difference(a.get(name).orElseThrow(), b.get(name).orElseThrow()));
          }
        }
        return worst;
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static Map<String, OnnxTensor> inputs(GraphSpec spec, Manifest manifest)
      throws OrtException {
    Random random = new Random(1);
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    for (TensorSpec t : spec.inputs()) {
      long width = t.shape().get(1);
      if (width < 0) {
        Object noise = manifest.hyperparameters().get(BundleContract.Hyper.NOISE_DIMS);
        width = 2L * ((Number) noise).longValue();
      }
      float[] values = new float[(int) (PARITY_ROWS * width)];
      for (int i = 0; i < values.length; i++) {
        values[i] =
            switch (t.name()) {
              case Tensor.IMAGE ->
                  manifest.input().isBinarized() ? 255f * random.nextInt(2) : random.nextInt(256);
              case Tensor.CONDITION -> i % width == (i / width) % width ? 1f : 0f;
              default -> (float) random.nextGaussian();
            };
      }
      inputs.put(
          t.name(),
          OnnxTensor.createTensor(
              OnnxSessions.environment(),
              FloatBuffer.wrap(values),
              new long[] {PARITY_ROWS, width}));
    }
    return inputs;
  }

  private static double difference(OnnxValue a, OnnxValue b) throws OrtException {
    float[][] x = (float[][]) a.getValue();
    float[][] y = (float[][]) b.getValue();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        worst = Math.max(worst, Math.abs(x[i][j] - y[i][j]));
      }
    }
    return worst;
  }

  private static String names(GraphSpec graph) {
    return graph.outputs().stream().map(TensorSpec::name).toList().toString();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
