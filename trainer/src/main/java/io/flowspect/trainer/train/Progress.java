package io.flowspect.trainer.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a long job is, with an ETA: a redrawn bar on a terminal, plain log lines (every 10%
 * or 30 s) otherwise, so CI logs and nohup files stay readable.
 *
 * <p>Time comes from an injected clock (nanoseconds) so tests can drive it.
 */
public final class Progress {

  private static final long LOG_EVERY_NANOS = 30_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final String label;
  private final long total;
  private final long start;
  private long lastLog;
  private int lastDecile = -1;

  public Progress(PrintStream out, boolean terminal, LongSupplier clock, String label, long total) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.label = label;
    this.total = Math.max(1, total);
    this.start = clock.getAsLong();
    this.lastLog = start;
  }

  /** A progress display on standard error, redrawn only when a console is attached. */
  public static Progress console(String label, long total) {
    return new Progress(System.err, System.console() != null, System::nanoTime, label, total);
  }

  /** Reports {@code done} of {@code total} units with a free-form status such as "bpd 3.41". */
  public void update(long done, String status) {
    long now = clock.getAsLong();
    double fraction = Math.min(1.0, (double) done / total);
    double elapsed = (now - start) / 1e9;
    double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
    int decile = (int) (fraction * 10);
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      out.printf(
          Locale.ROOT,
          "\r%s [%s%s] %3.0f%% ETA %s %s   ",
          label,
          "#".repeat(filled),
          ".".repeat(width - filled),
          fraction * 100,
          clock(eta),
          status);
      out.flush();
    } else if (decile > lastDecile || now - lastLog >= LOG_EVERY_NANOS) {
      out.printf(
          Locale.ROOT,
          "%s %d/%d (%.0f%%) elapsed %s ETA %s %s%n",
          label,
          done,
          total,
          fraction * 100,
          clock(elapsed),
          clock(eta),
          status);
      lastLog = now;
      lastDecile = decile;
    }
  }

  /** Ends the bar's line on a terminal. */
  public void finish() {
    if (terminal) {
      out.println();
    }
  }

  /** Seconds as h:mm:ss or m:ss; "?" while unknown. */
  static String clock(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
