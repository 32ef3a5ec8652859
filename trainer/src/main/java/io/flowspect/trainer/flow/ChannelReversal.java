package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * Reverses the channel order, so that successive couplings transform different halves (RealNVP and
 * NICE). Written as a fixed 1x1 convolution: no extra operator, zero log-determinant, its own
 * inverse.
 */
final class ChannelReversal implements FlowStep {

  private final int channels;

  ChannelReversal(int channels) {
    this.channels = channels;
  }

  @Override
  public List<ParamSpec> parameters() {
    return List.of();
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    float[] w = new float[channels * channels];
    for (int o = 0; o < channels; o++) {
      w[o * channels + (channels - 1 - o)] = 1f;
    }
    return new Flowed<>(
        ops.conv2d(x, ops.constant(w, channels, channels, 1, 1), null, 0), ops.scalar(0f));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    return forward(ops, y);
  }
}
