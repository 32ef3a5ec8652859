package io.flowspect.service.routing;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Opens the configured bundles and answers "which model scores this line?"; swaps a model for a
 * reloaded or recalibrated one while images are being scored.
 *
 * <p>Every bundle folder is opened once, however many lines use it, with an ONNX Runtime batch size
 * equal to the pipeline's largest batch, so that a batch costs one ONNX Runtime call per model.
 * Bundles are verified (SHA-256 of every file) when opened: a damaged bundle stops start-up rather
 * than scoring garbage, and a damaged bundle on {@link #reload} is refused while the loaded one
 * keeps scoring.
 *
 * <p><b>Swapping without losing or repeating an image.</b> The routing table is immutable and held
 * in an atomic reference. Whoever scores takes a {@link Lease} on the current table (the pipeline
 * once per batch, the REST API once per request) and routes every image of that unit of work
 * through it, so a batch is scored entirely by the old model or entirely by the new one. A swap
 * replaces the reference and never touches Kafka offsets or the batch in flight: each input is
 * still scored and committed exactly once. The sessions of a replaced model are closed when the
 * last lease on the old table is released; a recalibrated model shares its sessions with the one it
 * replaces ({@link Detector#withCalibration}), so nothing is closed then.
 *
 * <p>Thread-safe. {@link #reload} and {@link #recalibrate} are serialised; leases never block.
 */
public final class ModelRouter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ModelRouter.class);

  private final OnnxOptions options;
  private final int maxBatch;
  private final AtomicReference<Table> current;
  private final Object admin = new Object();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ModelRouter(OnnxOptions options, int maxBatch, Table table) {
    this.options = options;
    this.maxBatch = maxBatch;
    this.current = new AtomicReference<>(table);
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
          routes
              .defaultBundle()
              .map(d -> byDir.computeIfAbsent(key(d), k -> load(k, options, maxBatch)))
              .orElse(null);
      Map<String, LoadedModel> byLine = new HashMap<>();
      routes
          .lines()
          .forEach(
              (line, dir) ->
                  byLine.put(
                      line, byDir.computeIfAbsent(key(dir), k -> load(k, options, maxBatch))));
      return new ModelRouter(
          options, maxBatch, new Table(defaultModel, byLine, new ArrayList<>(byDir.values())));
    } catch (RuntimeException e) {
      byDir.values().forEach(m -> m.detector().close());
      throw e;
    }
  }

  private static Path key(Path dir) {
    return dir.toAbsolutePath().normalize();
  }

  private static LoadedModel load(Path dir, OnnxOptions options, int maxBatch) {
    Bundle bundle = Bundle.open(dir);
    Scorer scorer = Scorer.open(bundle, options, PngCompressor.INSTANCE, maxBatch);
    try {
      Calibration calibration = CalibrationFile.read(bundle).orElse(null);
      Detector detector = Detector.of(scorer, calibration);
      LoadedModel model =
          new LoadedModel(
              dir,
              detector,
              Instant.now(),
              calibration == null
                  ? LoadedModel.CalibrationSource.NONE
                  : LoadedModel.CalibrationSource.FILE);
      LOG.infof(
          "loaded model %s: decision %s, %s",
          model,
          detector.decision(),
          calibration != null
              ? "calibrated, threshold "
                  + calibration.threshold()
                  + " (alpha "
                  + calibration.alpha()
                  + ")"
              : "not calibrated (scores only, no p-value or decision)");
      return model;
    } catch (RuntimeException e) {
      scorer.close();
      throw e;
    }
  }

  /**
   * Takes a lease on the current routing table: score with the models it routes to, then close it.
   * Never blocks.
   *
   * @return the lease
   * @throws IllegalStateException if the router is closed
   */
  public Lease lease() {
    while (true) {
      Table t = current.get();
      t.leases.incrementAndGet();
      if (current.get() == t && !t.retired) {
        return new Lease(t);
      }
      t.release();
      if (closed) {
        throw new IllegalStateException("the model router is closed");
      }
    }
  }

  /**
   * Returns every loaded model, each once, as the current table holds them. Reading their metadata
   * is safe at any time; score only inside a {@link #lease()}.
   *
   * @return the models in configuration order
   */
  public Collection<LoadedModel> models() {
    return current.get().models;
  }

  /**
   * Returns the catalogue: every loaded model with its API key and lines.
   *
   * @return the entries in configuration order
   */
  public List<ModelEntry> entries() {
    return current.get().entries;
  }

  /**
   * Finds a model by its API key.
   *
   * @param key see {@link ModelEntry#key()}
   * @return the entry; empty when no loaded model has that key
   */
  public Optional<ModelEntry> entry(String key) {
    return Optional.ofNullable(current.get().byKey.get(key));
  }

  /**
   * Calls a listener after every swap (reload or recalibration), on the thread that swapped.
   *
   * @param listener the callback; must not throw
   */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Opens a model's bundle folder again (manifest, graphs, checksums and calibration.json, as they
   * are on disk now) and swaps it in for the loaded one. The pipeline scores its next batch with
   * the new model; the old model's sessions close when the batches and requests using it finish.
   *
   * @param key the model's API key
   * @return the new entry; empty when no model has that key
   * @throws io.flowspect.core.bundle.BundleException if the bundle on disk is missing, damaged or
   *     inconsistent; the loaded model then stays in place
   */
  public Optional<ModelEntry> reload(String key) {
    return replace(
        key,
        old -> {
          LoadedModel fresh = load(old.dir(), options, maxBatch);
          LOG.infof("reloaded %s, replacing %s", fresh, old);
          return fresh;
        });
  }

  /**
   * Replaces a model's calibration (e.g. a new alpha or threshold, see {@link Thresholds}) and
   * swaps in a detector with it that shares the model's sessions.
   *
   * @param key the model's API key
   * @param change turns the current calibration into the new one
   * @param persist whether to write the new calibration to the bundle's calibration.json, so that
   *     it survives a reload and a restart
   * @return the new entry; empty when no model has that key
   * @throws IllegalStateException if the model has no calibration
   * @throws IllegalArgumentException if {@code change} refuses the new values
   */
  public Optional<ModelEntry> recalibrate(
      String key, UnaryOperator<Calibration> change, boolean persist) {
    return replace(
        key,
        old -> {
          Calibration calibration =
              old.detector()
                  .calibration()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "model "
                                  + key
                                  + " has no calibration.json, so it has no threshold to change: run"
                                  + " flowspect calibrate on "
                                  + old.dir()
                                  + " and reload it"));
          Calibration next = change.apply(calibration);
          Detector detector = old.detector().withCalibration(next);
          if (persist) {
            CalibrationFile.write(old.detector().scorer().bundle(), next);
          }
          LoadedModel fresh =
              new LoadedModel(
                  old.dir(),
                  detector,
                  old.loadedAt(),
                  persist ? LoadedModel.CalibrationSource.FILE : LoadedModel.CalibrationSource.API);
          LOG.infof(
              "model %s: threshold %s -> %s (alpha %s -> %s)%s",
              key,
              calibration.threshold(),
              next.threshold(),
              calibration.alpha(),
              next.alpha(),
              persist ? ", written to calibration.json" : "");
          return fresh;
        });
  }

  /**
   * Replaces one model under the admin lock, so that reloads and recalibrations of a model never
   * interleave: finds the entry by key, builds the replacement from the loaded model and swaps it
   * in.
   *
   * @return the new entry; empty when no model has that key
   */
  private Optional<ModelEntry> replace(String key, UnaryOperator<LoadedModel> fresh) {
    synchronized (admin) {
      checkOpen();
      Table t = current.get();
      ModelEntry entry = t.byKey.get(key);
      if (entry == null) {
        return Optional.empty();
      }
      return Optional.of(swap(t, entry.model(), fresh.apply(entry.model())));
    }
  }

  private ModelEntry swap(Table t, LoadedModel old, LoadedModel fresh) {
    Table next = t.replace(old, fresh);
    current.set(next);
    t.retire(next.scorers());
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.warnf(e, "a model change listener failed");
      }
    }
    return next.entries.stream().filter(e -> e.model() == fresh).findFirst().orElseThrow();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model router is closed");
    }
  }

  /** Closes every model's sessions, at once or, for models still leased, when their lease ends. */
  @Override
  public void close() {
    synchronized (admin) {
      if (closed) {
        return;
      }
      closed = true;
      current.get().retire(Set.of());
    }
  }

  /**
   * The right to score with the models of one routing table until {@link #close()}; one unit of
   * work (a batch, a request). Not thread-safe; close it once.
   */
  public static final class Lease implements AutoCloseable {

    private final Table table;
    private boolean released;

    private Lease(Table table) {
      this.table = table;
    }

    /**
     * Returns the model for a line.
     *
     * @param line the record key or the request's line; null for none
     * @return the line's bundle, else the default bundle; empty when neither exists
     */
    public Optional<LoadedModel> route(String line) {
      LoadedModel m = line == null ? null : table.byLine.get(line);
      return Optional.ofNullable(m != null ? m : table.defaultModel);
    }

    /**
     * Returns every model of the leased table.
     *
     * @return the models in configuration order
     */
    public Collection<LoadedModel> models() {
      return table.models;
    }

    /** Releases the lease; the sessions of models swapped out meanwhile may close now. */
    @Override
    public void close() {
      if (!released) {
        released = true;
        table.release();
      }
    }
  }

  /** An immutable routing table with a count of the leases on it. */
  private static final class Table {

    final LoadedModel defaultModel;
    final Map<String, LoadedModel> byLine;
    final List<LoadedModel> models;
    final List<ModelEntry> entries;
    final Map<String, ModelEntry> byKey;
    final AtomicInteger leases = new AtomicInteger();
    final AtomicBoolean cleaned = new AtomicBoolean();
    volatile Set<Scorer> keep = Set.of();
    volatile boolean retired;

    Table(LoadedModel defaultModel, Map<String, LoadedModel> byLine, List<LoadedModel> models) {
      this.defaultModel = defaultModel;
      this.byLine = Collections.unmodifiableMap(new HashMap<>(byLine));
      this.models = List.copyOf(models);
      List<String> keys = keys(this.models);
      List<ModelEntry> list = new ArrayList<>();
      Map<String, ModelEntry> map = new LinkedHashMap<>();
      for (int i = 0; i < this.models.size(); i++) {
        LoadedModel m = this.models.get(i);
        Set<String> lines = new TreeSet<>();
        byLine.forEach(
            (line, model) -> {
              if (model == m) {
                lines.add(line);
              }
            });
        ModelEntry e = new ModelEntry(keys.get(i), m, List.copyOf(lines), m == defaultModel);
        list.add(e);
        map.put(e.key(), e);
      }
      this.entries = List.copyOf(list);
      this.byKey = Collections.unmodifiableMap(map);
    }

    /** Manifest ids; {@code id@version} where ids repeat; {@code #n} where both repeat. */
    private static List<String> keys(List<LoadedModel> models) {
      Map<String, Integer> ids = new HashMap<>();
      Map<String, Integer> versions = new HashMap<>();
      for (LoadedModel m : models) {
        ids.merge(m.ref().id(), 1, Integer::sum);
        versions.merge(m.ref().id() + "@" + m.ref().version(), 1, Integer::sum);
      }
      Map<String, Integer> seen = new HashMap<>();
      List<String> keys = new ArrayList<>();
      for (LoadedModel m : models) {
        String id = m.ref().id();
        String full = id + "@" + m.ref().version();
        if (ids.get(id) == 1) {
          keys.add(id);
        } else {
          int n = seen.merge(full, 1, Integer::sum);
          keys.add(versions.get(full) == 1 || n == 1 ? full : full + "#" + n);
        }
      }
      return keys;
    }

    Table replace(LoadedModel old, LoadedModel fresh) {
      Map<String, LoadedModel> lines = new HashMap<>();
      byLine.forEach((line, m) -> lines.put(line, m == old ? fresh : m));
      List<LoadedModel> list = new ArrayList<>();
      for (LoadedModel m : models) {
        list.add(m == old ? fresh : m);
      }
      return new Table(defaultModel == old ? fresh : defaultModel, lines, list);
    }

    Set<Scorer> scorers() {
      Set<Scorer> set = Collections.newSetFromMap(new IdentityHashMap<>());
      for (LoadedModel m : models) {
        set.add(m.detector().scorer());
      }
      return set;
    }

    void release() {
      if (leases.decrementAndGet() == 0 && retired) {
        cleanUp();
      }
    }

    /**
     * Marks the table replaced; its sessions not in {@code stillUsed} close with the last lease.
     */
    void retire(Set<Scorer> stillUsed) {
      keep = stillUsed;
      retired = true;
      if (leases.get() == 0) {
        cleanUp();
      }
    }

    private void cleanUp() {
      if (!cleaned.compareAndSet(false, true)) {
        return;
      }
      for (LoadedModel m : models) {
        if (!keep.contains(m.detector().scorer())) {
          try {
            m.detector().close();
          } catch (RuntimeException e) {
            LOG.warnf(e, "could not close the sessions of %s", m);
          }
        }
      }
    }
  }
}
