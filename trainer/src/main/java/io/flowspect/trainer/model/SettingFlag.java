package io.flowspect.trainer.model;

import java.util.function.Function;

/**
 * One architecture setting as a {@code train} option: the flag, the setting key it fills, what it
 * means and how its text becomes the setting's value. Families declare theirs in {@link
 * FamilySpec#flags()}; the train command offers every registered family's flags and refuses one the
 * chosen family does not take.
 *
 * @param name the option, e.g. "--levels"
 * @param key the architecture setting, e.g. "levels"
 * @param description the help text, with units
 * @param parse turns the option's text into the setting's value; throws IllegalArgumentException
 */
public record SettingFlag(
    String name, String key, String description, Function<String, Object> parse) {

  /**
   * {@code --layers}, which several families take with one meaning each: declared once so that its
   * help text names them all.
   */
  public static final SettingFlag LAYERS =
      integer(
          "--layers",
          "layers",
          "mintnet: invertible masked-convolution layers; gaussianization: most layers to fit"
              + " (validation keeps fewer); pixelrnn: Row LSTM layers; wavenet: dilation doublings"
              + " per stack");

  /**
   * A whole-number setting.
   *
   * @param name the option
   * @param key the setting
   * @param description the help text
   * @return the flag
   */
  public static SettingFlag integer(String name, String key, String description) {
    return new SettingFlag(name, key, description, text -> Integer.valueOf(text.trim()));
  }

  /**
   * A real-number setting.
   *
   * @param name the option
   * @param key the setting
   * @param description the help text
   * @return the flag
   */
  public static SettingFlag number(String name, String key, String description) {
    return new SettingFlag(name, key, description, text -> Double.valueOf(text.trim()));
  }

  /**
   * Reads the option's text.
   *
   * @param text what was given on the command line
   * @return the setting's value
   * @throws IllegalArgumentException naming the flag, the text and why it is refused
   */
  public Object value(String text) {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + text + ": " + e.getMessage(), e);
    }
  }
}
