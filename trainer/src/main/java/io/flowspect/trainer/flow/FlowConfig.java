package io.flowspect.trainer.flow;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.trainer.model.Family;

/**
 * The architecture of a multi-scale flow.
 *
 * @param family glow, realnvp or nice
 * @param input image shape; height and width must be divisible by 2^levels
 * @param levels number of scales (a squeeze each, a factor-out between them)
 * @param steps flow steps per level
 * @param hidden channels of each coupling network
 * @param seed fixes the 1x1 convolutions' permutations and all initial weights
 */
public record FlowConfig(
    Family family, InputSpec input, int levels, int steps, int hidden, long seed) {

  public FlowConfig {
    if (!family.isFlow()) {
      throw new IllegalArgumentException("--family " + family.id() + " is not a flow");
    }
    if (levels < 1 || steps < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "levels, steps and hidden must be positive, found "
              + levels
              + ", "
              + steps
              + ", "
              + hidden);
    }
    // The one definition of the multi-scale layout: refuses sizes it cannot halve levels times.
    FlowLatentLayout.of(input, levels);
  }
}
