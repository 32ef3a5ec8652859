package io.flowspect.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxTestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final InputSpec SPEC = new InputSpec(3, 32, 24, ResizeMode.CENTER_CROP);

  private static Manifest sample() {
    return OnnxTestModels.sampleManifest(SPEC).withFiles(Map.of("model.onnx", "sha256:ab"));
  }

  @Test
  void roundTripGivesAnEqualManifest() {
    Manifest m = sample();

    Manifest back = Manifest.fromJson(m.toJson());

    assertThat(back).isEqualTo(m);
    assertThat(back.input()).isEqualTo(SPEC);
    assertThat(back.hyperparameters())
        .containsEntry("epochs", 2)
        .containsEntry("learning_rate", 0.001);
    assertThat(back.graphs().get("density").outputs().get(0).shape()).containsExactly(-1L, 1L);
  }

  @Test
  void jsonIsSnakeCaseWithTheDocumentedInputObject() throws Exception {
    JsonNode json = Json.mapper().readTree(sample().toJson());

    assertThat(json.get("format_version").intValue()).isEqualTo(1);
    assertThat(json.get("created_at").textValue()).isEqualTo("2026-11-21T10:15:30Z");
    assertThat(json.get("training_fingerprint").textValue()).startsWith("sha256:");
    assertThat(json.get("default_score").textValue()).isEqualTo("bpd");
    assertThat(json.get("metrics").get("validation_bpd").doubleValue()).isEqualTo(3.5);
    assertThat(json.has("formatVersion")).isFalse();
    JsonNode input = json.get("input");
    assertThat(input.get("channels").intValue()).isEqualTo(3);
    assertThat(input.get("height").intValue()).isEqualTo(32);
    assertThat(input.get("width").intValue()).isEqualTo(24);
    assertThat(input.get("resize").textValue()).isEqualTo("center_crop");
    assertThat(input.get("layout").textValue())
        .isEqualTo("NCHW flattened, uint8 values as float32 0..255");
    assertThat(input.has("dims")).isFalse();
    assertThat(json.get("files").get("model.onnx").textValue()).isEqualTo("sha256:ab");
  }

  @Test
  void aBinarisedInputRoundTripsAndAnEightBitInputWritesNoThreshold() throws Exception {
    InputSpec binary = new InputSpec(1, 8, 8, ResizeMode.RESIZE).binarized(128);
    Manifest m = OnnxTestModels.sampleManifest(binary);

    JsonNode json = Json.mapper().readTree(m.toJson());
    Manifest back = Manifest.fromJson(m.toJson());

    assertThat(json.get("input").get("binarize_threshold").intValue()).isEqualTo(128);
    assertThat(back.input()).isEqualTo(binary);
    assertThat(back.input().binarizeThreshold()).isEqualTo(128);
    assertThat(Json.mapper().readTree(sample().toJson()).get("input").has("binarize_threshold"))
        .isFalse();
    assertThat(Manifest.fromJson(sample().toJson()).input().isBinarized()).isFalse();
  }

  @Test
  void aConditionRoundTripsAndNamesAnUnknownClassWithTheKnownOnes() throws Exception {
    Condition condition = new Condition("line", List.of("press-1", "press-2"));
    Manifest m = sample().withCondition(condition);

    Manifest back = Manifest.fromJson(m.toJson());

    assertThat(back).isEqualTo(m);
    assertThat(back.condition()).isEqualTo(condition);
    assertThat(Json.mapper().readTree(m.toJson()).get("condition").get("classes").size())
        .isEqualTo(2);
    assertThat(Json.mapper().readTree(sample().toJson()).has("condition")).isFalse();
    assertThat(back.withDefaultScore("iwae").condition()).isEqualTo(condition);
    assertThat(condition.index("press-2")).isEqualTo(1);
    assertThatThrownBy(() -> condition.index("press-9"))
        .hasMessage(
            "line 'press-9' is not a class of the model; known classes: [press-1, press-2]");
    assertThatThrownBy(() -> condition.index(null))
        .hasMessageContaining("the model is conditioned on line: give one of its classes");
    assertThatThrownBy(() -> new Condition("line", List.of("a", "a")))
        .hasMessageContaining("names class a twice");
  }

  @Test
  void aBinarizeThresholdOutsideTheByteRangeIsRefused() throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(sample().toJson());
    ((ObjectNode) json.get("input")).put("binarize_threshold", 256);

    assertThatThrownBy(() -> Manifest.fromJson(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binarize_threshold must be in 1..255")
        .hasMessageContaining("got 256");
  }

  @Test
  void unknownPropertiesAreIgnored() throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(sample().toJson());
    json.putObject("added_in_a_later_version").put("x", 1);
    ((ObjectNode) json.get("input")).put("mean", 0.5);
    ((ObjectNode) json.get("graphs").get("density")).put("opset", 17);

    assertThat(Manifest.fromJson(json.toString())).isEqualTo(sample());
  }

  @Test
  void newerFormatVersionIsRefused() throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(sample().toJson());
    json.put("format_version", 2);
    json.put("input", "a shape this version cannot bind");

    assertThatThrownBy(() -> Manifest.fromJson(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "format_version 2 is newer than the newest supported, 1: upgrade flowspect to read"
                + " this bundle");
  }

  @Test
  void invalidContentIsRefusedWithTheReason() throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(sample().toJson());
    ((ObjectNode) json.get("input")).put("channels", 2);
    ObjectNode noVersion = (ObjectNode) Json.mapper().readTree(sample().toJson());
    noVersion.remove("format_version");

    assertThatThrownBy(() -> Manifest.fromJson(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channels must be 1 or 3, got 2");
    assertThatThrownBy(() -> Manifest.fromJson(noVersion.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("format_version is missing or not an integer");
    assertThatThrownBy(() -> Manifest.fromJson("{ not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON");
  }

  @Test
  void requiredFieldsAreChecked() {
    assertThatThrownBy(
            () ->
                new Manifest(
                    1,
                    "id",
                    " ",
                    "1",
                    "2026-01-01T00:00:00Z",
                    SPEC,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manifest family must not be null or blank");
  }
}
