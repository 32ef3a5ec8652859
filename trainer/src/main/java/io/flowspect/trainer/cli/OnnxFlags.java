package io.flowspect.trainer.cli;

import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import picocli.CommandLine.Option;

/** ONNX Runtime flags shared by the scoring commands. */
final class OnnxFlags {

  @Option(
      names = "--provider",
      defaultValue = "cpu",
      description = "execution provider: cpu or cuda (falls back to cpu with a warning)")
  String provider;

  @Option(
      names = "--onnx-threads",
      defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0: one per core)")
  int threads;

  OnnxOptions options() {
    ExecutionProvider p;
    try {
      p = ExecutionProvider.valueOf(provider.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--provider must be cpu or cuda, got '" + provider + "'", e);
    }
    return new OnnxOptions(p, threads, 0);
  }
}
