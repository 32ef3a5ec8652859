package io.flowspect.core.signal;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.bundle.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a sensor's samples become the levels a model reads: mu-law ({@link MuLaw}) over a full scale,
 * at one sample rate. A data set of windows writes it beside its files ({@value #FILE_NAME}),
 * {@code train} copies it into the manifest's training section, and the scorer codes every
 * recording with it; so a recording is coded exactly as the windows the model learnt, and one sent
 * at another sample rate is refused rather than misread (a model of 12 kHz vibration has learnt
 * frequencies in samples, not in hertz).
 *
 * @param sampleRateHz samples per second per channel
 * @param fullScale the sensor's range in {@code unit}: a sample of this size codes to the top
 *     level, larger ones clip
 * @param unit the samples' unit, e.g. {@code g}
 */
public record SignalCoding(double sampleRateHz, double fullScale, String unit) {

  /** The file beside a data set of windows that declares their coding. */
  public static final String FILE_NAME = "signal.json";

  private static final String SAMPLE_RATE = "sample_rate_hz";
  private static final String FULL_SCALE = "full_scale";
  private static final String UNIT = "unit";
  private static final String CODING = "coding";
  private static final String MU_LAW = "mu-law 256 levels";

  /** Checks the numbers. */
  public SignalCoding {
    if (!(sampleRateHz > 0) || !Double.isFinite(sampleRateHz)) {
      throw new IllegalArgumentException(
          "a signal's sample rate must be positive and finite, got " + sampleRateHz);
    }
    if (!(fullScale > 0) || !Double.isFinite(fullScale)) {
      throw new IllegalArgumentException(
          "a signal's full scale must be positive and finite, got " + fullScale);
    }
    if (unit == null || unit.isBlank()) {
      throw new IllegalArgumentException("a signal's unit must not be blank");
    }
  }

  /**
   * The coding of a simulator's windows.
   *
   * @param simulator the simulator
   * @return its sample rate and full scale, in g
   */
  public static SignalCoding of(VibrationSimulator simulator) {
    return new SignalCoding(simulator.sampleRate(), simulator.fullScale(), "g");
  }

  /**
   * Codes samples to levels.
   *
   * @param samples samples in {@link #unit}, finite
   * @param from first sample
   * @param count how many
   * @return one level per sample, unsigned bytes
   */
  public byte[] code(float[] samples, int from, int count) {
    byte[] out = new byte[count];
    for (int i = 0; i < count; i++) {
      out[i] = (byte) MuLaw.encode(samples[from + i] / fullScale);
    }
    return out;
  }

  /**
   * Returns the coding as the manifest's training section stores it.
   *
   * @return an ordered map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SAMPLE_RATE, sampleRateHz);
    m.put(FULL_SCALE, fullScale);
    m.put(UNIT, unit);
    m.put(CODING, MU_LAW);
    return m;
  }

  /**
   * Reads the coding a bundle was trained with.
   *
   * @param manifest the bundle's manifest
   * @return the coding, or empty for a model not trained on signal windows
   * @throws IllegalArgumentException when the section is there but malformed
   */
  public static Optional<SignalCoding> of(Manifest manifest) {
    Object section = manifest.training().get(BundleContract.Training.SIGNAL);
    if (!(section instanceof Map<?, ?> map)) {
      return Optional.empty();
    }
    return Optional.of(fromMap(map, "bundle " + manifest.id()));
  }

  /**
   * Reads the file a data set of windows declares its coding in, from the folder of one of its
   * files.
   *
   * @param dataFile a file of the set
   * @return the coding, or empty when the folder has no {@value #FILE_NAME}
   * @throws IllegalArgumentException when the file is malformed
   */
  public static Optional<SignalCoding> beside(Path dataFile) {
    Path parent = dataFile.toAbsolutePath().getParent();
    Path file = parent == null ? null : parent.resolve(FILE_NAME);
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<?, ?> map = Json.mapper().readValue(Files.readString(file), Map.class);
      return Optional.of(fromMap(map, file.toString()));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@value #FILE_NAME} into a folder.
   *
   * @param folder the data set's folder
   * @return the file written
   */
  public Path writeTo(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    try {
      Files.writeString(file, Json.write(toMap()) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static SignalCoding fromMap(Map<?, ?> map, String where) {
    if (!(map.get(SAMPLE_RATE) instanceof Number rate)
        || !(map.get(FULL_SCALE) instanceof Number scale)
        || !(map.get(UNIT) instanceof String unit)) {
      throw new IllegalArgumentException(
          where
              + ": the signal coding needs "
              + SAMPLE_RATE
              + ", "
              + FULL_SCALE
              + " (numbers) and "
              + UNIT
              + " (text), found "
              + map);
    }
    if (map.get(CODING) instanceof String coding && !coding.equals(MU_LAW)) {
      throw new IllegalArgumentException(
          where + ": signal coding '" + coding + "', this Flowspect reads '" + MU_LAW + "'");
    }
    return new SignalCoding(rate.doubleValue(), scale.doubleValue(), unit);
  }
}
