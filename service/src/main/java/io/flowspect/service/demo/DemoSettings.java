package io.flowspect.service.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * The demo producer ({@code flowspect.demo.*}): what it streams into the input topic when the
 * service runs its own broker.
 *
 * <p>Why a demo at all: the service's job is to watch a stream, and someone trying it for the first
 * time has no camera. With the embedded broker (no {@code kafka.bootstrap.servers}) the service
 * therefore feeds itself bundled sample images, so that scores, alerts and metrics appear within
 * seconds of {@code ./flowspect serve}. It never runs against a real cluster.
 */
@ConfigMapping(prefix = "flowspect.demo")
public interface DemoSettings {

  /**
   * Whether the demo producer runs with the embedded broker. Default true; set false to use the
   * embedded broker with your own producers only. Ignored (off) with {@code
   * kafka.bootstrap.servers}.
   *
   * @return true to stream sample images
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * Images per second. Default 10, a slow line camera: enough for a few alerts a minute and a
   * moving dashboard, little enough to leave the CPU to the scoring of a small machine.
   *
   * @return the rate, above 0
   */
  @WithDefault("10")
  double rate();

  /**
   * Record keys (line ids), used in turn. Default three lines, so that per-line metrics (drift,
   * alerts) have something to compare. Lines without a bundle of their own use the default model.
   *
   * @return the line ids
   */
  @WithDefault("line-1,line-2,line-3")
  List<String> lines();

  /**
   * Share of MNIST digits: images from another distribution altogether, which the complexity score
   * flags almost always. Default 0.05.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.05")
  double digitShare();

  /**
   * Share of Fashion-MNIST images with a synthetic production defect (core's {@code
   * DefectGenerator}: scratch, hole, stain, cutout, noise patch, foreign object, smear, fold, dead
   * pixels, tear, of random severity). Default 0.05. Global scores miss many of them: the demo
   * shows that honestly.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.05")
  double defectShare();

  /**
   * Share of corrupt inputs (truncated PNGs) that go to the dead-letter topic. Default 0.01.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.01")
  double corruptShare();

  /**
   * Share of readable images sent as raw 8-bit pixels ({@code application/x-raw} with the shape
   * headers) instead of PNG, so that both input formats of the contract are on the wire. Default
   * 0.25.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.25")
  double rawShare();

  /**
   * Seed of the image sequence: the same seed streams the same images in the same order.
   *
   * @return the seed
   */
  @WithDefault("1")
  long seed();

  /**
   * How often the service logs what the demo's images came to (scored, alerts per kind of image,
   * dead letters). Default 15 s; 0 turns the summary off.
   *
   * @return the interval
   */
  @WithDefault("15s")
  Duration reportInterval();

  /**
   * Returns the mix as a validated record.
   *
   * @return the mix
   * @throws IllegalArgumentException if a share is outside 0..1, the shares of special images add
   *     up to more than 1, or there is no line
   */
  /**
   * The frames line: its record key. The demo streams camera frames on it when the line's model (in
   * {@code flowspect.models.lines}) is calibrated for whole frames; default {@code line-frames},
   * which {@code ./flowspect serve} routes to {@code models/frames-fabric-glow}.
   *
   * @return the line id
   */
  @WithDefault("line-frames")
  String framesLine();

  /**
   * The surface of the frames line's frames (fabric, metal, wood, grid, leather). Default fabric.
   *
   * @return the surface's name
   */
  @WithDefault("fabric")
  String framesSurface();

  /**
   * One record in this many is a frame of the frames line. Default 10: one frame a second at the
   * default rate, a small share of a 2-core machine's scoring (a 256 x 256 frame costs about as
   * much as 200 thumbnails).
   *
   * @return at least 1
   */
  @WithDefault("10")
  int framesEvery();

  /**
   * Share of frames with a painted defect (moderate or strong). Default 0.5.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.5")
  double framesDefectShare();

  /**
   * The sensor line: its record key. The demo streams vibration recordings on it when the line's
   * model (in {@code flowspect.models.lines}) was trained on sensor windows; default {@code
   * line-vibration}, which {@code ./flowspect serve} routes to {@code models/signals-wavenet}.
   *
   * @return the line id
   */
  @WithDefault("line-vibration")
  String sensorLine();

  /**
   * One record in this many is a recording of the sensor line. Default 10: one recording a second
   * at the default rate.
   *
   * @return at least 1
   */
  @WithDefault("10")
  int sensorEvery();

  /**
   * Samples per recording. Default 4096: a third of a second at 12 kHz, four windows of the
   * reference sensor model.
   *
   * @return at least the model's window
   */
  @WithDefault("4096")
  int sensorSamples();

  /**
   * Share of recordings from a machine with a fault (moderate or strong). Default 0.1: about one
   * sensor alert in ten seconds at the default rates, beside the cameras' alerts.
   *
   * @return a fraction in 0..1
   */
  @WithDefault("0.1")
  double sensorFaultShare();

  default DemoMix toMix() {
    return new DemoMix(lines(), digitShare(), defectShare(), corruptShare(), rawShare(), seed());
  }
}
