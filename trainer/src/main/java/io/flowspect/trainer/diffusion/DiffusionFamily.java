package io.flowspect.trainer.diffusion;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/** The diffusion model's {@code train} settings: steps, the denoiser's size and the map's step. */
public final class DiffusionFamily extends DeclaredFamily {

  public DiffusionFamily() {
    super(
        Diffusion.FAMILY,
        Map.of("steps", 32, "filters", 32, "levels", 2, "map_step", 0),
        List.of(
            SettingFlag.integer(
                "--steps", "steps", "diffusion: noising steps T (T denoiser passes per bound)"),
            SettingFlag.integer(
                "--filters", "filters", "pixelcnn, mintnet, diffusion: feature maps"),
            SettingFlag.integer(
                "--levels", "levels", "flows: scales; diffusion: the denoiser's downsamplings"),
            SettingFlag.integer(
                "--map-step",
                "map_step",
                "diffusion: the step the noise-and-denoise map noises to (0: where the noise is"
                    + " about as strong as the image)")));
  }

  @Override
  public GenerativeNetwork build(Architecture a) {
    int steps = a.integer("steps");
    int mapStep = a.integer("map_step");
    return new Diffusion(
        new DiffusionConfig(
            a.input(),
            steps,
            a.integer("filters"),
            a.integer("levels"),
            mapStep == 0 ? NoiseSchedule.evenStep(steps) : mapStep,
            a.seed()));
  }
}
