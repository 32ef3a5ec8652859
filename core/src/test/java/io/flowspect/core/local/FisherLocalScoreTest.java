package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Json;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.score.ScoreTable;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The local score as Fisher's combination of the evidence and signed-residual statistics. */
class FisherLocalScoreTest {

  private static final int SIDE = 12;
  private static final int D = SIDE * SIDE;

  @Test
  void probitInvertsTheNormalCdf() {
    assertThat(Probit.of(0.5)).isCloseTo(0, within(1e-9));
    assertThat(Probit.of(0.975)).isCloseTo(1.959963985, within(1e-8));
    assertThat(Probit.of(0.025)).isCloseTo(-1.959963985, within(1e-8));
    assertThat(Probit.of(1e-4)).isCloseTo(-3.719016485, within(1e-7));
    assertThat(Probit.of(0)).isEqualTo(-Probit.LIMIT);
    assertThat(Probit.of(1)).isEqualTo(Probit.LIMIT);
    assertThat(Probit.of(Double.NaN)).isZero();
  }

  @Test
  void residualsSumChannelsOverRootC() {
    InputSpec rgb = new InputSpec(3, 1, 2, ResizeMode.RESIZE);
    float[][] cdf = {{0.5f, 0.975f, 0.975f, 0.5f, 0.975f, 0.025f}};
    float[][] nll = {{1, 1, 1, 1, 1, 1}};
    EvidenceMaps maps = EvidenceMaps.of(MapKind.PIXEL_NLL, rgb, nll, null, cdf);
    double z = 1.959963985;
    assertThat(maps.signed()[0][0]).isCloseTo((float) (2 * z / Math.sqrt(3)), within(1e-5f));
    assertThat(maps.signed()[0][1]).isCloseTo(0f, within(1e-5f));
    assertThat(maps.select(new int[] {0}).signed()).hasDimensions(1, 2);
    assertThatThrownBy(
            () -> EvidenceMaps.of(MapKind.PIXEL_NLL, rgb, nll, null, new float[][] {{1}}))
        .hasMessageContaining("pixel_cdf row 0 must hold 6 values");
  }

  @Test
  void aSignedWindowCountsResidualsThatAgreeAndCancelsThoseThatDoNot() {
    float[] agree = new float[D];
    float[] alternate = new float[D];
    for (int y = 4; y < 7; y++) {
      for (int x = 4; x < 7; x++) {
        agree[y * SIDE + x] = -1.5f;
        alternate[y * SIDE + x] = (x + y) % 2 == 0 ? 1.5f : -1.5f;
      }
    }
    assertThat(WindowScan.hottest(agree, SIDE, SIDE, 3, true)).isCloseTo(1.5, within(1e-6));
    assertThat(WindowScan.hottest(agree, SIDE, SIDE, 3, false)).isLessThan(0.01);
    assertThat(WindowScan.hottest(alternate, SIDE, SIDE, 3, true)).isLessThan(0.34);
    assertThat(WindowScan.scan(agree, SIDE, SIDE, 1).evidence()).isEqualTo(LocalFinding.PIXEL);
    LocalFinding f = WindowScan.scan(agree, SIDE, SIDE, 3, 0.5, true);
    // The region grows over windows more than half as hot: those that cover most of the patch.
    assertThat(f.box().x0()).isBetween(3, 4);
    assertThat(f.box().x1()).isBetween(7, 8);
    assertThat(f.box().y0()).isBetween(3, 4);
    assertThat(f.box().width()).isLessThanOrEqualTo(5);
  }

  /**
   * A dark patch that the NLL map barely sees (a hole in a dark area is cheap) but whose residuals
   * all point the same way: the Fisher score must rank it above every normal image, while the
   * window score alone ranks it among them; the region is the signed statistic's.
   */
  @Test
  void fisherFindsADefectOnlyTheSignedMapShows() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    int n = 200;
    float[][] values = new float[n][];
    float[][] signed = new float[n][];
    for (int i = 0; i < n; i++) {
      values[i] = noise(random, 1.0, 0.3);
      signed[i] = noise(random, 0, 1);
    }
    EvidenceMaps normal = new EvidenceMaps(MapKind.PIXEL_NLL, SIDE, SIDE, values, signed);
    LocalSettings fisher = new LocalSettings(3, Standardisation.POOLED, true);
    MapReference ref = MapReference.fit(normal, fisher);
    assertThat(ref.statistics())
        .extracting(LocalStatistic::label)
        .containsExactly("evidence w1", "evidence w3", "signed w3");
    assertThat(ref.needsSigned()).isTrue();
    assertThat(ref.settings()).isEqualTo(fisher);
    assertThat(LocalScores.describe(ref))
        .isEqualTo("fisher over [evidence w1, evidence w3, signed w3]");
    MapReference single = MapReference.fit(normal, new LocalSettings(3, Standardisation.POOLED));
    assertThat(single.statistics()).isEmpty();
    assertThat(single.needsSigned()).isFalse();

    float[] defectNll = noise(random, 1.0, 0.3);
    float[] defectSigned = noise(random, 0, 1);
    for (int y = 7; y < 10; y++) {
      for (int x = 2; x < 5; x++) {
        defectSigned[y * SIDE + x] = -2.5f;
      }
    }
    double[] normalFisher = new double[50];
    double[] normalWindow = new double[50];
    for (int i = 0; i < 50; i++) {
      float[] nv = noise(random, 1.0, 0.3);
      float[] ns = noise(random, 0, 1);
      normalFisher[i] = LocalScores.find(nv, ns, ref).score();
      normalWindow[i] = LocalScores.find(nv, single).score();
    }
    LocalFinding found = LocalScores.find(defectNll, defectSigned, ref);
    assertThat(found.score())
        .isGreaterThan(java.util.Arrays.stream(normalFisher).max().orElseThrow());
    double window = LocalScores.find(defectNll, single).score();
    assertThat(java.util.Arrays.stream(normalWindow).filter(v -> v >= window).count())
        .as("the window score alone does not single the defect out")
        .isGreaterThan(5);
    assertThat(found.evidence()).isEqualTo(LocalFinding.DARKER);
    float[] brighter = defectSigned.clone();
    for (int p = 0; p < D; p++) {
      brighter[p] = -brighter[p];
    }
    assertThat(LocalScores.find(defectNll, brighter, ref).evidence())
        .isEqualTo(LocalFinding.BRIGHTER);
    assertThat(found.box().x0()).isBetween(1, 3);
    assertThat(found.box().y0()).isBetween(6, 8);

    String json = Json.mapper().writeValueAsString(ref);
    assertThat(json.replace(" ", ""))
        .contains("\"statistics\"", "\"signed\":true", "\"hot_window\"");
    assertThat(Json.mapper().readValue(json, MapReference.class)).isEqualTo(ref);

    ScoreTable withoutSigned =
        new ScoreTable(
            1,
            Map.of(),
            null,
            new EvidenceMaps(MapKind.PIXEL_NLL, SIDE, SIDE, new float[][] {defectNll}),
            null);
    assertThatThrownBy(() -> LocalScores.add(withoutSigned, ref))
        .hasMessageContaining("signed residual maps")
        .hasMessageContaining("flowspect export");
  }

  @Test
  void withoutSignedMapsFisherCombinesThePixelAndTheWindow() {
    SplittableRandom random = new SplittableRandom(4);
    float[][] values = new float[40][];
    for (int i = 0; i < values.length; i++) {
      values[i] = noise(random, 1.0, 0.3);
    }
    MapReference ref =
        MapReference.fit(
            new EvidenceMaps(MapKind.PIXEL_NLL, SIDE, SIDE, values),
            new LocalSettings(3, Standardisation.POOLED, true));
    assertThat(ref.statistics())
        .extracting(LocalStatistic::label)
        .containsExactly("evidence w1", "evidence w3");
    assertThat(ref.needsSigned()).isFalse();
    MapReference onePixel =
        MapReference.fit(
            new EvidenceMaps(MapKind.PIXEL_NLL, SIDE, SIDE, values),
            new LocalSettings(1, Standardisation.POOLED, true));
    assertThat(onePixel.statistics()).as("one statistic is not combined").isEmpty();
  }

  private static float[] noise(SplittableRandom random, double mean, double sd) {
    float[] m = new float[D];
    for (int p = 0; p < D; p++) {
      m[p] = (float) (mean + sd * gaussian(random));
    }
    return m;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
