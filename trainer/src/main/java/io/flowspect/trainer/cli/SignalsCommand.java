package io.flowspect.trainer.cli;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.core.signal.VibrationSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowspect signals}: writes the seeded vibration benchmark of the sensor line, healthy
 * windows to train on and, to judge, healthy windows and windows of each fault at each severity,
 * every window coded to mu-law levels as a 1 x W image, so that {@code train --family wavenet},
 * {@code calibrate} and {@code evaluate} run on it like on any image set.
 */
@Command(
    name = "signals",
    mixinStandardHelpOptions = true,
    description =
        "Write the seeded vibration benchmark: windows of a gearbox accelerometer (12 kHz, 4 g full"
            + " scale, mu-law coded) from a healthy machine to train on, and healthy, imbalance,"
            + " misalignment, outer-race and inner-race windows at three severities to judge, as"
            + " IDX files of 1 x W images.")
final class SignalsCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "folder to write")
  Path out;

  @Option(
      names = "--train",
      defaultValue = "6000",
      description = "healthy training windows. Default: ${DEFAULT-VALUE}")
  int train;

  @Option(
      names = "--test-normal",
      defaultValue = "1000",
      description = "healthy test windows. Default: ${DEFAULT-VALUE}")
  int testNormal;

  @Option(
      names = "--per-fault",
      defaultValue = "300",
      description = "test windows of each fault at each severity. Default: ${DEFAULT-VALUE}")
  int perFault;

  @Option(
      names = "--samples",
      defaultValue = "1024",
      description = "samples per window (12 kHz). Default: ${DEFAULT-VALUE}")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() {
    if (train < 1 || testNormal < 1 || perFault < 1) {
      throw new IllegalArgumentException(
          "--train, --test-normal and --per-fault must be at least 1");
    }
    VibrationSimulator sim = new VibrationSimulator(12_000, samples, 4.0);
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
    }
    // Disjoint seeds per set: the test windows are never training windows.
    IdxFile.writeImages(out.resolve("train-idx3-ubyte.gz"), sim.windows(train, null, null, seed));
    IdxFile.writeImages(
        out.resolve("test-normal-idx3-ubyte.gz"), sim.windows(testNormal, null, null, seed + 1));
    SignalCoding.of(sim).writeTo(out);
    StringBuilder anomalous = new StringBuilder();
    long setSeed = seed + 2;
    for (Fault fault : Fault.values()) {
      for (Severity severity : Severity.values()) {
        String name = fault.id() + "-" + severity.name().toLowerCase(Locale.ROOT);
        Path file = out.resolve("test-" + name + "-idx3-ubyte.gz");
        IdxFile.writeImages(file, sim.windows(perFault, fault, severity, setSeed++));
        anomalous.append(" \\\n  --anomalous ").append(name).append('=').append(file);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "wrote %d training, %d healthy test and %d faulty test windows of %d samples to %s%n"
            + "train:    ./flowspect train --family wavenet --data %s --size 1x%d --out ...%n"
            + "evaluate: ./flowspect evaluate --model ... --normal %s --maps off%s%n",
        train,
        testNormal,
        perFault * Fault.values().length * Severity.values().length,
        samples,
        out,
        out.resolve("train-idx3-ubyte.gz"),
        samples,
        out.resolve("test-normal-idx3-ubyte.gz"),
        anomalous);
    return 0;
  }
}
