package io.flowspect.trainer.flow;

import java.util.List;

/**
 * What one step of a {@link MultiScaleFlow} level is made of: the recipe that tells Glow, RealNVP
 * and NICE apart. A flow variant is a new recipe in its own package, built from {@link FlowLayers}.
 */
@FunctionalInterface
public interface FlowSteps {

  /**
   * Returns the layers of one step.
   *
   * @param name the step's parameter prefix, unique in the model
   * @param k the step's index within its level, from 0
   * @param channels channels at this level, after the squeeze
   * @param height rows at this level
   * @param width columns at this level
   * @param hidden channels of each coupling network
   * @param seed a seed for this step's random structure (fixed permutations)
   * @return the layers, applied in order
   */
  List<FlowStep> step(
      String name, int k, int channels, int height, int width, int hidden, long seed);
}
