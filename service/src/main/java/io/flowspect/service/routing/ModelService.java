package io.flowspect.service.routing;

import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.lifecycle.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The application's {@link ModelRouter}: the configured bundles, opened once at start-up and shared
 * by the pipeline and the REST API, so that a reload or a threshold change through the API applies
 * to both.
 *
 * <p>Bundle folders are watched ({@link ModelSettings#watchInterval()}, {@link BundleWatcher}): a
 * bundle changed on disk is reloaded as through the API. A damaged bundle stops start-up. Without
 * any configured bundle there is no router: the pipeline stays off and the service is not ready.
 * The router is closed when the application stops, after the pipeline (which stops on the shutdown
 * event, before beans are destroyed).
 */
@Startup
@ApplicationScoped
public class ModelService {

  private static final Logger LOG = Logger.getLogger(ModelService.class);

  private final ModelRouter router;
  private final ScheduledExecutorService watcher;
  private volatile boolean leaveOpen;

  /**
   * Opens the configured bundles.
   *
   * @param models the routing table and ONNX Runtime settings
   * @param maxRecords the pipeline's largest batch: images per ONNX Runtime call
   * @param registry where {@code flowspect_bundle_refused_total{model}} counts bundles the watcher
   *     refused
   */
  public ModelService(
      ModelSettings models,
      @ConfigProperty(name = "flowspect.pipeline.max-records", defaultValue = "64") int maxRecords,
      MeterRegistry registry) {
    if (models.defaultBundle().isEmpty() && models.lines().isEmpty()) {
      LOG.warn(
          "no model configured: nothing can be scored. Set flowspect.models.default (env"
              + " FLOWSPECT_MODELS_DEFAULT) to a bundle folder, e.g. models/fmnist-glow");
      this.router = null;
      this.watcher = null;
      return;
    }
    Routes routes = BundlePaths.resolve(models.toRoutes(), Path.of(""), models.baseDir());
    LOG.infof(
        "models: default %s, lines %s",
        routes.defaultBundle().map(Path::toString).orElse("none"), routes.lines());
    this.router =
        ModelRouter.open(
            routes, new OnnxOptions(models.provider(), models.onnxThreads(), 0), maxRecords);
    Duration every = models.watchInterval();
    if (every.isZero() || every.isNegative()) {
      this.watcher = null;
      return;
    }
    BundleWatcher bundles =
        new BundleWatcher(
            router,
            (entry, e) ->
                Counter.builder("flowspect.bundle.refused")
                    .description(
                        "Bundles changed on disk that failed verification or loading; the model"
                            + " before them keeps scoring")
                    .tag("model", entry.model().ref().id())
                    .register(registry)
                    .increment());
    bundles.poll();
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flowspect-bundle-watcher"));
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            bundles.poll();
          } catch (RuntimeException e) {
            LOG.warnf(e, "bundle watcher failed; trying again in %s", every);
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Returns the router.
   *
   * @return the router; empty when no bundle is configured
   */
  public Optional<ModelRouter> router() {
    return Optional.ofNullable(router);
  }

  /**
   * Keeps the sessions open at shutdown: for a pipeline that did not stop in time and may still be
   * inside a model call (closing a session under a running call would crash the process).
   */
  public void leaveOpenAtShutdown() {
    leaveOpen = true;
  }

  @PreDestroy
  void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (router != null && !leaveOpen) {
      router.close();
    }
  }
}
