package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileAggregateTest {

  private static final double[] VALUES = {1.5, 9.0, -2.0, 4.0, 7.0};

  @Test
  void parsesMaxAndTopK() {
    assertThat(TileAggregate.parse("max")).isEqualTo(TileAggregate.MAX);
    assertThat(TileAggregate.parse(" TopK:3 ")).isEqualTo(TileAggregate.topKMean(3));
    assertThat(TileAggregate.topKMean(3).id()).isEqualTo("topk:3");
    assertThat(TileAggregate.MAX.id()).isEqualTo("max");
  }

  @Test
  void refusesOtherSpecsNamingThem() {
    for (String bad : new String[] {"mean", "topk:0", "topk:", "topk:x", ""}) {
      assertThatThrownBy(() -> TileAggregate.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "tile aggregate must be max or topk:K with K >= 1 (e.g. topk:3), got '" + bad + "'");
    }
  }

  @Test
  void aggregatesTheHottestTiles() {
    assertThat(TileAggregate.MAX.apply(VALUES)).isEqualTo(9.0);
    assertThat(TileAggregate.topKMean(1).apply(VALUES)).isEqualTo(9.0);
    assertThat(TileAggregate.topKMean(3).apply(VALUES)).isEqualTo((9.0 + 7.0 + 4.0) / 3);
    // more than there are tiles: the mean of all of them
    assertThat(TileAggregate.topKMean(10).apply(VALUES)).isEqualTo(19.5 / 5);
    assertThat(VALUES).containsExactly(1.5, 9.0, -2.0, 4.0, 7.0); // not sorted in place
  }

  @Test
  void aNanTileMakesTheImageNan() {
    double[] withNan = {1, Double.NaN, 3};
    assertThat(TileAggregate.MAX.apply(withNan)).isNaN();
    assertThat(TileAggregate.topKMean(1).apply(withNan)).isNaN();
  }

  @Test
  void bonferroniMultipliesTheSmallestPValueByTheTileCount() {
    assertThat(TiledDetector.bonferroni(new double[] {0.5, 0.01, 0.2, 0.9})).isEqualTo(0.04);
    assertThat(TiledDetector.bonferroni(new double[] {0.5, 0.3})).isEqualTo(0.6);
    assertThat(TiledDetector.bonferroni(new double[] {0.5, 0.6})).isEqualTo(1.0);
    assertThat(TiledDetector.bonferroni(new double[] {Double.NaN, Double.NaN})).isNaN();
  }
}
