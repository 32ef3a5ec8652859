package io.flowspect.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.purify.GreedyPurification;
import io.flowspect.core.purify.Purification;
import io.flowspect.core.purify.Purifier;
import io.flowspect.core.purify.PurifyOptions;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PixelDefend purification with a real exported PixelCNN: the fast fixed-point purifier of core
 * must equal the sequential greedy one (one conditionals pass per sub-pixel) byte for byte, which
 * also proves that the exported conditionals are autoregressive in core's raster order.
 */
class PurifierTest {

  private static final int N = 6;
  private static final int EPSILON = 16;

  @TempDir static Path dir;

  private static Bundle pixelCnn;
  private static List<byte[]> images;

  @BeforeAll
  static void exportTinyPixelCnn() {
    DensityNetwork model = TinyModels.build(Family.PIXELCNN);
    float[] x = TinyModels.images(N, model.dims(), 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, N)) {
      BundleExporter.export(
          model,
          store,
          dir.resolve("pixelcnn"),
          new BundleExporter.Details("tiny-pixelcnn", "1", "sha256:00", Map.of(), Map.of()));
    }
    pixelCnn = Bundle.open(dir.resolve("pixelcnn"));
    images = new ArrayList<>();
    for (int s = 0; s < N; s++) {
      byte[] chw = new byte[model.dims()];
      for (int i = 0; i < chw.length; i++) {
        chw[i] = (byte) x[s * model.dims() + i];
      }
      images.add(chw);
    }
  }

  private static List<Purification> purify(int epsilon, double[] pValues) {
    try (Purifier purifier =
        Purifier.open(
            pixelCnn,
            OnnxOptions.cpu(),
            new PurifyOptions(epsilon, PurifyOptions.DEFAULT_ADAPTIVE_P_VALUE, 4))) {
      return purifier.purify(images, pValues);
    }
  }

  @Test
  void equalsTheSequentialGreedyPurification() {
    int d = TinyModels.INPUT.dims();
    List<byte[]> greedy = GreedyPurification.purify(pixelCnn, images, EPSILON);
    List<Purification> fast = purify(EPSILON, null);
    for (int s = 0; s < N; s++) {
      assertThat(fast.get(s).purified()).as("image %d", s).isEqualTo(greedy.get(s));
      assertThat(fast.get(s).changed()).as("image %d moved", s).isPositive();
      // one pass to move, at least one to see nothing moves; far fewer than the naive D
      assertThat(fast.get(s).passes()).as("image %d passes", s).isBetween(2, d / 4);
    }
  }

  @Test
  void distancesDescribeTheBytesAndStayInTheBall() {
    InputSpec spec = TinyModels.INPUT;
    List<Purification> fast = purify(EPSILON, null);
    for (int s = 0; s < N; s++) {
      Purification p = fast.get(s);
      double squares = 0;
      double diffSum = 0;
      for (int i = 0; i < spec.dims(); i++) {
        int delta = Math.abs((p.purified()[i] & 0xFF) - (images.get(s)[i] & 0xFF));
        squares += delta * delta;
        assertThat(p.diff()[i]).isEqualTo((float) delta); // gray: one channel per pixel
        diffSum += delta;
      }
      assertThat(p.linf()).isBetween(1, EPSILON);
      assertThat(p.l2()).isCloseTo(Math.sqrt(squares), within(1e-9));
      assertThat(diffSum).isGreaterThanOrEqualTo(p.linf());
    }
    for (Purification p : purify(0, null)) {
      assertThat(p.changed()).isZero();
      assertThat(p.passes()).isZero();
    }
    assertThat(purify(0, null))
        .extracting(Purification::purified)
        .containsExactlyElementsOf(images);
  }

  @Test
  void purifiedImagesAreMoreLikely() {
    List<Purification> fast = purify(EPSILON, null);
    List<byte[]> purified = fast.stream().map(Purification::purified).toList();
    double[] before;
    double[] after;
    try (DensityModel density = DensityModel.open(pixelCnn, OnnxOptions.cpu())) {
      before = density.score(floats(images)).logPx();
      after = density.score(floats(purified)).logPx();
    }
    int higher = 0;
    for (int s = 0; s < N; s++) {
      if (after[s] >= before[s]) {
        higher++;
      }
    }
    assertThat(higher)
        .as("log p before %s, after %s", Arrays.toString(before), Arrays.toString(after))
        .isGreaterThanOrEqualTo(N - 1);
  }

  @Test
  void adaptiveRuleLeavesNormalLookingImagesAlone() {
    double[] p = {0.9, 0.01, 0.2, 0.05, Double.NaN, 0.051};
    List<Purification> all = purify(EPSILON, null);
    List<Purification> adaptive = purify(EPSILON, p);
    for (int s = 0; s < N; s++) {
      boolean skip = p[s] > 0.05;
      assertThat(adaptive.get(s).skipped()).as("image %d", s).isEqualTo(skip);
      if (skip) {
        assertThat(adaptive.get(s).purified()).isEqualTo(images.get(s));
        assertThat(adaptive.get(s).passes()).isZero();
        assertThat(adaptive.get(s).l2()).isZero();
      } else {
        assertThat(adaptive.get(s)).isEqualTo(all.get(s));
      }
    }
  }

  @Test
  void refusesAModelWithoutConditionals() {
    DensityNetwork made = TinyModels.build(Family.MADE);
    float[] x = TinyModels.images(4, made.dims(), 3);
    Path out = dir.resolve("made");
    try (ParamStore store = TinyModels.trainedLike(made, x, 4)) {
      BundleExporter.export(
          made,
          store,
          out,
          new BundleExporter.Details("tiny-made", "1", "sha256:00", Map.of(), Map.of()));
    }
    Bundle bundle = Bundle.open(out);
    assertThatThrownBy(() -> Purifier.open(bundle, OnnxOptions.cpu(), PurifyOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bundle.dir().toString())
        .hasMessageContaining("family made");
  }

  private static float[][] floats(List<byte[]> chw) {
    return chw.stream().map(InputSpec::toFloats).toArray(float[][]::new);
  }
}
