package io.flowspect.service.routing;

import io.flowspect.core.bundle.BundleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reloads a model when its bundle folder changes on disk: a new {@code model.onnx} and {@code
 * manifest.json} copied in, or a {@code calibration.json} rewritten by {@code flowspect calibrate}.
 *
 * <p>Each {@link #poll()} takes a fingerprint of every folder (name, size and modification time of
 * each file). A changed fingerprint is reloaded only when the next poll finds it unchanged, so that
 * a copy in progress is not opened half-way; a bundle that still fails verification is not retried
 * until its files change again. The swap is {@link ModelRouter#reload}'s: between batches, nothing
 * lost or scored twice. Not thread-safe: one scheduler thread polls.
 */
public final class BundleWatcher {

  private static final Logger LOG = Logger.getLogger(BundleWatcher.class);

  private final ModelRouter router;
  private final BiConsumer<ModelEntry, RuntimeException> refused;
  private final Map<Path, State> states = new HashMap<>();

  /** What the watcher knows about one folder. */
  private static final class State {
    String loaded;
    String pending;
    String failed;
  }

  /**
   * Watches the router's bundle folders.
   *
   * @param router the models
   */
  public BundleWatcher(ModelRouter router) {
    this(router, (entry, e) -> {});
  }

  /**
   * Watches the router's bundle folders and reports every changed bundle that cannot be loaded
   * (tampered, half-copied, unreadable), once per change.
   *
   * @param router the models
   * @param refused told the model that keeps scoring and why its new files were refused
   */
  public BundleWatcher(ModelRouter router, BiConsumer<ModelEntry, RuntimeException> refused) {
    this.router = router;
    this.refused = refused;
  }

  /**
   * Checks every folder once; reloads those whose change has settled.
   *
   * @return the number of models reloaded
   */
  public int poll() {
    int reloaded = 0;
    for (ModelEntry entry : router.entries()) {
      Path dir = entry.model().dir();
      String now;
      try {
        now = fingerprint(dir);
      } catch (UncheckedIOException e) {
        LOG.debugf("cannot read %s: %s", dir, e.getMessage());
        continue;
      }
      State s = states.computeIfAbsent(dir, d -> new State());
      if (s.loaded == null) {
        s.loaded = now;
      } else if (now.equals(s.loaded)) {
        s.pending = null;
      } else if (!now.equals(s.pending)) {
        s.pending = now;
      } else if (!now.equals(s.failed)) {
        try {
          router.reload(entry.key());
          LOG.infof("bundle %s changed on disk: reloaded", dir);
          s.loaded = now;
          s.pending = null;
          s.failed = null;
          reloaded++;
        } catch (BundleException | UncheckedIOException | IllegalArgumentException e) {
          s.failed = now;
          LOG.warnf(
              "bundle %s changed on disk but cannot be loaded (%s); model %s keeps scoring",
              dir, e.getMessage(), entry.model());
          refused.accept(entry, e);
        }
      }
    }
    return reloaded;
  }

  private static String fingerprint(Path dir) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted().toList()) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          sb.append(dir.relativize(f))
              .append(' ')
              .append(a.size())
              .append(' ')
              .append(a.lastModifiedTime().toMillis())
              .append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }
}
