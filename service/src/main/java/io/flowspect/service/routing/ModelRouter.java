package io.flowspect.service.routing;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Opens the configured bundles once and answers "which model scores this line?".
 *
 * <p>Every bundle folder is opened once, however many lines use it, with an ONNX Runtime batch size
 * equal to the pipeline's largest batch, so that a batch costs one ONNX Runtime call per model.
 * Bundles are verified (SHA-256 of every file) when opened: a damaged bundle stops start-up rather
 * than scoring garbage.
 *
 * <p>Thread-safe after construction; {@link #close()} releases the ONNX Runtime sessions.
 */
public final class ModelRouter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ModelRouter.class);

  private final LoadedModel defaultModel;
  private final Map<String, LoadedModel> byLine;
  private final List<LoadedModel> models;

  private ModelRouter(
      LoadedModel defaultModel, Map<String, LoadedModel> byLine, List<LoadedModel> models) {
    this.defaultModel = defaultModel;
    this.byLine = byLine;
    this.models = models;
  }

  /**
   * Opens every bundle of a routing table.
   *
   * @param routes the table
   * @param options ONNX Runtime options for every model
   * @param maxBatch images per ONNX Runtime call: the pipeline's largest batch
   * @return the router; the caller closes it
   * @throws io.flowspect.core.bundle.BundleException if a bundle is missing or damaged
   */
  public static ModelRouter open(Routes routes, OnnxOptions options, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    Map<Path, LoadedModel> byDir = new LinkedHashMap<>();
    try {
      LoadedModel defaultModel =
          routes.defaultBundle().map(d -> load(byDir, d, options, maxBatch)).orElse(null);
      Map<String, LoadedModel> byLine = new HashMap<>();
      routes.lines().forEach((line, dir) -> byLine.put(line, load(byDir, dir, options, maxBatch)));
      return new ModelRouter(
          defaultModel,
          Collections.unmodifiableMap(byLine),
          List.copyOf(new ArrayList<>(byDir.values())));
    } catch (RuntimeException e) {
      byDir.values().forEach(m -> m.detector().close());
      throw e;
    }
  }

  private static LoadedModel load(
      Map<Path, LoadedModel> byDir, Path dir, OnnxOptions options, int maxBatch) {
    Path key = dir.toAbsolutePath().normalize();
    return byDir.computeIfAbsent(
        key,
        k -> {
          Bundle bundle = Bundle.open(k);
          Scorer scorer = Scorer.open(bundle, options, PngCompressor.INSTANCE, maxBatch);
          try {
            Detector detector = Detector.of(scorer, CalibrationFile.read(bundle).orElse(null));
            LoadedModel model = new LoadedModel(k, detector);
            LOG.infof(
                "loaded model %s: decision %s, %s",
                model,
                detector.decision(),
                detector.calibration().isPresent()
                    ? "calibrated"
                    : "not calibrated (scores only, no p-value or decision)");
            return model;
          } catch (RuntimeException e) {
            scorer.close();
            throw e;
          }
        });
  }

  /**
   * Returns the model for a line.
   *
   * @param line the record key; null for records without one
   * @return the line's bundle, else the default bundle; empty when neither exists
   */
  public Optional<LoadedModel> route(String line) {
    LoadedModel m = line == null ? null : byLine.get(line);
    return Optional.ofNullable(m != null ? m : defaultModel);
  }

  /**
   * Returns every loaded model, each once.
   *
   * @return the models in configuration order
   */
  public Collection<LoadedModel> models() {
    return models;
  }

  /** Closes every model's sessions. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (LoadedModel m : models) {
      try {
        m.detector().close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
