package io.flowspect.core.report;

import io.flowspect.core.eval.RocCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several ROC curves in one square plot, e.g. one per candidate score, with each curve's area in
 * the legend and the diagonal of a score that cannot tell the classes apart for reference.
 *
 * <p>The legend shows {@link RocCurve#area()}: pass the full curve from {@link RocCurve#of} for the
 * exact AUROC (a downsampled curve shows an approximation). Curves are downsampled for drawing
 * only. Mutable, not thread-safe.
 */
public final class RocChart {

  private final String title;
  private final Map<String, RocCurve> curves = new LinkedHashMap<>();
  private int width = 620;
  private int height = 620;

  private RocChart(String title) {
    this.title = title;
  }

  /**
   * Starts a chart.
   *
   * @param title shown above the plot; empty for none
   * @return a chart with no curves, 620 x 620 pixels
   */
  public static RocChart titled(String title) {
    if (title == null) {
      throw new IllegalArgumentException("title must not be null");
    }
    return new RocChart(title);
  }

  /**
   * Adds a curve, drawn in the next palette colour (blue, vermillion, green, ...).
   *
   * @param name legend text, unique within the chart
   * @param curve the curve
   * @return this chart
   */
  public RocChart curve(String name, RocCurve curve) {
    if (name == null || curves.containsKey(name)) {
      throw new IllegalArgumentException("curve name must be unique and not null, got " + name);
    }
    if (curve == null) {
      throw new IllegalArgumentException("curve '" + name + "' must not be null");
    }
    curves.put(name, curve);
    return this;
  }

  /**
   * Sets the picture size.
   *
   * @param width pixels, at least 300
   * @param height pixels, at least 300
   * @return this chart
   */
  public RocChart size(int width, int height) {
    Drawing.checkSize(width, height, 300, 300);
    this.width = width;
    this.height = height;
    return this;
  }

  /**
   * Draws the chart.
   *
   * @return an RGB image of the chart's size
   * @throws IllegalStateException if no curve was added
   */
  public BufferedImage render() {
    if (curves.isEmpty()) {
      throw new IllegalStateException("add at least one curve before rendering");
    }
    BufferedImage canvas = Drawing.canvas(width, height);
    PlotArea area =
        new PlotArea(
            canvas,
            title,
            "false positive rate (share of normal images flagged)",
            "true positive rate (share of anomalies caught)",
            Axis.spanning(0, 1, 5),
            Axis.spanning(0, 1, 5),
            List.of());
    Rectangle plot = area.plot();
    List<PlotArea.LegendEntry> legend = new ArrayList<>();
    Graphics2D g = Drawing.graphics(canvas);
    try {
      area.drawGrid(g);
      g.setColor(Color.GRAY);
      g.setStroke(PlotArea.dashed(1.2f));
      g.draw(new Line2D.Double(area.px(0), area.py(0), area.px(1), area.py(1)));
      g.clip(new Rectangle(plot.x - 2, plot.y - 2, plot.width + 4, plot.height + 4));
      int index = 0;
      for (Map.Entry<String, RocCurve> entry : curves.entrySet()) {
        Color color = Drawing.seriesColor(index++);
        RocCurve full = entry.getValue();
        RocCurve curve = full.downsample(Math.max(2, 4 * plot.width));
        Path2D.Double path = new Path2D.Double();
        path.moveTo(area.px(curve.fpr()[0]), area.py(curve.tpr()[0]));
        for (int k = 1; k < curve.size(); k++) {
          path.lineTo(area.px(curve.fpr()[k]), area.py(curve.tpr()[k]));
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
        legend.add(
            new PlotArea.LegendEntry(legendText(entry.getKey(), full), color, PlotArea.Mark.LINE));
      }
      g.setClip(null);
      legend.add(new PlotArea.LegendEntry("chance (0.5)", Color.GRAY, PlotArea.Mark.DASHED));
      area.drawFrame(g);
      area.drawLegendInside(g, legend);
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /** The legend text of a curve: its name and its area to 4 decimals. */
  static String legendText(String name, RocCurve curve) {
    return String.format(Locale.ROOT, "%s (AUROC %.4f)", name, curve.area());
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
}
