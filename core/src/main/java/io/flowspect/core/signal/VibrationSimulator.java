package io.flowspect.core.signal;

import io.flowspect.core.data.IdxImages;
import io.flowspect.core.defect.Severity;
import java.util.SplittableRandom;

/**
 * A seeded simulator of an accelerometer on a gearbox's bearing housing: windows of vibration in g
 * from a healthy machine, or from one with a {@link Fault} at a {@link Severity}.
 *
 * <p>A healthy window holds what such a sensor sees: the shaft's 1x, 2x and 3x harmonics (residual
 * imbalance and alignment), a 23-tooth gear mesh with its first sidebands, broadband noise, and the
 * housing's structural resonance (about 2.8 kHz, 0.6 ms decay) rung now and then by small random
 * impacts (roughness). Between windows the shaft speed varies (28 to 32 Hz, a motor under varying
 * load), and so do every amplitude (within 20 %), phase and the resonance (within 3 %), so a model
 * must learn the machine, not one waveform. Faults change the signature as vibration analysis
 * describes them: imbalance the 1x, misalignment the 2x and 3x, bearing race defects a train of
 * resonance-ringing impacts at their ball-pass frequency.
 *
 * @param sampleRate samples per second
 * @param samples samples per window
 * @param fullScale the sensor's range, g: samples are coded as fractions of it ({@link MuLaw})
 */
public record VibrationSimulator(double sampleRate, int samples, double fullScale) {

  /** Gear teeth on the shaft. */
  static final int TEETH = 23;

  /** Outer-race ball-pass frequency per shaft revolution (a 6205 bearing's geometry). */
  static final double BPFO = 3.585;

  /** Inner-race ball-pass frequency per shaft revolution. */
  static final double BPFI = 5.415;

  public VibrationSimulator {
    if (!(sampleRate >= 2000) || samples < 16 || !(fullScale > 0)) {
      throw new IllegalArgumentException(
          "the simulator needs a sample rate of at least 2000 /s, 16 samples and a positive full"
              + " scale, found "
              + sampleRate
              + ", "
              + samples
              + ", "
              + fullScale);
    }
  }

  /**
   * The standard sensor: 12 kHz, 1,024-sample windows (85 ms, about 2.5 shaft revolutions and 9
   * outer-race impacts), full scale 4 g.
   *
   * @return the simulator
   */
  public static VibrationSimulator standard() {
    return new VibrationSimulator(12_000, 1024, 4.0);
  }

  /**
   * Simulates one window.
   *
   * @param random the window's randomness
   * @param fault the fault, or null for a healthy machine
   * @param severity the fault's severity; ignored when healthy
   * @return the samples, g
   */
  public float[] simulate(SplittableRandom random, Fault fault, Severity severity) {
    double shaft = 28 + 4 * random.nextDouble();
    double a1 = 0.25 * spread(random);
    double a2 = 0.08 * spread(random);
    double a3 = 0.04 * spread(random);
    double mesh = 0.15 * spread(random);
    double sideband = 0.2 * mesh;
    if (fault == Fault.IMBALANCE) {
      a1 *= 1 + fault.magnitude(severity);
    } else if (fault == Fault.MISALIGNMENT) {
      a2 += fault.magnitude(severity);
      a3 += fault.magnitude(severity) / 2;
    }
    double[] phase = new double[6];
    for (int i = 0; i < phase.length; i++) {
      phase[i] = 2 * Math.PI * random.nextDouble();
    }
    double resonance = 2800 * (0.97 + 0.06 * random.nextDouble());
    double[] x = new double[samples];
    for (int i = 0; i < samples; i++) {
      double w = 2 * Math.PI * shaft * i / sampleRate;
      x[i] =
          a1 * Math.sin(w + phase[0])
              + a2 * Math.sin(2 * w + phase[1])
              + a3 * Math.sin(3 * w + phase[2])
              + mesh * Math.sin(TEETH * w + phase[3])
              + sideband * Math.sin((TEETH - 1) * w + phase[4])
              + sideband * Math.sin((TEETH + 1) * w + phase[5])
              + 0.04 * gaussian(random);
    }
    double duration = samples / sampleRate;
    // roughness: small impacts at random, about 40 a second
    for (double t = exponential(random, 40); t < duration; t += exponential(random, 40)) {
      ring(x, t, 0.03 * Math.abs(gaussian(random)), resonance);
    }
    if (fault == Fault.OUTER_RACE || fault == Fault.INNER_RACE) {
      boolean inner = fault == Fault.INNER_RACE;
      double period = 1 / ((inner ? BPFI : BPFO) * shaft);
      double load = 2 * Math.PI * random.nextDouble();
      double peak = fault.magnitude(severity);
      for (double t = period * random.nextDouble();
          t < duration;
          t += period * (1 + 0.01 * gaussian(random))) {
        double strength =
            inner
                ? 0.5 + 0.5 * Math.cos(2 * Math.PI * shaft * t + load)
                : 0.9 + 0.2 * random.nextDouble();
        ring(x, t, peak * strength, resonance);
      }
    }
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }

  /**
   * Simulates a set of windows, coded to mu-law levels, as a 1 x {@link #samples} image each: the
   * form every likelihood model and {@code evaluate} take.
   *
   * @param count windows
   * @param fault the fault, or null for a healthy machine
   * @param severity its severity; ignored when healthy
   * @param seed the set's seed; window i depends on it and i only
   * @return the windows
   */
  public IdxImages windows(int count, Fault fault, Severity severity, long seed) {
    byte[] levels = new byte[count * samples];
    SplittableRandom root = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      SplittableRandom random = root.split();
      byte[] coded = MuLaw.encode(simulate(random, fault, severity), fullScale);
      System.arraycopy(coded, 0, levels, i * samples, samples);
    }
    return new IdxImages(count, 1, samples, levels);
  }

  /** A structural resonance rung at time t (s) with a peak in g, decaying with 0.6 ms. */
  private void ring(double[] x, double t, double peak, double frequency) {
    double tau = 0.0006;
    int first = (int) Math.ceil(t * sampleRate);
    int last = Math.min(samples, first + (int) Math.ceil(8 * tau * sampleRate));
    for (int i = Math.max(0, first); i < last; i++) {
      double dt = i / sampleRate - t;
      x[i] += peak * Math.exp(-dt / tau) * Math.sin(2 * Math.PI * frequency * dt);
    }
  }

  private static double spread(SplittableRandom random) {
    return 0.8 + 0.4 * random.nextDouble();
  }

  private static double exponential(SplittableRandom random, double rate) {
    return -Math.log(1 - random.nextDouble()) / rate;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
