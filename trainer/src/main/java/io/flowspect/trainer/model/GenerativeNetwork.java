package io.flowspect.trainer.model;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;
import java.util.Map;

/**
 * A generative model of 8-bit images, written once against {@link io.flowspect.trainer.graph.Ops}
 * so that training (DJL) and scoring (ONNX) run the same arithmetic. Either a {@link
 * DensityNetwork} (exact likelihood: flows, autoregressive models) or a {@link LatentNetwork} (a
 * bound on it: variational autoencoders).
 */
public interface GenerativeNetwork {

  Family family();

  /** The image shape the model takes; its input is [N, dims] raw 0..255 values, CHW order. */
  InputSpec input();

  List<ParamSpec> parameters();

  /** The settings that define the architecture, recorded in the manifest and the checkpoint. */
  Map<String, Object> hyperparameters();

  default int dims() {
    return input().dims();
  }

  /**
   * Images per forward pass when the trainer measures bits/dim. DJL keeps every intermediate of a
   * pass until the pass ends, so a network whose intermediates are wide per image (a
   * Gaussianization flow's K-wide marginal maps in each of its layers) declares fewer.
   *
   * @return at least 1; 200 unless overridden
   */
  default int evaluationBatch() {
    return 200;
  }
}
