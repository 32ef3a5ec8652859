package io.flowspect.trainer.flow.additive;

import io.flowspect.trainer.flow.FlowFamilies;
import io.flowspect.trainer.flow.FlowLayers;
import io.flowspect.trainer.model.Family;

/**
 * Glow with additive couplings ({@code --family glow-additive}): actnorm, invertible 1x1
 * convolution, and a coupling that only shifts, the ablation Kingma and Dhariwal (2018, section
 * 5.1) compare with affine couplings. The couplings are volume-preserving, so only actnorm and the
 * 1x1 convolutions move the log-determinant: a flow that cannot blow its scales up on inputs far
 * from the training data, at some cost in bits/dim.
 *
 * <p>A variant written against the public flow kit: this package and one registration line.
 */
public final class AdditiveGlow extends FlowFamilies {

  /** The family, as {@code --family} and manifests name it. */
  public static final Family FAMILY = new Family("glow-additive", Family.Kind.FLOW, false);

  /** Glow's default size: 8 steps per level, 128 channels per coupling network. */
  public AdditiveGlow() {
    super(FAMILY, 8, 128, glowSteps(FlowLayers::additiveCoupling));
  }
}
