package io.flowspect.trainer.flow;

import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.FamilySpecs;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.util.List;
import java.util.Map;

/**
 * The multi-scale flows: one {@link FamilySpec} per step recipe, sharing the settings {@code
 * levels}, {@code steps} and {@code hidden}.
 */
public abstract class FlowFamilies extends DeclaredFamily {

  /** The flags every multi-scale flow takes. */
  public static final List<SettingFlag> FLAGS =
      List.of(
          SettingFlag.integer("--levels", "levels", "flows: scales, a squeeze and a split each"),
          SettingFlag.integer("--steps", "steps", "flows: steps per level"),
          SettingFlag.integer("--hidden", "hidden", "channels of each coupling network"));

  private final FlowSteps steps;

  /**
   * @param family the family, of kind flow
   * @param steps per level
   * @param hidden channels of each coupling network
   * @param recipe what a step is made of
   */
  protected FlowFamilies(Family family, int steps, int hidden, FlowSteps recipe) {
    super(family, Map.of("levels", 2, "steps", steps, "hidden", hidden), FLAGS);
    this.steps = recipe;
  }

  /**
   * Returns this family's step recipe.
   *
   * @return the recipe
   */
  public FlowSteps steps() {
    return steps;
  }

  @Override
  public GenerativeNetwork build(Architecture a) {
    return new MultiScaleFlow(
        new FlowConfig(
            family(),
            a.input(),
            a.integer("levels"),
            a.integer("steps"),
            a.integer("hidden"),
            a.seed()),
        steps);
  }

  /**
   * Returns the step recipe of a registered flow family.
   *
   * @param family a flow family
   * @return its recipe
   * @throws IllegalArgumentException if the family is not a registered multi-scale flow
   */
  public static FlowSteps stepsOf(Family family) {
    if (FamilySpecs.of(family) instanceof FlowFamilies flows) {
      return flows.steps();
    }
    throw new IllegalArgumentException(family + " is not a multi-scale flow");
  }

  /** A coupling layer of a Glow step: name, channels, hidden channels. */
  @FunctionalInterface
  public interface Coupling {
    FlowStep of(String name, int channels, int hidden);
  }

  /**
   * Glow's step with a given coupling: actnorm, invertible 1x1 convolution, coupling.
   *
   * @param coupling the coupling layer
   * @return the recipe
   */
  public static FlowSteps glowSteps(Coupling coupling) {
    return (name, k, c, h, w, hidden, seed) ->
        List.of(
            FlowLayers.actNorm(name + ".actnorm", c, h, w),
            FlowLayers.invertibleConv(name + ".invconv", c, h, w, seed),
            coupling.of(name + ".coupling", c, hidden));
  }

  /** Glow (Kingma and Dhariwal 2018): actnorm, invertible 1x1 convolution, affine coupling. */
  public static final class Glow extends FlowFamilies {
    public Glow() {
      super(Family.GLOW, 8, 128, glowSteps(FlowLayers::affineCoupling));
    }
  }

  /**
   * RealNVP (Dinh et al. 2017): checkerboard couplings on even steps, channel-wise ones after a
   * reversal on odd steps.
   */
  public static final class RealNvp extends FlowFamilies {
    public RealNvp() {
      super(
          Family.REALNVP,
          6,
          64,
          (name, k, c, h, w, hidden, seed) ->
              k % 2 == 0
                  ? List.of(
                      FlowLayers.actNorm(name + ".actnorm", c, h, w),
                      FlowLayers.checkerboardCoupling(
                          name + ".coupling", c, h, w, hidden, (k / 2) % 2))
                  : List.of(
                      FlowLayers.actNorm(name + ".actnorm", c, h, w),
                      FlowLayers.reverse(c),
                      FlowLayers.tanhCoupling(name + ".coupling", c, hidden)));
    }
  }

  /** NICE (Dinh et al. 2015): a reversal and an additive coupling; volume-preserving steps. */
  public static final class Nice extends FlowFamilies {
    public Nice() {
      super(
          Family.NICE,
          6,
          64,
          (name, k, c, h, w, hidden, seed) ->
              List.of(
                  FlowLayers.reverse(c),
                  FlowLayers.additiveCoupling(name + ".coupling", c, hidden)));
    }
  }
}
