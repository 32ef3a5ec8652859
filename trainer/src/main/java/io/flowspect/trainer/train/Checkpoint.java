package io.flowspect.trainer.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.ParamStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A training run's state on disk, written after every epoch so that a run can stop at any time and
 * {@code --resume} where it left off (possibly in another session).
 *
 * <p>Files: {@code state.json} (architecture, progress, history), {@code params.bin} (latest
 * weights), {@code best.bin} (best validation weights, what gets exported) and {@code
 * optimizer.bin} (Adam's moments; optional on resume: without it Adam restarts its moments).
 * Besides the end of every epoch, a checkpoint is also written every few minutes inside an epoch
 * (with {@link PartialEpoch} recording where), since an epoch of a large model can take half an
 * hour on a CPU.
 */
public final class Checkpoint {

  private static final int MAGIC = 0x464c5750; // "FLWP"

  private final Path dir;

  public Checkpoint(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.isRegularFile(dir.resolve("state.json"))
        && Files.isRegularFile(dir.resolve("params.bin"));
  }

  /** Progress of a run. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      String family,
      InputSpec input,
      Map<String, Object> architecture,
      int epochsDone,
      long globalStep,
      double bestValidationBpd,
      int bestEpoch,
      int epochsWithoutImprovement,
      double trainingSeconds,
      long imagesSeen,
      List<EpochRecord> history,
      PartialEpoch partial) {

    /** A fresh run of a network: nothing trained yet. */
    public static State fresh(String family, InputSpec input, Map<String, Object> architecture) {
      return new State(
          family,
          input,
          architecture,
          0,
          0,
          Double.POSITIVE_INFINITY,
          0,
          0,
          0,
          0,
          List.of(),
          PartialEpoch.NONE);
    }

    public State {
      partial = partial == null ? PartialEpoch.NONE : partial;
    }
  }

  /**
   * How far the epoch after {@code epochsDone} had got when a mid-epoch checkpoint was written, so
   * a run stopped in the middle of a long epoch loses only the steps since that checkpoint.
   *
   * @param steps optimisation steps of that epoch already taken
   * @param lossSum sum of their (finite) training losses in bits/dim
   * @param lossCount how many losses the sum holds
   * @param seconds training time spent on them
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PartialEpoch(long steps, double lossSum, long lossCount, double seconds) {
    public static final PartialEpoch NONE = new PartialEpoch(0, 0, 0, 0);
  }

  /** One epoch's numbers. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record EpochRecord(
      int epoch, double trainBpd, double validationBpd, double seconds, double imagesPerSecond) {}

  public void save(State state, ParamStore params, Adam adam, boolean best) {
    try {
      Files.createDirectories(dir);
      writeParams(params, dir.resolve("params.bin"));
      if (best) {
        Files.copy(
            dir.resolve("params.bin"),
            dir.resolve("best.bin"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      Path opt = dir.resolve("optimizer.bin.tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(opt), 1 << 20))) {
        adam.save(out);
      }
      Files.move(opt, dir.resolve("optimizer.bin"), StandardCopyOption.REPLACE_EXISTING);
      Path tmp = dir.resolve("state.json.tmp");
      Files.writeString(
          tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state));
      Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
    }
  }

  public State readState() {
    Path file = dir.resolve("state.json");
    try {
      return Json.mapper().readValue(Files.readString(file), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint state " + file, e);
    }
  }

  /** Loads the latest weights, and Adam's moments when they were kept. */
  public void restore(ParamStore params, Adam adam) {
    readParams(params, dir.resolve("params.bin"));
    Path opt = dir.resolve("optimizer.bin");
    if (Files.isRegularFile(opt)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(opt), 1 << 20))) {
        adam.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read optimizer state " + opt, e);
      }
    }
  }

  /** Loads the best validation weights (or the latest when no best was kept). */
  public void restoreBest(ParamStore params) {
    Path best = dir.resolve("best.bin");
    readParams(params, Files.isRegularFile(best) ? best : dir.resolve("params.bin"));
  }

  static void writeParams(ParamStore params, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(params.arrays().size());
      for (String name : params.arrays().keySet()) {
        out.writeUTF(name);
        Adam.writeFloats(out, params.values(name));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  static void readParams(ParamStore params, Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(file + " is not a Flowspect parameter file");
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        float[] values = Adam.readFloats(in);
        if (!params.specs().containsKey(name)) {
          throw new IllegalArgumentException(
              file + " holds parameter " + name + " that the model does not have");
        }
        params.set(name, values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parameters " + file, e);
    }
  }
}
