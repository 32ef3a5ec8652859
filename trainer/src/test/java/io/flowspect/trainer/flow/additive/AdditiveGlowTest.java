package io.flowspect.trainer.flow.additive;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.cli.BlobImages;
import io.flowspect.trainer.cli.FlowspectCli;
import io.flowspect.trainer.model.FamilySpecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The variant is a family like the built-in ones: registered, trained and exported by {@code
 * flowspect train}, scored by core with flow energy maps (core reads the manifest's latent layout,
 * not the family name). Parity with ONNX Runtime and invertibility are checked for it by {@code
 * ParityTest}, {@code BundleWeightsTest} and {@code InvertibilityTest}, which run over every
 * registered family.
 */
class AdditiveGlowTest {

  @TempDir Path dir;

  @Test
  void isRegistered() {
    assertThat(FamilySpecs.of("glow-additive")).isInstanceOf(AdditiveGlow.class);
  }

  @Test
  void trainsExportsAndScoresWithFlowEnergyMaps() {
    Path out = dir.resolve("blobs-glow-additive");
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          run(
              err,
              "train",
              "--family",
              "glow-additive",
              "--data",
              blobs(200, 4).toString(),
              "--out",
              out.toString(),
              "--size",
              "8x8",
              "--levels",
              "1",
              "--steps",
              "2",
              "--hidden",
              "8",
              "--epochs",
              "8",
              "--patience",
              "8",
              "--batch",
              "16",
              "--lr",
              "5e-3",
              "--warmup",
              "5",
              "--filters",
              "8");
    } finally {
      System.setErr(saved);
    }
    assertThat(code).as(err.toString()).isZero();
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("ignoring --filters: not a setting of --family glow-additive")
        .contains("(its settings: --levels, --steps, --hidden)");
    Bundle bundle = Bundle.open(out);
    assertThat(bundle.manifest().family()).isEqualTo("glow-additive");
    // Uniform noise costs 8 bits/dim; eight short epochs take the blobs at least 1.5 below it.
    assertThat(bundle.manifest().metrics().get("validation_bpd"))
        .as(stderr.toString(StandardCharsets.UTF_8))
        .isLessThan(6.5);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.supportsMap(MapKind.FLOW_ENERGY)).isTrue();
      List<byte[]> blobs = images(BlobImages.blobs(20, 9));
      List<byte[]> noise = images(BlobImages.noise(20, 3));
      ScoreTable normal =
          scorer.score(ScoreRequest.of(blobs, Set.of(Score.BPD)).withMap(MapKind.FLOW_ENERGY));
      ScoreTable odd = scorer.score(ScoreRequest.of(noise, Set.of(Score.BPD)));
      assertThat(normal.maps().values()[0]).hasSize(64);
      double worstBlob = max(normal.column(Score.BPD));
      double bestNoise = -max(negate(odd.column(Score.BPD)));
      assertThat(worstBlob).as("every blob scores below every noise image").isLessThan(bestNoise);
    }
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** n blurry 8x8 blobs at random places, as an IDX file. */
  private Path blobs(int n, long seed) {
    return TestIdx.writeImages(
        dir.resolve("blobs-" + n + "-" + seed + "-idx3-ubyte.gz"),
        new IdxImages(n, 8, 8, BlobImages.blobs(n, seed)),
        true);
  }

  private static List<byte[]> images(byte[] pixels) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < pixels.length / 64; i++) {
      out.add(java.util.Arrays.copyOfRange(pixels, i * 64, (i + 1) * 64));
    }
    return out;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static double[] negate(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = -values[i];
    }
    return out;
  }
}
