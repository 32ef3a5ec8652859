package io.flowspect.core.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.image.InputSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The description of a model bundle, stored as {@code manifest.json} (snake_case JSON) next to the
 * files it describes.
 *
 * <p>Why it exists: a bundle must carry everything needed to score consistently with training (the
 * input contract and the graphs' interfaces) plus its provenance (training data fingerprint,
 * metrics, hyperparameters) and checksums that make tampering or partial copies detectable.
 *
 * <p>Unknown JSON properties are ignored on read, so older readers open bundles written by newer
 * versions of the same format; a larger {@link #formatVersion} is refused. Values of {@code
 * hyperparameters} and {@code training} come back from JSON as Integer, Long, Double, String,
 * Boolean, List or Map, so compare numbers accordingly. Immutable: the maps are unmodifiable copies
 * (null becomes empty), in insertion order.
 *
 * @param formatVersion the manifest format, {@link #CURRENT_FORMAT} when written
 * @param id unique bundle id
 * @param family the model family: "glow", "realnvp", "nice", "made", "maf", "pixelcnn"...
 * @param version the bundle's version label
 * @param createdAt ISO-8601 timestamp, e.g. "2026-11-21T10:15:30Z"
 * @param input the model input contract
 * @param graphs role to graph, e.g. "density" to model.onnx
 * @param trainingFingerprint {@link io.flowspect.core.data.DataFingerprint} of the training set
 * @param metrics e.g. "train_bpd", "validation_bpd", "test_bpd" (bits per dimension)
 * @param hyperparameters what the trainer was configured with
 * @param training facts about the run: epochs, images per second, wall seconds...
 * @param defaultScore the score to report by default; may be null
 * @param background relative path of a background bundle (likelihood-ratio scoring); may be null
 * @param files file path relative to the bundle, '/' separated, to {@code "sha256:<hex>"}, for
 *     every file except manifest.json; filled by {@link BundleWriter}
 * @param condition what a conditional model (cvae) takes besides the image: its graphs have an
 *     input {@code c}, one-hot over the classes; null (absent from the JSON) for every other model
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int formatVersion,
    String id,
    String family,
    String version,
    String createdAt,
    InputSpec input,
    Map<String, GraphSpec> graphs,
    String trainingFingerprint,
    Map<String, Double> metrics,
    Map<String, Object> hyperparameters,
    Map<String, Object> training,
    String defaultScore,
    String background,
    Map<String, String> files,
    @JsonInclude(JsonInclude.Include.NON_NULL) Condition condition) {

  /** The format this code writes and the newest it reads. */
  public static final int CURRENT_FORMAT = 1;

  /** The manifest's file name inside a bundle directory. */
  public static final String FILE_NAME = "manifest.json";

  /** Validates the required fields; copies the maps. */
  public Manifest {
    checkVersion(formatVersion);
    requireText("id", id);
    requireText("family", family);
    requireText("version", version);
    requireText("created_at", createdAt);
    if (input == null) {
      throw new IllegalArgumentException("manifest input must not be null");
    }
    graphs = copy(graphs);
    metrics = copy(metrics);
    hyperparameters = copy(hyperparameters);
    training = copy(training);
    files = copy(files);
  }

  /**
   * Returns a copy with a condition.
   *
   * @param newCondition the condition, or null for an unconditional model
   * @return the new manifest
   */
  public Manifest withCondition(Condition newCondition) {
    return change(d -> d.condition = newCondition);
  }

  /**
   * Returns a copy with {@code files} replaced.
   *
   * @param newFiles file path to "sha256:<hex>"
   * @return the new manifest
   */
  public Manifest withFiles(Map<String, String> newFiles) {
    return change(d -> d.files = newFiles);
  }

  /**
   * Returns a copy with another default score, as chosen by an evaluation.
   *
   * @param score the decision score id (e.g. {@code complexity} or {@code fisher:complexity+llr}),
   *     or null for none
   * @return the new manifest
   */
  public Manifest withDefaultScore(String score) {
    return change(d -> d.defaultScore = score);
  }

  /**
   * Returns a copy with another background bundle.
   *
   * @param path the background bundle's path relative to this bundle's directory ('/' separated),
   *     or null for none
   * @return the new manifest
   */
  public Manifest withBackground(String path) {
    return change(d -> d.background = path);
  }

  /** A copy with the fields {@code edit} sets, validated by the canonical constructor. */
  private Manifest change(Consumer<Draft> edit) {
    Draft d = new Draft(this);
    edit.accept(d);
    return d.build();
  }

  /** The fields the withers change; every other field is copied as it is. */
  private static final class Draft {
    private final Manifest from;
    private Map<String, String> files;
    private String defaultScore;
    private String background;
    private Condition condition;

    Draft(Manifest from) {
      this.from = from;
      this.files = from.files;
      this.defaultScore = from.defaultScore;
      this.background = from.background;
      this.condition = from.condition;
    }

    Manifest build() {
      return new Manifest(
          from.formatVersion,
          from.id,
          from.family,
          from.version,
          from.createdAt,
          from.input,
          from.graphs,
          from.trainingFingerprint,
          from.metrics,
          from.hyperparameters,
          from.training,
          defaultScore,
          background,
          files,
          condition);
    }
  }

  /**
   * Serialises this manifest as pretty-printed snake_case JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    return Json.write(this);
  }

  /**
   * Parses a manifest, checking {@code format_version} before anything else so that a bundle from a
   * newer format is refused with a clear message rather than a binding error.
   *
   * @param json the text of manifest.json
   * @return the manifest
   * @throws IllegalArgumentException for invalid JSON, a missing or unsupported format version, or
   *     invalid fields
   */
  public static Manifest fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("json must not be null");
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode v = tree.get("format_version");
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalArgumentException("format_version is missing or not an integer");
    }
    checkVersion(v.intValue());
    try {
      return Json.mapper().treeToValue(tree, Manifest.class);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String detail = root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
      throw new IllegalArgumentException("invalid manifest: " + detail, e);
    }
  }

  private static void checkVersion(int formatVersion) {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("format_version must be at least 1, got " + formatVersion);
    }
    if (formatVersion > CURRENT_FORMAT) {
      throw new IllegalArgumentException(
          "format_version "
              + formatVersion
              + " is newer than the newest supported, "
              + CURRENT_FORMAT
              + ": upgrade flowspect to read this bundle");
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("manifest " + field + " must not be null or blank");
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    if (map == null || map.isEmpty()) {
      return Collections.emptyMap();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
