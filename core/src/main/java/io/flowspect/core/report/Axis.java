package io.flowspect.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One linear chart axis: the data range it spans and "nice" tick positions (1, 2 or 5 times a power
 * of ten) with labels that show just enough decimals to tell neighbouring ticks apart.
 *
 * @param lo value at the start of the axis
 * @param hi value at the end, greater than {@code lo}
 * @param step distance between ticks
 * @param ticks tick values within [lo, hi], increasing
 */
record Axis(double lo, double hi, double step, List<Double> ticks) {

  /**
   * Returns an axis over exactly [lo, hi] with about {@code targetTicks} ticks inside it.
   *
   * @param lo finite start
   * @param hi finite end, greater than lo
   */
  static Axis spanning(double lo, double hi, int targetTicks) {
    double step = niceStep((hi - lo) / Math.max(1, targetTicks));
    return new Axis(lo, hi, step, ticks(lo, hi, step));
  }

  /**
   * Returns an axis from {@code lo} to {@code max} rounded up to the next tick, so the top of the
   * data sits under a labelled line.
   */
  static Axis upTo(double lo, double max, int targetTicks) {
    double step = niceStep((max - lo) / Math.max(1, targetTicks));
    double hi = lo + Math.ceil((max - lo) / step - 1e-9) * step;
    return new Axis(lo, hi, step, ticks(lo, hi, step));
  }

  /** Formats a tick value with the decimals its step needs. */
  String label(double value) {
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    if (magnitude >= 1e6 || step < 1e-4) {
      return String.format(Locale.ROOT, "%.3g", value);
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static double niceStep(double raw) {
    if (!(raw > 0) || Double.isInfinite(raw)) {
      throw new IllegalArgumentException("axis range must be finite and positive, step " + raw);
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / power;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  private static List<Double> ticks(double lo, double hi, double step) {
    List<Double> ticks = new ArrayList<>();
    double first = Math.ceil(lo / step - 1e-9);
    for (long k = 0; ; k++) {
      double value = (first + k) * step;
      if (value > hi + step * 1e-9) {
        break;
      }
      ticks.add(Math.abs(value) < step * 1e-9 ? 0.0 : value);
    }
    return ticks;
  }
}
