package io.flowspect.service.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Tells the person waiting for a {@link ServiceBench} run where it is and when it will end: a line
 * every few seconds with the phase, the share of the whole run done and an estimated time left.
 *
 * <p>The run is a fixed list of phases with planned durations; the phase in progress reports how
 * far it is (0..1). The estimate scales the time spent so far by the share left, so phases that run
 * longer than planned (a slower end-to-end slice) stretch it honestly. Thread-safe.
 */
final class BenchProgress implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(5);

  private final PrintStream out;
  private final double plannedTotal;
  private final long startNanos = System.nanoTime();
  private final Thread printer;
  private double plannedDone;
  private double plannedCurrent;
  private String phase = "starting";
  private DoubleSupplier fraction = () -> 0;

  /**
   * Starts printing.
   *
   * @param out where the lines go (standard error: the tables go to standard output)
   * @param plannedSeconds the planned length of every phase, summed
   */
  BenchProgress(PrintStream out, double plannedSeconds) {
    this.out = out;
    this.plannedTotal = plannedSeconds;
    this.printer = new Thread(this::loop, "flowspect-bench-progress");
    this.printer.setDaemon(true);
    this.printer.start();
  }

  /**
   * Enters a phase; the previous one counts as done.
   *
   * @param name what is being measured
   * @param plannedSeconds its planned length
   * @param done how far it is, 0..1, read from the printer thread
   */
  synchronized void phase(String name, double plannedSeconds, DoubleSupplier done) {
    plannedDone += plannedCurrent;
    plannedCurrent = plannedSeconds;
    phase = name;
    fraction = done;
    out.println(line());
  }

  /**
   * Prints a line of its own (a finished slice's result).
   *
   * @param text the line
   */
  synchronized void note(String text) {
    out.println("  " + text);
  }

  private synchronized String line() {
    double f = Math.min(1, Math.max(0, fraction.getAsDouble()));
    double share = Math.min(1, (plannedDone + f * plannedCurrent) / plannedTotal);
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double left = share > 0.02 ? elapsed * (1 - share) / share : plannedTotal - elapsed;
    return String.format(
        Locale.ROOT,
        "[%3.0f%%] %s (%.0f%%), %s elapsed, about %s left",
        share * 100,
        phase,
        f * 100,
        clock(elapsed),
        clock(Math.max(0, left)));
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      out.println(line());
    }
  }

  @Override
  public void close() {
    printer.interrupt();
  }
}
