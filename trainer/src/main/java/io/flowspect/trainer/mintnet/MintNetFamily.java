package io.flowspect.trainer.mintnet;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/** MintNet's {@code train} settings: layers, filters and kernel. */
public final class MintNetFamily extends DeclaredFamily {

  public MintNetFamily() {
    super(
        MintNet.FAMILY,
        Map.of("layers", 8, "filters", 32, "kernel", 3),
        List.of(
            SettingFlag.LAYERS,
            SettingFlag.integer("--filters", "filters", "pixelcnn, mintnet: feature maps"),
            SettingFlag.integer("--kernel", "kernel", "mintnet: odd kernel side")));
  }

  @Override
  public GenerativeNetwork build(Architecture a) {
    return new MintNet(
        new MintNetConfig(
            a.input(), a.integer("layers"), a.integer("filters"), a.integer("kernel")));
  }
}
