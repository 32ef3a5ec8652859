package io.flowspect.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Overlaid histograms of several named samples on shared bins, e.g. the scores of normal and of
 * anomalous test images, with an optional vertical threshold line: the picture that shows how much
 * two score distributions overlap and where a threshold cuts them.
 *
 * <p>Each sample is drawn as the fraction of that sample per bin (so samples of different sizes
 * compare), as a translucent fill with a solid outline, in the order added. The bins span the 0.5th
 * to 99.5th percentile of the pooled values (widened to include the threshold): a single extreme
 * score or an infinity would otherwise squeeze everything else into one bin. Values outside are
 * counted in the first or last bin, and the x-axis label then says how many were clipped.
 *
 * <p>Usage: {@code HistogramChart.titled("Test bits/dim").xLabel("bits/dim").sample("normal",
 * n).sample("anomalous", a).threshold(4.1, "threshold").write(file)}. Mutable, not thread-safe.
 */
public final class HistogramChart {

  private static final double LOWER_PERCENTILE = 0.5;
  private static final double UPPER_PERCENTILE = 99.5;

  private final String title;
  private final Map<String, double[]> samples = new LinkedHashMap<>();
  private String xLabel = "score";
  private int bins = 50;
  private int width = 800;
  private int height = 480;
  private Double threshold;
  private String thresholdLabel;

  private HistogramChart(String title) {
    this.title = title;
  }

  /**
   * Starts a chart.
   *
   * @param title shown above the plot; empty for none
   * @return a chart with no samples, 50 bins, 800 x 480 pixels
   */
  public static HistogramChart titled(String title) {
    if (title == null) {
      throw new IllegalArgumentException("title must not be null");
    }
    return new HistogramChart(title);
  }

  /**
   * Adds a sample, drawn in the next palette colour (blue, vermillion, green, ...).
   *
   * @param name legend text, unique within the chart
   * @param values the sample, at least one value, none NaN (infinities are clipped like outliers);
   *     copied
   * @return this chart
   */
  public HistogramChart sample(String name, double[] values) {
    if (name == null || samples.containsKey(name)) {
      throw new IllegalArgumentException("sample name must be unique and not null, got " + name);
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("sample '" + name + "' must hold at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("sample '" + name + "' [" + i + "] is NaN");
      }
    }
    samples.put(name, values.clone());
    return this;
  }

  /**
   * Sets the x-axis label, including the unit, e.g. {@code "bits/dim"}.
   *
   * @return this chart
   */
  public HistogramChart xLabel(String label) {
    if (label == null) {
      throw new IllegalArgumentException("xLabel must not be null");
    }
    this.xLabel = label;
    return this;
  }

  /**
   * Sets the number of bins.
   *
   * @param count 1..1000
   * @return this chart
   */
  public HistogramChart bins(int count) {
    if (count < 1 || count > 1000) {
      throw new IllegalArgumentException("bins must be in 1..1000, got " + count);
    }
    this.bins = count;
    return this;
  }

  /**
   * Draws a dashed vertical line at a threshold, labelled with {@code label} and the value.
   *
   * @param value finite, in the samples' unit
   * @param label e.g. {@code "threshold (FPR 1%)"}
   * @return this chart
   */
  public HistogramChart threshold(double value, String label) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("threshold must be finite, got " + value);
    }
    if (label == null) {
      throw new IllegalArgumentException("threshold label must not be null");
    }
    this.threshold = value;
    this.thresholdLabel = label;
    return this;
  }

  /**
   * Sets the picture size.
   *
   * @param width pixels, at least 300
   * @param height pixels, at least 200
   * @return this chart
   */
  public HistogramChart size(int width, int height) {
    Drawing.checkSize(width, height, 300, 200);
    this.width = width;
    this.height = height;
    return this;
  }

  /**
   * Draws the chart.
   *
   * @return an RGB image of the chart's size
   * @throws IllegalStateException if no sample was added
   */
  public BufferedImage render() {
    if (samples.isEmpty()) {
      throw new IllegalStateException("add at least one sample before rendering");
    }
    Binning binning = binning();
    double lo = binning.lo();
    double hi = binning.hi();
    List<PlotArea.LegendEntry> legend = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, double[]> sample : samples.entrySet()) {
      legend.add(
          new PlotArea.LegendEntry(
              String.format(Locale.ROOT, "%s (n=%,d)", sample.getKey(), sample.getValue().length),
              Drawing.seriesColor(index++),
              PlotArea.Mark.FILL));
    }

    BufferedImage canvas = Drawing.canvas(width, height);
    PlotArea area =
        new PlotArea(
            canvas,
            title,
            axisLabel(binning),
            "fraction of sample per bin",
            Axis.spanning(lo, hi, 8),
            Axis.upTo(0, binning.maxFraction() * 1.05, 5),
            legend);
    Graphics2D g = Drawing.graphics(canvas);
    try {
      area.drawGrid(g);
      // all fills first, then all outlines, so no fill hides another sample's outline
      List<double[]> fractions = binning.fractions();
      for (int s = 0; s < fractions.size(); s++) {
        g.setColor(PlotArea.translucent(Drawing.seriesColor(s)));
        g.fill(steps(area, fractions.get(s), lo, hi, true));
      }
      g.setStroke(new BasicStroke(1.5f));
      for (int s = 0; s < fractions.size(); s++) {
        g.setColor(Drawing.seriesColor(s));
        g.draw(steps(area, fractions.get(s), lo, hi, false));
      }
      if (threshold != null) {
        drawThreshold(g, area);
      }
      area.drawFrame(g);
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /**
   * Draws the chart as PNG.
   *
   * @return the PNG file contents
   */
  public byte[] png() {
    return Drawing.png(render());
  }

  /**
   * Draws the chart into a PNG file, creating its directory.
   *
   * @param file where to write
   */
  public void write(Path file) {
    Drawing.write(render(), file);
  }

  /**
   * The shared bins and what fell outside them.
   *
   * @param lo left edge of the first bin
   * @param hi right edge of the last bin
   * @param below values left of {@code lo}, counted in the first bin
   * @param above values right of {@code hi}, counted in the last bin
   * @param fractions per sample, the fraction of its values in each bin
   * @param maxFraction the largest fraction of any sample in any bin
   */
  record Binning(
      double lo, double hi, int below, int above, List<double[]> fractions, double maxFraction) {}

  /** Bins every sample over the shared range. */
  Binning binning() {
    double[] range = range();
    double lo = range[0];
    double hi = range[1];
    int below = 0;
    int above = 0;
    List<double[]> fractions = new ArrayList<>();
    double maxFraction = 0;
    for (double[] values : samples.values()) {
      double[] f = new double[bins];
      for (double v : values) {
        below += v < lo ? 1 : 0;
        above += v > hi ? 1 : 0;
        f[bin(v, lo, hi)]++;
      }
      for (int b = 0; b < bins; b++) {
        f[b] /= values.length;
        maxFraction = Math.max(maxFraction, f[b]);
      }
      fractions.add(f);
    }
    return new Binning(lo, hi, below, above, fractions, maxFraction);
  }

  /** The x-axis label, saying how many values were clipped if any were. */
  String axisLabel(Binning binning) {
    if (binning.below() + binning.above() == 0) {
      return xLabel;
    }
    return xLabel
        + String.format(
            Locale.ROOT,
            " (clipped to the %.1f\u2013%.1f percentile range: %d below, %d above, counted in the"
                + " end bins)",
            LOWER_PERCENTILE,
            UPPER_PERCENTILE,
            binning.below(),
            binning.above());
  }

  /** The bin range: pooled percentiles, widened to the threshold, never empty. */
  private double[] range() {
    int n = 0;
    for (double[] values : samples.values()) {
      n += values.length;
    }
    double[] pooled = new double[n];
    int at = 0;
    for (double[] values : samples.values()) {
      System.arraycopy(values, 0, pooled, at, values.length);
      at += values.length;
    }
    Arrays.sort(pooled);
    // order statistics, not interpolated: a small sample is never clipped at all
    double lo = pooled[(int) Math.floor(LOWER_PERCENTILE / 100 * (n - 1))];
    double hi = pooled[(int) Math.ceil(UPPER_PERCENTILE / 100 * (n - 1))];
    if (lo == Double.NEGATIVE_INFINITY || hi == Double.POSITIVE_INFINITY) {
      double firstFinite = Double.NaN;
      double lastFinite = Double.NaN;
      for (double v : pooled) {
        if (Double.isFinite(v)) {
          lastFinite = v;
          if (Double.isNaN(firstFinite)) {
            firstFinite = v;
          }
        }
      }
      if (Double.isNaN(firstFinite)) {
        firstFinite = 0;
        lastFinite = 1;
      }
      lo = Double.isInfinite(lo) ? firstFinite : lo;
      hi = Double.isInfinite(hi) ? Math.max(lo, lastFinite) : hi;
    }
    if (threshold != null) {
      lo = Math.min(lo, threshold);
      hi = Math.max(hi, threshold);
    }
    if (lo == hi) {
      double pad = Math.max(0.5, Math.abs(lo) * 0.05);
      lo -= pad;
      hi += pad;
    }
    return new double[] {lo, hi};
  }

  private int bin(double v, double lo, double hi) {
    if (v <= lo) {
      return 0;
    }
    if (v >= hi) {
      return bins - 1;
    }
    return Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins));
  }

  /**
   * The histogram's step shape: closed along the axis for filling, or as outlines of the runs of
   * non-empty bins only, so that empty bins draw no line over the x axis.
   */
  private Path2D.Double steps(
      PlotArea area, double[] fraction, double lo, double hi, boolean closed) {
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (int b = 0; b < bins; b++) {
      double left = area.px(lo + (hi - lo) * b / bins);
      double right = area.px(lo + (hi - lo) * (b + 1) / bins);
      if (fraction[b] == 0 && !closed) {
        if (open) {
          path.lineTo(left, area.py(0));
          open = false;
        }
        continue;
      }
      if (!open) {
        path.moveTo(left, area.py(0));
        open = true;
      }
      path.lineTo(left, area.py(fraction[b]));
      path.lineTo(right, area.py(fraction[b]));
    }
    if (open) {
      path.lineTo(area.px(hi), area.py(0));
    }
    if (closed) {
      path.closePath();
    }
    return path;
  }

  private void drawThreshold(Graphics2D g, PlotArea area) {
    Rectangle plot = area.plot();
    double x = area.px(threshold);
    g.setColor(Drawing.TEXT);
    g.setStroke(PlotArea.dashed(1.5f));
    g.draw(new Line2D.Double(x, plot.y, x, plot.y + plot.height));
    g.setFont(Drawing.font(Font.PLAIN, 12f));
    FontMetrics fm = g.getFontMetrics();
    String text =
        Drawing.fit(
            g,
            thresholdLabel + " = " + String.format(Locale.ROOT, "%.4g", threshold),
            plot.width - 12);
    int textWidth = fm.stringWidth(text);
    double textX = x + 5 + textWidth <= plot.x + plot.width - 4 ? x + 5 : x - 5 - textWidth;
    textX = Math.max(plot.x + 4, textX);
    int baseline = plot.y + 6 + fm.getAscent();
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect((int) textX - 2, baseline - fm.getAscent() - 1, textWidth + 4, fm.getHeight() + 2);
    g.setColor(Drawing.TEXT);
    g.drawString(text, (float) textX, baseline);
  }
}
