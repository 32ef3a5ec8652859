package io.flowspect.trainer.cli;

import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.FamilySpecs;
import io.flowspect.trainer.model.SettingFlag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The architecture options of {@code train}, taken from the registered families' {@link
 * SettingFlag}s when the command is built, so that a new family brings its own flags.
 */
public final class FamilyFlags implements CommandLine.IModelTransformer {

  @Override
  public CommandSpec transform(CommandSpec command) {
    FamilySpecs.flags()
        .forEach(
            (name, declared) ->
                command.addOption(
                    OptionSpec.builder(name)
                        .type(String.class)
                        .paramLabel("<" + declared.getKey().key() + ">")
                        .description(
                            declared.getKey().description()
                                + " ["
                                + String.join(", ", declared.getValue())
                                + "]")
                        .build()));
    return command;
  }

  /**
   * Reads the architecture settings given on the command line for one family.
   *
   * <p>A flag of another family is ignored with a warning rather than refused, so that one script
   * can train several families with one set of flags.
   *
   * @param parsed the parse result of {@code train}
   * @param family the chosen family
   * @param warnings where to say which flags were ignored
   * @return setting key to value, for the flags given
   * @throws IllegalArgumentException for a value its setting refuses, naming the flag
   */
  static Map<String, Object> settings(
      ParseResult parsed, FamilySpec family, java.io.PrintStream warnings) {
    Map<String, SettingFlag> own = new LinkedHashMap<>();
    for (SettingFlag flag : family.flags()) {
      own.put(flag.name(), flag);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : FamilySpecs.flags().keySet()) {
      if (!parsed.hasMatchedOption(name)) {
        continue;
      }
      SettingFlag flag = own.get(name);
      if (flag == null) {
        warnings.println(
            "ignoring "
                + name
                + ": not a setting of --family "
                + family.family().id()
                + " (its settings: "
                + FamilySpecs.flagNames(family)
                + ")");
        continue;
      }
      List<String> given = parsed.matchedOption(name).stringValues();
      out.put(flag.key(), flag.value(given.get(given.size() - 1)));
    }
    return out;
  }
}
