package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/**
 * A family whose sub-pixels follow a {@link Likelihood} chosen by the {@code likelihood} setting
 * (the VAEs' decoders, FVSBN and NADE): a Bernoulli one models binarised pixels, so its input
 * contract binarises at 128.
 */
public abstract class LikelihoodFamily extends DeclaredFamily {

  /** Setting: the likelihood, "logistic" (the default) or "bernoulli". */
  public static final String LIKELIHOOD = "likelihood";

  /**
   * @param family the family
   * @param defaults its settings and their defaults
   * @param flags its {@code train} options
   */
  protected LikelihoodFamily(Family family, Map<String, Object> defaults, List<SettingFlag> flags) {
    super(family, defaults, flags);
  }

  @Override
  public InputSpec input(InputSpec requested, Map<String, Object> settings) {
    return likelihood(settings).input(requested);
  }

  /**
   * The likelihood an architecture's settings name: logistic unless set.
   *
   * @param settings the architecture settings
   * @return the likelihood
   */
  protected static Likelihood likelihood(Map<String, Object> settings) {
    return Likelihood.of(settings, LIKELIHOOD);
  }
}
