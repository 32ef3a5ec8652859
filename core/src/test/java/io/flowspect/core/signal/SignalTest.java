package io.flowspect.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.data.IdxImages;
import io.flowspect.core.defect.Severity;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** mu-law coding against its formula, and the simulator's faults against their signatures. */
class SignalTest {

  private final VibrationSimulator sim = VibrationSimulator.standard();

  @Test
  void muLawCodesZeroMidScaleAndFullScaleAtTheEnds() {
    assertThat(MuLaw.encode(0)).isEqualTo(128);
    assertThat(MuLaw.encode(1)).isEqualTo(255);
    assertThat(MuLaw.encode(-1)).isEqualTo(0);
    assertThat(MuLaw.encode(7)).as("beyond full scale: clipped").isEqualTo(255);
    assertThatThrownBy(() -> MuLaw.encode(Double.NaN)).hasMessageContaining("NaN");
    int previous = -1;
    for (double x = -1; x <= 1; x += 1e-4) {
      int level = MuLaw.encode(x);
      assertThat(level).isGreaterThanOrEqualTo(previous);
      previous = level;
      // a level decodes to within one level of the sample
      double back = MuLaw.decode(level);
      double width =
          Math.max(
              Math.abs(MuLaw.decode(Math.min(255, level + 1)) - back),
              Math.abs(back - MuLaw.decode(Math.max(0, level - 1))));
      // rounding is in the companded domain, so the cell is not centred on the level in x
      assertThat(Math.abs(back - x)).isLessThanOrEqualTo(width);
    }
    // fine near zero: the levels next to mid-scale are 1/255 of a percent of full scale apart
    assertThat(MuLaw.decode(129) - MuLaw.decode(128)).isLessThan(2e-4);
    assertThat(MuLaw.decode(255) - MuLaw.decode(254)).isGreaterThan(0.02);
  }

  @Test
  void windowsAreSeededAndHealthyOnesStayInRange() {
    IdxImages a = sim.windows(20, null, null, 3);
    IdxImages b = sim.windows(20, null, null, 3);
    assertThat(a.pixels()).isEqualTo(b.pixels());
    assertThat(sim.windows(20, null, null, 4).pixels()).isNotEqualTo(a.pixels());
    assertThat(a.rows()).isEqualTo(1);
    assertThat(a.cols()).isEqualTo(1024);
    for (int i = 0; i < 50; i++) {
      float[] x = sim.simulate(new SplittableRandom(i), null, null);
      double peak = 0;
      for (float v : x) {
        peak = Math.max(peak, Math.abs(v));
      }
      assertThat(peak).as("healthy window %d peak, g", i).isBetween(0.2, 1.5);
    }
  }

  /** The same seed draws the same machine; the fault alone is the difference. */
  private float[] difference(long seed, Fault fault, Severity severity) {
    float[] healthy = sim.simulate(new SplittableRandom(seed), null, null);
    float[] faulty = sim.simulate(new SplittableRandom(seed), fault, severity);
    float[] d = new float[healthy.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = faulty[i] - healthy[i];
    }
    return d;
  }

  @Test
  void imbalanceAddsAPureOncePerRevolutionSine() {
    for (long seed = 0; seed < 10; seed++) {
      float[] d = difference(seed, Fault.IMBALANCE, Severity.STRONG);
      double sumSquares = 0;
      double peak = 0;
      int crossings = 0;
      for (int i = 0; i < d.length; i++) {
        sumSquares += d[i] * d[i];
        peak = Math.max(peak, Math.abs(d[i]));
        if (i > 0 && Math.signum(d[i]) != Math.signum(d[i - 1])) {
          crossings++;
        }
      }
      double rms = Math.sqrt(sumSquares / d.length);
      double cycles = crossings / 2.0;
      double hz = cycles / (d.length / sim.sampleRate());
      assertThat(hz).as("the added component's frequency, Hz").isBetween(24.0, 36.0);
      assertThat(peak / rms).as("a sine's crest factor").isCloseTo(Math.sqrt(2), within(0.15));
      assertThat(peak).as("3x the residual 1x of 0.2 to 0.3 g").isBetween(0.55, 0.95);
    }
  }

  @Test
  void outerRaceDefectsRingAtTheBallPassFrequency() {
    for (Severity severity : Severity.values()) {
      float[] d = difference(7, Fault.OUTER_RACE, severity);
      double peak = 0;
      for (float v : d) {
        peak = Math.max(peak, Math.abs(v));
      }
      int impacts = 0;
      int quiet = 1000;
      for (float v : d) {
        if (Math.abs(v) > 0.3 * peak) {
          if (quiet >= 40) {
            impacts++;
          }
          quiet = 0;
        } else {
          quiet++;
        }
      }
      // 85 ms at 3.585 x 28..32 Hz: 8.5 to 9.8 impacts, the first anywhere in one period
      assertThat(impacts).as("%s impacts", severity).isBetween(8, 10);
      assertThat(peak)
          .as("%s impact peak, g", severity)
          .isBetween(
              0.5 * Fault.OUTER_RACE.magnitude(severity),
              1.2 * Fault.OUTER_RACE.magnitude(severity));
    }
  }

  @Test
  void faultsAreNamedForFilesAndReports() {
    assertThat(Fault.of("outer_race")).isEqualTo(Fault.OUTER_RACE);
    assertThatThrownBy(() -> Fault.of("gear")).hasMessageContaining("imbalance");
  }
}
