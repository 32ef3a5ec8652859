package io.flowspect.core.signal;

import io.flowspect.core.Ids;
import io.flowspect.core.defect.Severity;
import java.util.Locale;

/**
 * The machine faults the vibration simulator plants, each with its textbook signature (ISO 20816
 * and any vibration-analysis primer) and a magnitude per severity.
 */
public enum Fault {
  /**
   * Mass imbalance: the once-per-revolution (1x) component grows. Magnitude: the factor added to
   * the 1x amplitude (subtle +0.5, moderate +1.2, strong +3).
   */
  IMBALANCE(0.5, 1.2, 3),

  /**
   * Shaft misalignment: strong 2x and 3x harmonics. Magnitude: the 2x amplitude added, in g (the 3x
   * gets half of it).
   */
  MISALIGNMENT(0.06, 0.15, 0.4),

  /**
   * Outer-race bearing defect: an impact each time a rolling element passes the defect, at the
   * ball-pass frequency of the outer race (BPFO = 3.585 x shaft speed), each ringing the
   * structure's resonance. Magnitude: the impact's peak acceleration, g.
   */
  OUTER_RACE(0.12, 0.3, 0.8),

  /**
   * Inner-race bearing defect: impacts at the inner race's ball-pass frequency (BPFI = 5.415 x
   * shaft speed), their strength modulated once per revolution as the defect turns through the load
   * zone. Magnitude: the impact's peak acceleration, g.
   */
  INNER_RACE(0.12, 0.3, 0.8);

  private final double[] magnitude;

  Fault(double subtle, double moderate, double strong) {
    this.magnitude = new double[] {subtle, moderate, strong};
  }

  /**
   * Returns the fault's magnitude at a severity, in the unit its constant names.
   *
   * @param severity how strong
   * @return the magnitude
   */
  public double magnitude(Severity severity) {
    return magnitude[severity.ordinal()];
  }

  /**
   * Returns the name in file names and reports.
   *
   * @return e.g. {@code outer_race}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a fault up by its id, case-insensitively.
   *
   * @param id e.g. "imbalance"
   * @return the fault
   */
  public static Fault of(String id) {
    return Ids.of(values(), Fault::id, id, "fault", "known faults");
  }
}
