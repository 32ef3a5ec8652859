package io.flowspect.service.demo;

import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.frames.Surface;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.TopicSettings;
import io.flowspect.service.lifecycle.GracefulShutdown;
import io.flowspect.service.lifecycle.Stoppable;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link DemoProducer} for the life of the application when the service runs its own
 * broker and {@link DemoSettings#enabled()}; never against a configured cluster, whose input topic
 * belongs to real cameras. Stopped by {@link GracefulShutdown} with the other parts.
 */
@ApplicationScoped
public class DemoService implements Stoppable {

  private static final Logger LOG = Logger.getLogger(DemoService.class);

  private final KafkaConnection kafka;
  private final DemoSettings settings;
  private final TopicSettings topics;
  private final ModelService models;
  private final int httpPort;
  private volatile DemoProducer producer;

  /**
   * Wires the settings; nothing starts before the startup event.
   *
   * @param kafka the cluster, embedded or not
   * @param settings rate and mix
   * @param topics the input topic
   * @param models the loaded models: a frames line streams frames when its model judges frames
   * @param httpPort the REST port, for the start-up hint
   */
  public DemoService(
      KafkaConnection kafka,
      DemoSettings settings,
      TopicSettings topics,
      ModelService models,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
    this.kafka = kafka;
    this.models = models;
    this.settings = settings;
    this.topics = topics;
    this.httpPort = httpPort;
  }

  /**
   * Tells whether the demo producer should run.
   *
   * @param embedded whether the service runs its own broker (no {@code kafka.bootstrap.servers})
   * @param enabled {@link DemoSettings#enabled()}
   * @return true only with the embedded broker and the demo enabled
   */
  public static boolean shouldRun(boolean embedded, boolean enabled) {
    return embedded && enabled;
  }

  void start(@Observes StartupEvent event) {
    if (!shouldRun(kafka.isEmbedded(), settings.enabled())) {
      if (kafka.isEmbedded()) {
        LOG.info("demo producer off (flowspect.demo.enabled=false)");
      }
      return;
    }
    DemoMix mix = settings.toMix();
    String run = Long.toString(System.currentTimeMillis() / 1000, 36);
    DemoFrames frames = frames(mix.seed());
    DemoSensor sensor = sensor();
    DemoProducer p =
        new DemoProducer(
            kafka.bootstrapServers(),
            topics.images(),
            new DemoStream(DemoSamples.bundled(), mix, run, frames, sensor),
            settings.rate(),
            kafka.settings().producer());
    p.start();
    producer = p;
    LOG.infof(
        "demo: streaming bundled Fashion-MNIST test images to %s at %s images/s on lines %s, with"
            + " %s MNIST digits, %s defective and %s corrupt images (ids demo-%s-<n>-<kind>-<label>);"
            + " watch GET http://localhost:%d/api/v1/alerts and /q/metrics."
            + " flowspect.demo.enabled=false turns the demo off",
        topics.images(),
        format(settings.rate()),
        mix.lines(),
        percent(mix.digitShare()),
        percent(mix.defectShare()),
        percent(mix.corruptShare()),
        run,
        httpPort);
    if (frames != null) {
      LOG.infof(
          "demo: one record in %d is a %d x %d %s frame on line %s (%s with a defect), judged whole"
              + " by its model; the operator page outlines the defects it finds",
          frames.every(),
          frames.maker().width(),
          frames.maker().height(),
          frames.maker().surface().id(),
          frames.line(),
          percent(frames.defectShare()));
    }
    if (sensor != null) {
      LOG.infof(
          "demo: one record in %d is a %d-sample vibration recording (%s Hz) on line %s (%s from a"
              + " faulty machine), judged window by window; the operator page draws its trace",
          sensor.every(),
          sensor.simulator().samples(),
          format(sensor.simulator().sampleRate()),
          sensor.line(),
          percent(sensor.faultShare()));
    }
  }

  /** What the model routed to a line offers, if a model is routed there and offers it. */
  private <T> Optional<T> onLine(String line, Function<LoadedModel, Optional<T>> what) {
    return models
        .router()
        .flatMap(
            router -> {
              try (ModelRouter.Lease lease = router.lease()) {
                return lease.route(line).flatMap(what);
              }
            });
  }

  /**
   * The sensor line, when a model trained on sensor windows is routed to {@link
   * DemoSettings#sensorLine()}; null otherwise.
   */
  private DemoSensor sensor() {
    Optional<SignalCoding> coding =
        onLine(
            settings.sensorLine(), m -> SignalCoding.of(m.detector().scorer().bundle().manifest()));
    if (coding.isEmpty()) {
      return null;
    }
    int window =
        onLine(settings.sensorLine(), m -> Optional.of(m.detector().scorer().input().width()))
            .orElse(1);
    if (settings.sensorSamples() < window) {
      LOG.warnf(
          "demo: no sensor line: flowspect.demo.sensor-samples is %d, shorter than one window of"
              + " %d samples of the model on %s",
          settings.sensorSamples(), window, settings.sensorLine());
      return null;
    }
    return DemoSensor.of(
        settings.sensorLine(),
        coding.get(),
        settings.sensorSamples(),
        settings.sensorEvery(),
        settings.sensorFaultShare());
  }

  /**
   * The frames line, when a model calibrated for whole frames is routed to {@link
   * DemoSettings#framesLine()}; null otherwise (no such route: the demo streams thumbnails only).
   */
  private DemoFrames frames(long seed) {
    Optional<FrameCalibration> calibration =
        onLine(settings.framesLine(), m -> m.detector().frames().map(FrameDetector::calibration));
    if (calibration.isEmpty()) {
      return null;
    }
    return DemoFrames.of(
        settings.framesLine(),
        Surface.of(settings.framesSurface()),
        calibration.get().width(),
        calibration.get().height(),
        settings.framesEvery(),
        settings.framesDefectShare(),
        seed);
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String percent(double share) {
    return format(share * 100) + "%";
  }

  /**
   * Tells whether the demo producer runs.
   *
   * @return true between start-up and stop when the demo is on
   */
  public boolean isRunning() {
    DemoProducer p = producer;
    return p != null && p.isAlive();
  }

  /**
   * Returns the number of demo images the broker acknowledged.
   *
   * @return the count; 0 when the demo is off
   */
  public long sent() {
    DemoProducer p = producer;
    return p == null ? 0 : p.sent();
  }

  @Override
  public String stopName() {
    return "demo producer";
  }

  @Override
  public boolean stop(Duration timeout) {
    DemoProducer p = producer;
    return p == null || p.stop(timeout);
  }
}
