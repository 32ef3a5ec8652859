package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Json;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import org.junit.jupiter.api.Test;

class MapReferenceTest {

  @Test
  void ratioMapsSumChannelsAndSubtractTheBackground() {
    InputSpec rgb = new InputSpec(3, 1, 2, ResizeMode.RESIZE);
    float[][] nll = {{1, 2, 10, 20, 100, 200}};
    float[][] bg = {{0.5f, 0.5f, 1, 1, 2, 2}};
    EvidenceMaps nllMaps = EvidenceMaps.of(MapKind.PIXEL_NLL, rgb, nll, null);
    assertThat(nllMaps.values()[0]).containsExactly(111f, 222f);
    EvidenceMaps llr = EvidenceMaps.of(MapKind.PIXEL_LLR, rgb, nll, bg);
    assertThat(llr.values()[0]).containsExactly(111f - 3.5f, 222f - 3.5f);
    assertThatThrownBy(() -> EvidenceMaps.of(MapKind.PIXEL_LLR, rgb, nll, null))
        .hasMessageContaining("background");
  }

  @Test
  void standardisesWithPerPixelMeanAndFlooredSpread() throws Exception {
    // Position 0 varies (values 0, 2, 4, 6: sd 2.58), position 1 is constant (sd 0), position 2
    // varies a little (sd 0.129): the floor is the median sd, 0.129.
    float[][] values = {{0, 5, 1.0f}, {2, 5, 1.1f}, {4, 5, 1.2f}, {6, 5, 1.3f}};
    MapReference ref =
        MapReference.fit(
            new EvidenceMaps(MapKind.PIXEL_NLL, 1, 3, values),
            new LocalSettings(1, Standardisation.POSITION));
    assertThat(ref.mean()).containsExactly(new float[] {3f, 5f, 1.15f}, within(1e-6f));
    double sd0 = Math.sqrt(20.0 / 3);
    double sd2 = Math.sqrt(0.05 / 3);
    assertThat(ref.floor()).isCloseTo(sd2, within(1e-6));
    assertThat(ref.spread()[0]).isCloseTo((float) Math.hypot(sd0, sd2), within(1e-5f));
    assertThat(ref.spread()[1]).isCloseTo((float) sd2, within(1e-6f));
    float[] z = ref.standardise(new float[] {3, 5 + (float) sd2, 1.15f});
    assertThat(z).containsExactly(new float[] {0f, 1f, 0f}, within(1e-4f));

    String json = Json.mapper().writeValueAsString(ref);
    assertThat(json).contains("pixel_nll", "window", "spread");
    assertThat(Json.mapper().readValue(json, MapReference.class)).isEqualTo(ref);
  }

  @Test
  void pooledStandardisationUsesOneMeanAndSpreadForEveryPosition() throws Exception {
    // The pooled mean and spread are those of all twelve values (the spread a sample sd).
    float[][] values = {{0, 5, 1.0f}, {2, 5, 1.1f}, {4, 5, 1.2f}, {6, 5, 1.3f}};
    MapReference ref =
        MapReference.fit(
            new EvidenceMaps(MapKind.PIXEL_NLL, 1, 3, values),
            new LocalSettings(1, Standardisation.POOLED));
    double mean = 0;
    for (float[] row : values) {
      for (float v : row) {
        mean += v / 12.0;
      }
    }
    double squares = 0;
    for (float[] row : values) {
      for (float v : row) {
        squares += (v - mean) * (v - mean);
      }
    }
    double sd = Math.sqrt(squares / 11);
    assertThat(ref.pooledMean()).isCloseTo(mean, within(1e-9));
    assertThat(ref.pooledSpread()).isCloseTo(sd, within(1e-9));
    assertThat(ref.settings()).isEqualTo(new LocalSettings(1, Standardisation.POOLED));
    // The same value standardises alike at every position: the order of the map is kept.
    float[] z = ref.standardise(new float[] {3, 3, (float) (mean + sd)});
    assertThat(z[0]).isEqualTo(z[1]);
    assertThat(z[2]).isCloseTo(1f, within(1e-5f));
    // Per position, the same map would put position 2 (whose normal values are near 1.15) far
    // above position 1 (always 5).
    MapReference perPosition =
        new MapReference(
            "pixel_nll",
            1,
            3,
            1,
            ref.floor(),
            4,
            ref.mean(),
            ref.spread(),
            "position",
            0,
            0,
            0,
            null);
    float[] zp = perPosition.standardise(new float[] {3, 3, 3});
    assertThat(zp[2]).isGreaterThan(zp[1] + 5);

    String json = Json.mapper().writeValueAsString(ref);
    assertThat(json).contains("standardise", "\"pooled\"", "pooled_mean", "pooled_spread");
    assertThat(Json.mapper().readValue(json, MapReference.class)).isEqualTo(ref);
  }

  @Test
  void statisticsWrittenBeforeStandardisationExistedReadAsPerPosition() throws Exception {
    String old =
        "{\"map\":\"pixel_nll\",\"height\":1,\"width\":2,\"window\":1,\"floor\":1.0,"
            + "\"n\":10,\"mean\":[1.0,3.0],\"spread\":[1.0,2.0]}";
    MapReference ref = Json.mapper().readValue(old, MapReference.class);
    assertThat(ref.standardisation()).isEqualTo(Standardisation.POSITION);
    assertThat(ref.standardise(new float[] {2, 5})).containsExactly(1f, 1f);
    assertThat(ref.pooledMean()).isEqualTo(2.0);
    assertThat(ref.pooledSpread()).isCloseTo(Math.sqrt(2.5), within(1e-12));
    assertThat(ref.hotWindow()).isZero();
  }

  @Test
  void refusesInconsistentStatistics() {
    assertThatThrownBy(
            () ->
                new MapReference(
                    "pixel_nll",
                    2,
                    2,
                    1,
                    1,
                    10,
                    new float[4],
                    new float[] {1, 1, 0, 1},
                    "pooled",
                    0,
                    1,
                    0,
                    null))
        .hasMessageContaining("every spread must be positive");
    assertThatThrownBy(
            () ->
                new MapReference(
                    "pixel_nll",
                    2,
                    2,
                    3,
                    1,
                    10,
                    new float[4],
                    new float[4],
                    "pooled",
                    0,
                    1,
                    0,
                    null))
        .hasMessageContaining("window must be in 1..2, got 3");
    assertThatThrownBy(
            () ->
                new MapReference(
                    "heat", 2, 2, 1, 1, 10, new float[4], new float[4], "pooled", 0, 1, 0, null))
        .hasMessageContaining("unknown map 'heat'; known maps: pixel_nll, pixel_llr");
    float[] ones = {1, 1, 1, 1};
    assertThatThrownBy(
            () ->
                new MapReference(
                    "pixel_nll", 2, 2, 1, 1, 10, new float[4], ones, "zscore", 0, 1, 0, null))
        .hasMessageContaining("unknown standardisation 'zscore'; known: position, pooled");
  }
}
