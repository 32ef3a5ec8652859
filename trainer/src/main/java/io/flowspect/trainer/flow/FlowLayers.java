package io.flowspect.trainer.flow;

/**
 * The layers a multi-scale flow's steps are made of, for {@link FlowSteps} recipes in other
 * packages. Every layer is invertible with a log-determinant the exporter writes into the density
 * graph; parameter names must be unique within the model.
 */
public final class FlowLayers {

  private FlowLayers() {}

  /** Per-channel affine normalisation, initialised from the first batch (Glow). */
  public static FlowStep actNorm(String name, int channels, int height, int width) {
    return new ActNorm(name, channels, height, width);
  }

  /** A learned invertible 1x1 convolution, LU-parameterised, seeded permutation (Glow). */
  public static FlowStep invertibleConv(
      String name, int channels, int height, int width, long seed) {
    return new InvertibleConv1x1(name, channels, height, width, seed);
  }

  /** Reverses the channel order: a fixed permutation (RealNVP, NICE). */
  public static FlowStep reverse(int channels) {
    return new ChannelReversal(channels);
  }

  /** Additive coupling: half the channels shifted by a network of the other half (NICE). */
  public static FlowStep additiveCoupling(String name, int channels, int hidden) {
    return new AdditiveCoupling(name, channels, hidden);
  }

  /** Affine coupling with a sigmoid scale in (0, 1) (Glow). */
  public static FlowStep affineCoupling(String name, int channels, int hidden) {
    return new AffineCoupling(name, channels, hidden, AffineCoupling.Scale.SIGMOID);
  }

  /** Affine coupling with an exp(tanh) scale, channel-wise mask (RealNVP). */
  public static FlowStep tanhCoupling(String name, int channels, int hidden) {
    return new AffineCoupling(name, channels, hidden, AffineCoupling.Scale.TANH);
  }

  /** Affine coupling with a spatial checkerboard mask of the given parity (RealNVP). */
  public static FlowStep checkerboardCoupling(
      String name, int channels, int height, int width, int hidden, int parity) {
    return new CheckerboardCoupling(name, channels, height, width, hidden, parity);
  }
}
