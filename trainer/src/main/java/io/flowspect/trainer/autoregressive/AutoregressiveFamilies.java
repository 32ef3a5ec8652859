package io.flowspect.trainer.autoregressive;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/**
 * The autoregressive families: MADE, MAF, PixelCNN, PixelRNN and WaveNet, one {@link FamilySpec}
 * each.
 */
public final class AutoregressiveFamilies {

  private AutoregressiveFamilies() {}

  /** The MADE stack's flags, which MAF and the IAF student share. */
  public static final List<SettingFlag> MADE_FLAGS =
      List.of(
          SettingFlag.integer(
              "--mades", "mades", "made, maf: stacked MADEs (made: 1); iaf: the student's steps"),
          SettingFlag.integer("--hidden", "hidden", "units of each hidden layer"),
          SettingFlag.integer(
              "--hidden-layers", "hidden_layers", "made, maf, iaf: hidden layers of each MADE"));

  /** Stacked MADEs: the settings and builder MADE and MAF share. */
  private abstract static class MadeStack extends DeclaredFamily {
    MadeStack(Family family, int mades, int hidden) {
      super(family, Map.of("mades", mades, "hidden", hidden, "hidden_layers", 1), MADE_FLAGS);
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new MaskedAutoregressiveFlow(
          new MafConfig(
              a.input(), a.integer("mades"), a.integer("hidden"), a.integer("hidden_layers")));
    }
  }

  /** A single MADE (Germain et al. 2015). */
  public static final class Made extends MadeStack {
    public Made() {
      super(Family.MADE, 1, 1024);
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      int mades = a.integer("mades");
      if (mades != 1) {
        throw new IllegalArgumentException("--family made is a single MADE; use maf for " + mades);
      }
      return super.build(a);
    }
  }

  /**
   * A masked autoregressive flow: MADEs stacked with order reversals (Papamakarios et al. 2017).
   */
  public static final class Maf extends MadeStack {
    public Maf() {
      super(Family.MAF, 4, 512);
    }
  }

  /** PixelCNN with masked convolutions and a discretised logistic per sub-pixel. */
  public static final class PixelCnnFamily extends DeclaredFamily {
    public PixelCnnFamily() {
      super(
          Family.PIXELCNN,
          Map.of("filters", 64, "blocks", 5),
          List.of(
              SettingFlag.integer("--filters", "filters", "pixelcnn: channels of each convolution"),
              SettingFlag.integer("--blocks", "blocks", "pixelcnn: residual blocks")));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new PixelCnn(
          new PixelCnnConfig(a.input(), a.integer("filters"), a.integer("blocks"), a.seed()));
    }
  }

  /** PixelRNN: Row LSTM layers between PixelCNN's masked input and its softmax head. */
  public static final class PixelRnnFamily extends DeclaredFamily {
    public PixelRnnFamily() {
      super(
          PixelRnn.FAMILY,
          Map.of("filters", 32, "layers", 2),
          List.of(
              SettingFlag.integer("--filters", "filters", "pixelcnn: channels of each convolution"),
              SettingFlag.LAYERS));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new PixelRnn(a.input(), a.integer("filters"), a.integer("layers"));
    }
  }

  /** WaveNet over a 1-D signal (a sensor window as a 1 x W input of mu-law levels). */
  public static final class WaveNetFamily extends DeclaredFamily {
    public WaveNetFamily() {
      super(
          WaveNet.FAMILY,
          Map.of("residual", 16, "skip", 32, "layers", 10, "stacks", 1),
          List.of(
              SettingFlag.integer("--residual", "residual", "wavenet: residual channels"),
              SettingFlag.integer("--skip", "skip", "wavenet: skip and head channels"),
              SettingFlag.LAYERS,
              SettingFlag.integer(
                  "--stacks", "stacks", "wavenet: repetitions of the dilations 1, 2, 4, ...")));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new WaveNet(
          a.input(),
          a.integer("residual"),
          a.integer("skip"),
          a.integer("layers"),
          a.integer("stacks"));
    }
  }
}
