package io.flowspect.service.demo;

import io.flowspect.core.defect.Severity;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.core.signal.VibrationSimulator;
import io.flowspect.service.ingest.ImageHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The demo's sensor line: recordings of a gearbox accelerometer beside the cameras, simulated at
 * the sample rate and full scale the line's model was trained on, some from a machine with a fault
 * (imbalance, misalignment, outer- or inner-race bearing damage), so that a newcomer sees
 * recordings windowed, judged and their hottest time span drawn on the operator page.
 *
 * @param line the record key of the sensor line
 * @param simulator one recording's samples at the model's coding
 * @param every one record in this many is a recording (at least 1)
 * @param faultShare the share of recordings from a faulty machine, 0..1
 */
public record DemoSensor(String line, VibrationSimulator simulator, int every, double faultShare) {

  private static final Fault[] FAULTS = Fault.values();

  /** Checks the settings. */
  public DemoSensor {
    Cadence.check(every, "faultShare", faultShare);
  }

  /**
   * Makes the sensor line of a model's coding.
   *
   * @param line the record key
   * @param coding the model's sample rate and full scale
   * @param samples samples per recording
   * @param every one record in this many is a recording
   * @param faultShare the share of faulty recordings
   * @return the sensor line
   */
  public static DemoSensor of(
      String line, SignalCoding coding, int samples, int every, double faultShare) {
    return new DemoSensor(
        line,
        new VibrationSimulator(coding.sampleRateHz(), samples, coding.fullScale()),
        every,
        faultShare);
  }

  /**
   * Makes the recording of one record.
   *
   * @param random the stream's random numbers
   * @param run the run tag of the ids
   * @param seq the record's sequence number
   * @return a float32 recording on the sensor line, id {@code
   *     demo-<run>-<seq>-sensor-<healthy|fault-severity>}
   */
  DemoImage next(Random random, String run, long seq) {
    boolean faulty = random.nextDouble() < faultShare;
    Fault fault = faulty ? FAULTS[random.nextInt(FAULTS.length)] : null;
    Severity severity = random.nextBoolean() ? Severity.MODERATE : Severity.STRONG;
    float[] samples = simulator.simulate(new SplittableRandom(random.nextLong()), fault, severity);
    String label =
        faulty
            ? fault.id().replace('_', '-') + "-" + severity.name().toLowerCase(Locale.ROOT)
            : "healthy";
    String id = DemoImage.id(run, seq, DemoKind.SENSOR, label);
    return new DemoImage(
        id,
        line,
        DemoKind.SENSOR,
        Recording.float32(new float[][] {samples}),
        Map.of(
            ImageHeaders.IMAGE_ID,
            id,
            ImageHeaders.CONTENT_TYPE,
            Recording.CONTENT_TYPE,
            ImageHeaders.SAMPLE_RATE,
            Long.toString(Math.round(simulator.sampleRate())),
            ImageHeaders.SIGNAL_CHANNELS,
            "1"));
  }
}
