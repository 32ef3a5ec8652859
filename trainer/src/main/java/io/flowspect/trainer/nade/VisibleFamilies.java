package io.flowspect.trainer.nade;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import io.flowspect.trainer.vae.Likelihood;
import io.flowspect.trainer.vae.LikelihoodFamily;
import java.util.List;
import java.util.Map;

/** The fully visible families: FVSBN, NADE and RNADE, one {@link FamilySpec} each. */
public final class VisibleFamilies {

  public static final Family FVSBN = new Family("fvsbn", Family.Kind.AUTOREGRESSIVE, false);
  public static final Family NADE = new Family("nade", Family.Kind.AUTOREGRESSIVE, false);
  public static final Family RNADE = new Family("rnade", Family.Kind.AUTOREGRESSIVE, false);

  /** Setting: the conditional of each sub-pixel, "logistic" (the default) or "bernoulli". */
  static final String LIKELIHOOD = LikelihoodFamily.LIKELIHOOD;

  private static final SettingFlag LIKELIHOOD_FLAG =
      new SettingFlag(
          "--likelihood",
          LIKELIHOOD,
          "fvsbn, nade: conditional of each sub-pixel, logistic (8-bit images, default) or"
              + " bernoulli (images binarised at 128)",
          text -> Likelihood.parse(text).id());

  private static final SettingFlag HIDDEN_FLAG =
      SettingFlag.integer("--hidden", "hidden", "nade, rnade: units of the shared hidden layer");

  private VisibleFamilies() {}

  /** A fully visible sigmoid belief network: a logistic regression per sub-pixel. */
  public static final class FvsbnFamily extends LikelihoodFamily {
    public FvsbnFamily() {
      super(FVSBN, Map.of(LIKELIHOOD, Likelihood.LOGISTIC.id()), List.of(LIKELIHOOD_FLAG));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new Fvsbn(a.input(), likelihood(a.settings()));
    }
  }

  /** NADE: the logistic regressions read one shared hidden layer. */
  public static final class NadeFamily extends LikelihoodFamily {
    public NadeFamily() {
      super(
          NADE,
          Map.of(LIKELIHOOD, Likelihood.LOGISTIC.id(), "hidden", 128),
          List.of(LIKELIHOOD_FLAG, HIDDEN_FLAG));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new Nade(a.input(), likelihood(a.settings()), a.integer("hidden"));
    }
  }

  /** RNADE: mixtures of Gaussians on dequantised sub-pixels. */
  public static final class RnadeFamily extends DeclaredFamily {
    public RnadeFamily() {
      super(
          RNADE,
          Map.of("hidden", 128, "components", 5),
          List.of(
              HIDDEN_FLAG,
              SettingFlag.integer(
                  "--components", "components", "rnade: Gaussians in each conditional")));
    }

    @Override
    public GenerativeNetwork build(Architecture a) {
      return new Rnade(a.input(), a.integer("hidden"), a.integer("components"));
    }
  }
}
