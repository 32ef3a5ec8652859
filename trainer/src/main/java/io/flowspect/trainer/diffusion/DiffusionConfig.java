package io.flowspect.trainer.diffusion;

import io.flowspect.core.image.InputSpec;

/**
 * A diffusion model's size.
 *
 * @param input image shape; height and width divisible by 2^levels
 * @param steps T, the noising steps; the bound costs T denoiser passes per image and sample
 * @param filters feature maps of the denoiser at full resolution, doubled at each level below
 * @param levels 2x2 downsamplings of the denoiser's U-Net
 * @param mapStep t_0, the step the noise-and-denoise map noises an image to before denoising it
 *     back (t_0 denoiser passes per image), 1..T
 * @param seed seeds the fixed noise of the noise-and-denoise map
 */
public record DiffusionConfig(
    InputSpec input, int steps, int filters, int levels, int mapStep, long seed) {

  public DiffusionConfig {
    if (steps < 2 || filters < 1 || levels < 0) {
      throw new IllegalArgumentException(
          "diffusion needs at least 2 steps, 1 filter and 0 levels, found "
              + steps
              + ", "
              + filters
              + ", "
              + levels);
    }
    int cell = 1 << levels;
    if (input.height() % cell != 0 || input.width() % cell != 0) {
      throw new IllegalArgumentException(
          "diffusion --levels "
              + levels
              + " halves the image "
              + levels
              + " times: its height and width must be multiples of "
              + cell
              + ", the input is "
              + input.height()
              + " x "
              + input.width());
    }
    if (mapStep < 1 || mapStep > steps) {
      throw new IllegalArgumentException(
          "diffusion --map-step must lie in 1.." + steps + " (the steps), found " + mapStep);
    }
  }
}
