package io.flowspect.trainer.autoregressive;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.ParamStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PixelRNN's conditionals are causal in raster order (colour channels in turn within a pixel), and
 * its Row LSTM state carries a pixel's influence down the image, further than its convolutions
 * reach.
 */
class PixelRnnTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void eachConditionalReadsOnlyTheSubPixelsBeforeItAndTheStateCarriesDown(int channels) {
    InputSpec in = new InputSpec(channels, 8, 8, ResizeMode.RESIZE);
    PixelRnn model = new PixelRnn(in, 2 * channels, 2);
    int d = in.dims();
    float[] x = TinyModels.images(1, d, 9);
    try (ParamStore store = TinyModels.trainedLike(model, x, 1)) {
      // row 1, column 2, last channel: every sub-pixel up to and including the ones before it
      int row = 1;
      int col = 2;
      int channel = channels - 1;
      int changed = flat(in, channel, row, col);
      float[] y = x.clone();
      y[changed] = (y[changed] + 128) % 256;
      float[][] nll = TinyModels.outputsOfPair(model, store, x, y, o -> o.pixelNll());
      for (int c = 0; c < channels; c++) {
        for (int r = 0; r < in.height(); r++) {
          for (int q = 0; q < in.width(); q++) {
            if (order(in, c, r, q) < order(in, channel, row, col)) {
              int i = flat(in, c, r, q);
              assertThat(nll[1][i])
                  .as("sub-pixel (%d, %d, %d) does not see the change", c, r, q)
                  .isEqualTo(nll[0][i]);
            }
          }
        }
      }
      assertThat(nll[1][changed]).as("its own conditional changes").isNotEqualTo(nll[0][changed]);
      // five rows below: out of reach of the 7 x 7 input and two 3 x 3 convolutions (3 + 1 + 1
      // rows), reached through the state
      int below = flat(in, 0, row + 5, col);
      assertThat(Math.abs(nll[1][below] - nll[0][below]))
          .as("the state carries the change five rows down")
          .isGreaterThan(1e-6f);
    }
  }

  /** Index in the flattened CHW image. */
  private static int flat(InputSpec in, int c, int r, int q) {
    return (c * in.height() + r) * in.width() + q;
  }

  /** Position in the autoregressive order: pixels in raster order, channels in turn. */
  private static int order(InputSpec in, int c, int r, int q) {
    return (r * in.width() + q) * in.channels() + c;
  }
}
