package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.image.Box;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.local.Standardisation;
import org.junit.jupiter.api.Test;

class LocalisationMetricsTest {

  private static final MapReference REFERENCE =
      MapReference.fit(
          new EvidenceMaps(MapKind.PIXEL_NLL, 1, 4, new float[][] {{0, 1, 2, 3}, {3, 2, 1, 0}}),
          new LocalSettings(1, Standardisation.POOLED));

  private static LocalFinding at(int x) {
    return new LocalFinding(1, new Box(x, 0, x + 1, 1), x, 0, LocalFinding.PIXEL);
  }

  @Test
  void touchedPixelsThatKeptTheirValueAreNeitherDefectNorClean() {
    // Image 0 changed pixel 0 and touched pixel 1 without changing it; image 1 changed pixel 1 and
    // touched pixel 2. Changed: 5 and 8; untouched: 0, 9, 0, 0. Each changed pixel beats three of
    // the four untouched ones: AUROC 6 / 8. Counting the touched pixels (1 and 2) as clean would
    // give 10 / 12, as defect 0.375.
    EvidenceMaps maps =
        new EvidenceMaps(MapKind.PIXEL_NLL, 1, 4, new float[][] {{5, 1, 0, 9}, {0, 8, 2, 0}});
    boolean[][] changed = {{true, false, false, false}, {false, true, false, false}};
    boolean[][] touched = {{true, true, false, false}, {false, true, true, false}};

    LocalisationMetrics m =
        LocalisationMetrics.of(
            REFERENCE,
            maps,
            changed,
            touched,
            new LocalFinding[] {at(1), at(1)},
            new boolean[] {true, true});

    assertThat(m.pixelAuroc()).isCloseTo(0.75, within(1e-12));
    // Image 0's box lies on a touched pixel that did not change: not a hit.
    assertThat(m.detected()).isEqualTo(2);
    assertThat(m.boxHits()).isEqualTo(1);
    assertThat(m.boxHitRate()).isEqualTo(0.5);
    assertThat(m.meanBoxArea()).isCloseTo(0.25, within(1e-12));
    assertThat(m.images()).isEqualTo(2);
  }

  @Test
  void onlyFlaggedImagesCountForTheBoxes() {
    EvidenceMaps maps = new EvidenceMaps(MapKind.PIXEL_NLL, 1, 4, new float[][] {{5, 1, 0, 9}});
    boolean[][] changed = {{true, false, false, false}};

    LocalisationMetrics m =
        LocalisationMetrics.of(
            REFERENCE, maps, changed, changed, new LocalFinding[] {at(0)}, new boolean[] {false});

    assertThat(m.detected()).isZero();
    assertThat(m.boxHitRate()).isNaN();
    assertThat(m.meanBoxArea()).isNaN();
    assertThat(m.pixelAuroc()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void evidenceTheModelCouldNotGiveFinitelyRanksAsTheMostAnomalous() {
    // A NaN on a clean pixel (an overflowed model pass) ranks above the defect pixel 5: 2 of 3
    // clean pixels below it, as if the NaN were the largest value; the metric stays a number.
    EvidenceMaps maps =
        new EvidenceMaps(MapKind.PIXEL_NLL, 1, 4, new float[][] {{5, 1, Float.NaN, 0}});
    boolean[][] changed = {{true, false, false, false}};

    LocalisationMetrics m =
        LocalisationMetrics.of(
            REFERENCE, maps, changed, changed, new LocalFinding[] {at(0)}, new boolean[] {true});

    assertThat(m.pixelAuroc()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void countsMustMatch() {
    EvidenceMaps maps = new EvidenceMaps(MapKind.PIXEL_NLL, 1, 4, new float[][] {{5, 1, 0, 9}});
    boolean[][] one = {{true, false, false, false}};
    assertThatThrownBy(
            () ->
                LocalisationMetrics.of(
                    REFERENCE,
                    maps,
                    one,
                    new boolean[0][],
                    new LocalFinding[] {at(0)},
                    new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maps, changed and touched masks, findings and flags must match: 1, 1, 0, 1, 1");
  }
}
