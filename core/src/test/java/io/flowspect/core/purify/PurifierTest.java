package io.flowspect.core.purify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxModelException;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.sample.AutoregressiveOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PixelDefend on hand-made linear autoregressive graphs, whose argmaxes are known: the fast
 * fixed-point purification must equal the sequential greedy one byte for byte, including RGB, where
 * the autoregressive order is not the CHW order.
 */
class PurifierTest {

  private static final InputSpec RGB = new InputSpec(3, 2, 3, ResizeMode.RESIZE);
  private static final InputSpec GRAY = new InputSpec(1, 2, 3, ResizeMode.RESIZE);

  @TempDir Path dir;

  /**
   * A discretised Gaussian autoregressive model: sub-pixel i has logits {@code -(k - m_i)^2 / (2 *
   * 8^2)} (up to a constant per i), whose mean {@code m_i} is a seeded mix of the two sub-pixels
   * before it in autoregressive order plus a constant. Purification pulls each sub-pixel towards
   * its predecessors, so changes propagate along the whole order.
   */
  private Bundle gaussianChain(InputSpec spec, long seed) {
    int d = spec.dims();
    int cols = d * 256;
    int[] order = AutoregressiveOrder.of(spec);
    SplittableRandom random = new SplittableRandom(seed);
    float[] w = new float[d * cols];
    float[] b = new float[cols];
    double var = 64;
    for (int t = 0; t < d; t++) {
      int i = order[t];
      double a1 = t >= 1 ? 0.5 + 0.5 * random.nextDouble() : 0;
      double a2 = t >= 2 ? 0.6 * random.nextDouble() - 0.3 : 0;
      double c = random.nextDouble() * 255 * (1 - a1 - a2);
      for (int k = 0; k < 256; k++) {
        // -(k - m)^2 / 2var = (2 k m - k^2) / 2var - m^2 / 2var; the last term does not depend on k
        b[i * 256 + k] = (float) ((2 * k * c - (double) k * k) / (2 * var));
        if (t >= 1) {
          w[order[t - 1] * cols + i * 256 + k] = (float) (a1 * k / var);
        }
        if (t >= 2) {
          w[order[t - 2] * cols + i * 256 + k] = (float) (a2 * k / var);
        }
      }
    }
    return OnnxTestModels.conditionalsBundle(dir.resolve("chain-" + seed), spec, w, b);
  }

  private static List<byte[]> images(int n, int dims, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      byte[] x = new byte[dims];
      for (int i = 0; i < dims; i++) {
        x[i] = (byte) random.nextInt(256);
      }
      out.add(x);
    }
    return out;
  }

  private static PurifyOptions all(int epsilon) {
    return new PurifyOptions(epsilon, PurifyOptions.ADAPTIVE_OFF, PurifyOptions.DEFAULT_MAX_BATCH);
  }

  @Test
  void equalsTheSequentialGreedyPurificationOnRgb() {
    Bundle bundle = gaussianChain(RGB, 1);
    int d = RGB.dims();
    List<byte[]> x = images(10, d, 2);
    List<byte[]> greedy = GreedyPurification.purify(bundle, x, 16);
    List<Purification> fast;
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(16))) {
      fast = purifier.purify(x);
    }
    int maxPasses = 0;
    for (int s = 0; s < x.size(); s++) {
      assertThat(fast.get(s).purified()).as("image %d", s).isEqualTo(greedy.get(s));
      assertThat(fast.get(s).passes()).as("image %d passes", s).isBetween(1, d + 1);
      assertThat(fast.get(s).skipped()).isFalse();
      maxPasses = Math.max(maxPasses, fast.get(s).passes());
    }
    // The chain really propagates: some image needs several passes, none needs D + 1.
    assertThat(maxPasses).isBetween(4, d);
    assertThat(fast).extracting(Purification::changed).allMatch(c -> c > 0);

    // The order matters, so the test would notice a purifier that walked CHW order on RGB.
    int[] chw = IntStream.range(0, d).toArray();
    List<byte[]> wrongOrder = GreedyPurification.purify(bundle, x, 16, chw);
    long differ =
        IntStream.range(0, x.size())
            .filter(s -> !Arrays.equals(wrongOrder.get(s), greedy.get(s)))
            .count();
    assertThat(differ).isPositive();
  }

  @Test
  void aBallAsWideAsTheRangeNeedsAboutOnePassPerSubPixel() {
    // With epsilon 255 every sub-pixel becomes the rounded mean of its predecessors' values, so
    // the first pass fixes one sub-pixel, and each later pass one more: the worst case, D + 1.
    Bundle bundle = gaussianChain(RGB, 1);
    int d = RGB.dims();
    List<byte[]> x = images(3, d, 2);
    List<byte[]> greedy = GreedyPurification.purify(bundle, x, 255);
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(255))) {
      List<Purification> fast = purifier.purify(x);
      for (int s = 0; s < x.size(); s++) {
        assertThat(fast.get(s).purified()).as("image %d", s).isEqualTo(greedy.get(s));
        assertThat(fast.get(s).passes()).isBetween(d / 2, d + 1);
      }
    }
  }

  @Test
  void batchSizeDoesNotChangeTheResult() {
    Bundle bundle = gaussianChain(RGB, 3);
    List<byte[]> x = images(7, RGB.dims(), 4);
    List<Purification> together;
    List<Purification> oneByOne;
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(10))) {
      together = purifier.purify(x);
    }
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(10).withMaxBatch(1))) {
      oneByOne = purifier.purify(x);
    }
    assertThat(oneByOne).isEqualTo(together);
    assertThat(together)
        .extracting(Purification::purified)
        .containsExactlyElementsOf(GreedyPurification.purify(bundle, x, 10));
  }

  @Test
  void concurrentCallsGiveTheSequentialResults() throws Exception {
    Bundle bundle = gaussianChain(RGB, 11);
    List<List<byte[]>> batches = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      batches.add(images(5 + t, RGB.dims(), 20 + t));
    }
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(16).withMaxBatch(2))) {
      List<List<Purification>> sequential = batches.stream().map(purifier::purify).toList();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<Purification>>> parallel = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (List<byte[]> batch : batches) {
            parallel.add(pool.submit(() -> purifier.purify(batch)));
          }
        }
        for (int k = 0; k < parallel.size(); k++) {
          assertThat(parallel.get(k).get()).isEqualTo(sequential.get(k % batches.size()));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void tiesGoToTheValueClosestToTheInputThenTheSmaller() {
    // No dependence on x: the logits of each sub-pixel are its bias, 1 at a few "peaks", else 0.
    int d = GRAY.dims();
    float[] b = new float[d * 256];
    b[0 * 256 + 96] = 1; // peaks 96 and 104 are both 4 from 100: the smaller wins
    b[0 * 256 + 104] = 1;
    b[1 * 256 + 95] = 1; // 95 is 5 away, 104 is 4 away: 104 wins
    b[1 * 256 + 104] = 1;
    // sub-pixel 2: all logits 0, a 33-way tie: the input itself wins
    b[3 * 256 + 120] = 1; // outside the ball [84, 116]: the input wins
    b[4 * 256 + 84] = 1; // on the ball's edge
    b[5 * 256 + 84] = 1; // both 16 away: the smaller wins
    b[5 * 256 + 116] = 1;
    b[2 * 256 + 255] = 1; // inside the clipped ball [234, 255] of 250 only
    Bundle bundle =
        OnnxTestModels.conditionalsBundle(dir.resolve("ties"), GRAY, new float[d * d * 256], b);
    byte[] hundred = new byte[d];
    Arrays.fill(hundred, (byte) 100);
    byte[] high = new byte[d];
    Arrays.fill(high, (byte) 250);
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(16))) {
      List<Purification> p = purifier.purify(List.of(hundred, high));
      assertThat(unsigned(p.get(0).purified())).containsExactly(96, 104, 100, 100, 84, 84);
      assertThat(p.get(0).changed()).isEqualTo(4);
      assertThat(p.get(0).linf()).isEqualTo(16);
      assertThat(p.get(0).l2()).isCloseTo(Math.sqrt(16 + 16 + 256 + 256), within(1e-12));
      assertThat(p.get(0).diff()).containsExactly(4f, 4f, 0f, 0f, 16f, 16f);
      assertThat(p.get(0).passes()).isEqualTo(2); // one to move, one to see nothing moves
      assertThat(unsigned(p.get(1).purified())).containsExactly(250, 250, 255, 250, 250, 250);
      assertThat(p.get(1).l2()).isEqualTo(5.0);
    }
    assertThat(
            GreedyPurification.purify(bundle, List.of(hundred, high), 16).stream()
                .map(PurifierTest::unsigned)
                .toList())
        .containsExactly(
            new int[] {96, 104, 100, 100, 84, 84}, new int[] {250, 250, 255, 250, 250, 250});
  }

  @Test
  void distancesDescribeTheBytesAndStayInTheBall() {
    Bundle bundle = gaussianChain(RGB, 5);
    int plane = RGB.height() * RGB.width();
    List<byte[]> x = images(8, RGB.dims(), 6);
    for (int eps : new int[] {0, 1, 5, 16, 255}) {
      try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(eps))) {
        List<Purification> result = purifier.purify(x);
        for (int s = 0; s < x.size(); s++) {
          Purification p = result.get(s);
          double squares = 0;
          int linf = 0;
          int changed = 0;
          float[] diff = new float[plane];
          for (int i = 0; i < RGB.dims(); i++) {
            int delta = Math.abs((p.purified()[i] & 0xFF) - (x.get(s)[i] & 0xFF));
            squares += delta * delta;
            linf = Math.max(linf, delta);
            changed += delta > 0 ? 1 : 0;
            diff[i % plane] += delta;
          }
          assertThat(p.linf())
              .as("eps %d image %d", eps, s)
              .isEqualTo(linf)
              .isLessThanOrEqualTo(eps);
          assertThat(p.l2()).isCloseTo(Math.sqrt(squares), within(1e-9));
          assertThat(p.changed()).isEqualTo(changed);
          assertThat(p.diff()).containsExactly(diff);
          if (eps == 0) {
            assertThat(p.purified()).isEqualTo(x.get(s)).isNotSameAs(x.get(s));
            assertThat(p.passes()).isZero();
            assertThat(p.l2()).isZero();
          } else {
            assertThat(p.passes()).isPositive();
          }
        }
        if (eps == 16) {
          // a ball this wide lets every image move
          assertThat(result).allMatch(p -> p.linf() > 0);
        }
      }
    }
  }

  @Test
  void adaptiveRuleReturnsImagesThatLookNormalUnchanged() {
    Bundle bundle = gaussianChain(GRAY, 7);
    List<byte[]> x = images(5, GRAY.dims(), 8);
    double[] p = {0.5, 0.01, Double.NaN, 0.05, 1.0};
    List<Purification> everything;
    List<Purification> adaptive;
    try (Purifier purifier =
        Purifier.open(bundle, OnnxOptions.cpu(), PurifyOptions.defaults().withEpsilon(16))) {
      everything = purifier.purify(x);
      adaptive = purifier.purify(x, p);
      assertThat(purifier.purify(x, null)).isEqualTo(everything);
    }
    assertThat(adaptive)
        .extracting(Purification::skipped)
        .containsExactly(true, false, false, false, true);
    for (int s : new int[] {0, 4}) {
      assertThat(adaptive.get(s).purified()).isEqualTo(x.get(s));
      assertThat(adaptive.get(s).passes()).isZero();
      assertThat(adaptive.get(s).changed()).isZero();
      assertThat(everything.get(s).changed()).as("it would have moved").isPositive();
    }
    for (int s : new int[] {1, 2, 3}) {
      assertThat(adaptive.get(s)).isEqualTo(everything.get(s));
    }
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(16))) {
      assertThat(purifier.purify(x, p)).isEqualTo(everything);
    }
  }

  @Test
  void refusesABundleWithoutConditionals() {
    Bundle density = OnnxTestModels.densityBundle(dir.resolve("nice-bundle"), GRAY);
    assertThat(Purifier.canPurify(density)).isFalse();
    assertThatThrownBy(() -> Purifier.open(density, OnnxOptions.cpu(), PurifyOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(density.dir().toString())
        .hasMessageContaining("family nice")
        .hasMessageContaining("conditionals");
  }

  @Test
  void refusesAGraphThatIsNotAutoregressive() {
    // Sub-pixel 0 goes up when sub-pixel 1 is above 127.5, sub-pixel 1 goes down when sub-pixel 0
    // is: from (128, 128) the pair cycles (144, 112), (112, 112), (112, 144), (144, 144), ...
    InputSpec pair = new InputSpec(1, 1, 2, ResizeMode.RESIZE);
    float[] w = new float[2 * 512];
    float[] b = new float[512];
    for (int k = 0; k < 256; k++) {
      w[512 + k] = k / 1000f; // x_1 into logits of sub-pixel 0
      b[k] = -127.5f * k / 1000f;
      w[256 + k] = -k / 1000f; // x_0 into logits of sub-pixel 1
      b[256 + k] = 127.5f * k / 1000f;
    }
    Bundle bundle = OnnxTestModels.conditionalsBundle(dir.resolve("cycle"), pair, w, b);
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), all(16))) {
      assertThatThrownBy(() -> purifier.purify(List.of(new byte[] {(byte) 128, (byte) 128})))
          .isInstanceOf(OnnxModelException.class)
          .hasMessageContaining(
              "image 0 still changes after 3 passes, but an autoregressive graph settles within D + 1 = 3")
          .hasMessageContaining("not autoregressive");
    }
  }

  @Test
  void namesBadArguments() {
    Bundle bundle = gaussianChain(GRAY, 9);
    try (Purifier purifier = Purifier.open(bundle, OnnxOptions.cpu(), PurifyOptions.defaults())) {
      assertThatThrownBy(() -> purifier.purify(List.of(new byte[6], new byte[5])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("image 1 has 5 values, expected 6 (the model's input dims)");
      assertThatThrownBy(() -> purifier.purify(List.of(new byte[6]), new double[2]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pValues has 2 values for 1 images");
      assertThat(purifier.purify(List.of())).isEmpty();
    }
    assertThatThrownBy(() -> new PurifyOptions(256, 0.05, 1))
        .hasMessage("epsilon must be in 0..255, got 256");
    assertThatThrownBy(() -> new PurifyOptions(16, Double.NaN, 1))
        .hasMessageContaining("adaptivePValue must be in [0, 1]");
    assertThatThrownBy(() -> new PurifyOptions(16, 0.05, 0))
        .hasMessage("maxBatch must be at least 1, got 0");
  }

  private static int[] unsigned(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }
}
