package io.flowspect.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The offline {@code flowspect} command line: train, sample, inspect and purify with model bundles.
 */
@Command(
    name = "flowspect",
    mixinStandardHelpOptions = true,
    version = "flowspect 0.1.0",
    description =
        "Likelihood-based inspection: train generative models of good images and use them.",
    subcommands = {
      TrainCommand.class,
      SampleCommand.class,
      InfoCommand.class,
      CalibrateCommand.class,
      ScoreCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      PurifyCommand.class,
      ManifestCommand.class,
      ExportCommand.class,
      FramesCommand.class,
      SignalsCommand.class,
      SensorLineCommand.class,
      DistillationCommand.class
    })
public final class FlowspectCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Flowspect's error handling: caller mistakes print one line, exit 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FlowspectCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof java.io.UncheckedIOException
              || e instanceof io.flowspect.core.bundle.BundleException
              || e instanceof io.flowspect.core.onnx.OnnxModelException) {
            commandLine
                .getErr()
                .println("flowspect " + commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }
}
