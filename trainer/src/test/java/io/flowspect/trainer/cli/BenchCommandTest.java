package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.bench.PurifyStubWorkloads;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The structure of {@code flowspect bench}'s table and JSON on tiny bundles, with a very short
 * duration. Numbers are only required to be positive: speed is the command's output, not a test.
 */
class BenchCommandTest {

  @TempDir Path dir;

  private Path bundle(Family family) {
    DensityNetwork model = TinyModels.build(family);
    float[] x = TinyModels.images(8, model.dims(), 3);
    Path out = dir.resolve("tiny-" + family.id());
    try (ParamStore store = TinyModels.trainedLike(model, x, 8)) {
      BundleExporter.export(
          model,
          store,
          out,
          new BundleExporter.Details(
              "tiny-" + family.id(), "1", "sha256:00", Map.of("validation_bpd", 7.5), Map.of()));
    }
    return out;
  }

  private Path images() {
    return images(12, 9);
  }

  private Path images(int n, long seed) {
    byte[] pixels = new byte[n * 64];
    new SplittableRandom(seed).nextBytes(pixels);
    return TestIdx.writeImages(
        dir.resolve("images-" + seed + "-idx3-ubyte"), new IdxImages(n, 8, 8, pixels), false);
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FlowspectCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A VAE's bound pass: ONNX Runtime and libtorch agree on the IWAE bound, then are timed. */
  @Test
  void measuresAHierarchicalVaeByItsBound() throws Exception {
    io.flowspect.trainer.model.LatentNetwork model = TinyModels.latent(Family.HVAE, 4);
    float[] x = TinyModels.images(8, model.dims(), 3);
    Path out = dir.resolve("tiny-hvae");
    try (ParamStore store = TinyModels.trainedLike(model, x, 8)) {
      BundleExporter.export(
          model,
          store,
          out,
          new BundleExporter.Details(
              "tiny-hvae", "1", "sha256:00", Map.of("validation_bpd", 7.5), Map.of()));
    }
    Run r =
        run(
            "bench",
            "--model",
            out.toString(),
            "--batches",
            "2",
            "--seconds",
            "0.1",
            "--warmup",
            "0",
            "--rounds",
            "1",
            "--threads",
            "1",
            "--data",
            images().toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("tiny-hvae: engines agree on 12 images");
    assertThat(r.out()).contains("| tiny-hvae | hvae | 2 |");
  }

  @Test
  void measuresEveryWorkloadOfEveryBundleAtEveryBatch() throws Exception {
    Path glow = bundle(Family.GLOW);
    Path pixelcnn = bundle(Family.PIXELCNN);
    Path json = dir.resolve("out/bench.json");
    Run calibrated =
        run(
            "calibrate",
            "--model",
            pixelcnn.toString(),
            "--normal",
            images(40, 10).toString(),
            "--maps",
            "pixel_nll",
            "--fpr",
            "0.1");
    assertThat(calibrated.exit()).as(calibrated.err()).isZero();
    Run r =
        run(
            "bench",
            "--model",
            glow.toString(),
            "--model",
            pixelcnn.toString(),
            "--batches",
            "1,4",
            "--seconds",
            "0.1",
            "--warmup",
            "0",
            "--rounds",
            "2",
            "--threads",
            "1",
            "--data",
            images().toString(),
            "--json",
            json.toString());
    assertThat(r.exit()).as(r.err()).isZero();

    assertThat(r.err())
        .contains("tiny-glow: engines agree on 12 images")
        .contains("tiny-pixelcnn batch 4: round 2/2")
        .contains("[4/4, ETA");
    List<String> lines = r.out().lines().toList();
    String header =
        "| bundle | family | batch | ORT density | DJL eager | ORT / DJL"
            + " | ORT scorer, all scores | ORT scorer, all scores + pixel_nll maps and local"
            + " | maps / no maps | ORT conditionals | purify (stub) |";
    assertThat(lines).contains(header, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    // Throughput by the wall clock, then per CPU-second (one thread): the header twice.
    assertThat(lines.stream().filter(header::equals)).hasSize(2);
    List<String> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("| tiny-")) {
        rows.add(line);
      }
    }
    // 2 bundles x 2 batches in each throughput table, then one latency row per bundle.
    assertThat(rows).hasSize(10);
    assertThat(rows.get(0))
        .startsWith("| tiny-glow | glow | 1 | ")
        .matches(".*\\d\\.\\d\\dx \\|.*")
        // uncalibrated, so no maps; a flow has no conditionals graph, so no purification either
        .endsWith(" |  |  |  |  |");
    assertThat(rows.get(3)).startsWith("| tiny-pixelcnn | pixelcnn | 4 | ").doesNotContain("|  |");
    assertThat(rows.get(8)).matches("\\| tiny-glow \\| [\\d.]+ / [\\d.]+ \\| .*");
    assertThat(r.out())
        .contains("Latency of one call at batch 1, ms, p50 / p99:")
        .contains("Goal: ORT density at least 1.5x DJL eager at batch 64 (not measured; batch 4")
        .contains("x per CPU-second)")
        .containsPattern(
            "Goal: scoring with evidence maps at least 80% of the throughput without them, batch"
                + " 4: tiny-pixelcnn \\d+% \\((met|not met)\\)\\.")
        .contains("1 intra-op thread per engine");
    assertThat(PurifyStubWorkloads.IMAGES.get()).isPositive();

    JsonNode report = Json.mapper().readTree(Files.readString(json));
    assertThat(report.at("/settings/threads").asInt()).isEqualTo(1);
    assertThat(report.at("/settings/images").asInt()).isEqualTo(12);
    JsonNode bundles = report.get("bundles");
    assertThat(bundles).hasSize(2);
    for (JsonNode b : bundles) {
      assertThat(b.get("parity_max_abs_bpd").asDouble()).isBetween(0.0, 1e-3);
      assertThat(b.get("parameters").asLong()).isPositive();
      assertThat(b.at("/ort_over_djl/1").asDouble()).isPositive();
      assertThat(b.at("/ort_over_djl/4").asDouble()).isPositive();
      assertThat(b.at("/ort_over_djl_cpu/4").asDouble()).isPositive();
      List<String> workloads = new ArrayList<>();
      for (JsonNode m : b.get("measurements")) {
        workloads.add(m.get("workload").asText() + "@" + m.get("batch").asInt());
        assertThat(m.get("calls").asLong()).isPositive();
        assertThat(m.get("images").asLong())
            .isEqualTo(m.get("calls").asLong() * m.get("batch").asInt());
        assertThat(m.get("images_per_second").asDouble()).isPositive();
        assertThat(m.get("latency_p50_ms").asDouble()).isPositive();
        assertThat(m.get("images_per_cpu_second").asDouble()).isPositive();
        assertThat(m.get("latency_p99_ms").asDouble())
            .isGreaterThanOrEqualTo(m.get("latency_p50_ms").asDouble());
      }
      assertThat(workloads).contains("ort-density@1", "djl-eager@1", "ort-scorer@4", "djl-eager@4");
    }
    assertThat(bundles.get(1).at("/maps_over_scorer/4").asDouble()).isPositive();
    assertThat(bundles.get(0).get("maps_over_scorer")).isEmpty();
    assertThat(bundles.get(1).get("measurements").toString()).contains("ort-conditionals");
    assertThat(bundles.get(1).get("measurements").toString()).contains("purify-stub");
    assertThat(bundles.get(0).get("measurements").toString())
        .doesNotContain("ort-conditionals")
        .doesNotContain("purify-stub");
  }

  @Test
  void namesTheFlagAtFault() {
    Run r = run("bench", "--model", dir.toString(), "--batches", "1,0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("flowspect bench: --batches must be positive numbers, got [1, 0]");
    Run m = run("bench", "--model", dir.resolve("nowhere").toString());
    assertThat(m.exit()).isEqualTo(2);
    assertThat(m.err().strip())
        .startsWith("flowspect bench: --model ")
        .endsWith("nowhere: no such bundle directory");
    Run s = run("bench", "--model", dir.toString(), "--seconds", "0");
    assertThat(s.err().strip()).isEqualTo("flowspect bench: --seconds must be positive, got 0.0");
  }

  /** The frames bench: both workloads at each frame size, with the tile count of the layout. */
  @Test
  void timesWholeFramesJudgedBesideTheirTilesLogPOnly() throws Exception {
    Path bundle =
        Path.of("..", "service", "src", "test", "resources", "bundles", "frames-grid-tiny");
    Path json = dir.resolve("frames.json");
    Run r =
        run(
            "bench",
            "--model",
            bundle.toString(),
            "--frames",
            "grid",
            "--frame-sizes",
            "64,96",
            "--batches",
            "1,2",
            "--seconds",
            "0.2",
            "--warmup",
            "0",
            "--rounds",
            "1",
            "--threads",
            "1",
            "--json",
            json.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    // 16 x 16 tiles every 8 pixels: 7 x 7 tiles on a 64-pixel frame, 11 x 11 on a 96-pixel one.
    List<String> rows = r.out().lines().filter(l -> l.matches("\\| \\d+ x \\d+ .*")).toList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).startsWith("| 64 x 64 | 49 | 1 |");
    assertThat(rows.get(1)).startsWith("| 64 x 64 | 49 | 2 |");
    assertThat(rows.get(2)).startsWith("| 96 x 96 | 121 | 1 |");
    for (String row : rows) {
      String[] cells = row.split("\\|");
      double judged = Double.parseDouble(cells[4].strip());
      double plain = Double.parseDouble(cells[6].strip());
      assertThat(judged).isPositive();
      assertThat(plain).isPositive();
      assertThat(Double.parseDouble(cells[7].strip())).isCloseTo(judged / plain, within(0.02));
    }
    JsonNode results = Json.mapper().readTree(json.toFile()).get("frames-grid-tiny");
    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("tiles").asInt()).isEqualTo(121);
    assertThat(results.get(1).get("measurements")).hasSize(4);
    Run wrong = run("bench", "--model", bundle.toString(), "--frames", "marble");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err().strip())
        .isEqualTo(
            "flowspect bench: --frames unknown surface 'marble'; known: fabric, metal, wood, grid,"
                + " leather");
  }
}
