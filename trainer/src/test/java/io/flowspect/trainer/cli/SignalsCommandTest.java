package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.signal.SignalCoding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The sensor line's benchmark through the CLI: {@code signals} writes seeded healthy and faulty
 * windows as 1 x W images, {@code train --family wavenet} learns the healthy ones, and {@code
 * evaluate} judges faults with every score finite.
 */
class SignalsCommandTest {

  @TempDir Path dir;

  private static int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void writesTheBenchmarkTrainsAWaveNetAndJudgesFaults() throws Exception {
    Path data = dir.resolve("signals");
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "signals",
                "--out",
                data.toString(),
                "--train",
                "300",
                "--test-normal",
                "60",
                "--per-fault",
                "30",
                "--samples",
                "256"))
        .as(err.toString())
        .isZero();
    IdxImages train = IdxFile.readImages(data.resolve("train-idx3-ubyte.gz"));
    assertThat(train.count()).isEqualTo(300);
    assertThat(train.rows()).isEqualTo(1);
    assertThat(train.cols()).isEqualTo(256);
    assertThat(IdxFile.readImages(data.resolve("test-outer_race-strong-idx3-ubyte.gz")).count())
        .isEqualTo(30);
    // seeded: a second run writes the same windows
    Path again = dir.resolve("again");
    run(
        err,
        "signals",
        "--out",
        again.toString(),
        "--train",
        "300",
        "--test-normal",
        "60",
        "--per-fault",
        "30",
        "--samples",
        "256");
    assertThat(IdxFile.readImages(again.resolve("train-idx3-ubyte.gz")).pixels())
        .isEqualTo(train.pixels());

    Path model = dir.resolve("wavenet");
    assertThat(
            run(
                err,
                "train",
                "--family",
                "wavenet",
                "--data",
                data.resolve("train-idx3-ubyte.gz").toString(),
                "--size",
                "1x256",
                "--residual",
                "8",
                "--skip",
                "16",
                "--layers",
                "8",
                "--epochs",
                "3",
                "--batch",
                "16",
                "--lr",
                "5e-3",
                "--out",
                model.toString()))
        .as(err.toString())
        .isZero();
    Bundle bundle = Bundle.open(model);
    assertThat(bundle.manifest().family()).isEqualTo("wavenet");
    assertThat(bundle.manifest().hyperparameters()).containsEntry("receptive_field", 2 + 255);
    assertThat(bundle.manifest().metrics().get("validation_bpd"))
        .as("three epochs learn the vibration below the 8 bits of a uniform level")
        .isLessThan(7.0);

    Path report = dir.resolve("report");
    assertThat(
            run(
                err,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                data.resolve("test-normal-idx3-ubyte.gz").toString(),
                "--anomalous",
                "imbalance=" + data.resolve("test-imbalance-strong-idx3-ubyte.gz"),
                "--anomalous",
                "outer_race=" + data.resolve("test-outer_race-strong-idx3-ubyte.gz"),
                "--maps",
                "off",
                "--window",
                "1",
                "--fpr",
                "0.05",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    int judged = 0;
    for (JsonNode candidate : metrics.get("candidates")) {
      for (String set : new String[] {"imbalance", "outer_race"}) {
        double auroc = candidate.get("sets").get(set).get("auroc").asDouble();
        assertThat(auroc).as("%s %s", candidate.get("score"), set).isBetween(0.0, 1.0);
        judged++;
      }
    }
    assertThat(judged).isGreaterThanOrEqualTo(4);

    // The data set's coding travelled into the manifest; the sensor line judges recordings with it.
    assertThat(SignalCoding.of(bundle.manifest())).contains(new SignalCoding(12_000, 4.0, "g"));
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                data.resolve("test-normal-idx3-ubyte.gz").toString(),
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Path table = dir.resolve("sensor-line.json");
    assertThat(
            run(
                err,
                "sensor-line",
                "--model",
                model.toString(),
                "--recordings",
                "3",
                "--samples",
                "600",
                "--json",
                table.toString()))
        .as(err.toString())
        .isZero();
    JsonNode line = Json.mapper().readTree(table.toFile());
    assertThat(line.get("windows").asInt())
        .as("600 samples: 256, 256 and one ending at 600")
        .isEqualTo(3);
    assertThat(line.get("sets")).hasSize(1 + 4 * 3);
    for (JsonNode set : line.get("sets")) {
      assertThat(set.get("recordings").asInt()).isEqualTo(3);
      assertThat(set.get("share").asDouble()).isEqualTo(set.get("flagged").asInt() / 3.0);
    }
    assertThat(line.get("recordings_per_second").asDouble()).isPositive();
  }
}
