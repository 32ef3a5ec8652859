package io.flowspect.trainer.gaussianization;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/** The Gaussianization flow's {@code train} settings: layers, bins and block sides. */
public final class GaussianizationFamily extends DeclaredFamily {

  public GaussianizationFamily() {
    super(
        GaussianizationFlow.FAMILY,
        Map.of(
            "layers",
            60,
            "bins",
            32,
            GaussianizationConfig.BLOCK_SIDES,
            GaussianizationConfig.AUTO),
        List.of(
            SettingFlag.LAYERS,
            SettingFlag.integer(
                "--bins", "bins", "gaussianization: equal-mass bins of each marginal map"),
            new SettingFlag(
                "--block-sides",
                GaussianizationConfig.BLOCK_SIDES,
                "gaussianization: sides of the pixel blocks the layers rotate, cycled (auto, or"
                    + " e.g. 7,4)",
                text -> text)));
  }

  @Override
  public GenerativeNetwork build(Architecture a) {
    return new GaussianizationFlow(
        new GaussianizationConfig(
            a.input(),
            a.integer("layers"),
            a.integer("bins"),
            GaussianizationConfig.blocks(a.input(), a.text(GaussianizationConfig.BLOCK_SIDES))));
  }
}
