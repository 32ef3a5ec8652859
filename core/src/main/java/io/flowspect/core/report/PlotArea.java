package io.flowspect.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The frame of a two-axis chart: lays out title, optional legend row, axis labels and tick labels
 * around a plot rectangle, maps data coordinates to pixels and draws everything but the data.
 */
final class PlotArea {

  /** How a legend entry shows its series. */
  enum Mark {
    FILL,
    LINE,
    DASHED
  }

  /** One legend line: a mark in a colour, then text. */
  record LegendEntry(String text, Color color, Mark mark) {}

  private static final int PAD = 14;
  private static final int TICK = 5;
  private static final int SWATCH = 22;

  private static final Font TITLE = Drawing.font(Font.BOLD, 18f);
  private static final Font LABEL = Drawing.font(Font.PLAIN, 14f);
  private static final Font TICKS = Drawing.font(Font.PLAIN, 12f);
  private static final Font LEGEND = Drawing.font(Font.PLAIN, 13f);

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Axis x;
  private final Axis y;
  private final List<LegendEntry> legendRow;
  private final Rectangle plot;
  private final int canvasWidth;

  /**
   * Lays out the chart.
   *
   * @param legendRow entries shown in one row under the title, outside the plot; empty for none
   */
  PlotArea(
      BufferedImage canvas,
      String title,
      String xLabel,
      String yLabel,
      Axis x,
      Axis y,
      List<LegendEntry> legendRow) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.x = x;
    this.y = y;
    this.legendRow = legendRow;
    this.canvasWidth = canvas.getWidth();
    Graphics2D g = Drawing.graphics(canvas);
    try {
      FontMetrics titleMetrics = g.getFontMetrics(TITLE);
      FontMetrics labelMetrics = g.getFontMetrics(LABEL);
      FontMetrics tickMetrics = g.getFontMetrics(TICKS);
      int top = PAD;
      if (!title.isEmpty()) {
        top += titleMetrics.getHeight() + 4;
      }
      if (!legendRow.isEmpty()) {
        top += g.getFontMetrics(LEGEND).getHeight() + 6;
      }
      top += tickMetrics.getHeight() / 2;
      int widestTick = 0;
      for (double tick : y.ticks()) {
        widestTick = Math.max(widestTick, tickMetrics.stringWidth(y.label(tick)));
      }
      int left = PAD + labelMetrics.getHeight() + 6 + widestTick + 4 + TICK;
      int bottom = PAD + labelMetrics.getHeight() + 6 + tickMetrics.getHeight() + 2 + TICK;
      int lastTickWidth =
          x.ticks().isEmpty()
              ? 0
              : tickMetrics.stringWidth(x.label(x.ticks().get(x.ticks().size() - 1)));
      int right = PAD + Math.max(6, lastTickWidth / 2);
      plot =
          new Rectangle(
              left, top, canvas.getWidth() - left - right, canvas.getHeight() - top - bottom);
    } finally {
      g.dispose();
    }
    if (plot.width < 40 || plot.height < 40) {
      throw new IllegalArgumentException(
          "chart of "
              + canvas.getWidth()
              + " x "
              + canvas.getHeight()
              + " pixels leaves no room to plot, got "
              + plot.width
              + " x "
              + plot.height);
    }
  }

  /** The plot rectangle, in pixels. */
  Rectangle plot() {
    return plot;
  }

  /** Horizontal pixel position of a data value. */
  double px(double value) {
    return plot.x + (value - x.lo()) / (x.hi() - x.lo()) * plot.width;
  }

  /** Vertical pixel position of a data value (up is larger). */
  double py(double value) {
    return plot.y + plot.height - (value - y.lo()) / (y.hi() - y.lo()) * plot.height;
  }

  /** Draws the grid lines behind the data. */
  void drawGrid(Graphics2D g) {
    g.setColor(Drawing.GRID);
    g.setStroke(new BasicStroke(1f));
    for (double tick : x.ticks()) {
      g.draw(new Line2D.Double(px(tick), plot.y, px(tick), plot.y + plot.height));
    }
    for (double tick : y.ticks()) {
      g.draw(new Line2D.Double(plot.x, py(tick), plot.x + plot.width, py(tick)));
    }
  }

  /** Draws the frame, ticks, tick labels, axis labels, title and legend row over the data. */
  void drawFrame(Graphics2D g) {
    g.setColor(Drawing.AXIS);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(plot.x, plot.y, plot.width, plot.height);
    g.setFont(TICKS);
    FontMetrics tm = g.getFontMetrics();
    int baseline = plot.y + plot.height + TICK + 2 + tm.getAscent();
    for (double tick : x.ticks()) {
      double at = px(tick);
      g.setColor(Drawing.AXIS);
      g.draw(new Line2D.Double(at, plot.y + plot.height, at, plot.y + plot.height + TICK));
      String text = x.label(tick);
      g.setColor(Drawing.TEXT);
      g.drawString(text, (float) (at - tm.stringWidth(text) / 2.0), baseline);
    }
    for (double tick : y.ticks()) {
      double at = py(tick);
      g.setColor(Drawing.AXIS);
      g.draw(new Line2D.Double(plot.x - TICK, at, plot.x, at));
      String text = y.label(tick);
      g.setColor(Drawing.TEXT);
      g.drawString(
          text,
          (float) (plot.x - TICK - 4 - tm.stringWidth(text)),
          (float) (at + tm.getAscent() / 2.0 - 1));
    }
    g.setFont(LABEL);
    FontMetrics lm = g.getFontMetrics();
    String xText = Drawing.fit(g, xLabel, canvasWidth - 2 * PAD);
    g.drawString(
        xText,
        (float) Math.max(PAD, plot.x + (plot.width - lm.stringWidth(xText)) / 2.0),
        baseline + tm.getDescent() + 6 + lm.getAscent());
    AffineTransform saved = g.getTransform();
    String yText = Drawing.fit(g, yLabel, plot.height);
    g.translate(PAD + lm.getAscent(), plot.y + (plot.height + lm.stringWidth(yText)) / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(yText, 0, 0);
    g.setTransform(saved);
    int top = PAD;
    if (!title.isEmpty()) {
      g.setFont(TITLE);
      FontMetrics fm = g.getFontMetrics();
      String text = Drawing.fit(g, title, canvasWidth - 2 * PAD);
      g.drawString(text, (canvasWidth - fm.stringWidth(text)) / 2f, top + fm.getAscent());
      top += fm.getHeight() + 4;
    }
    if (!legendRow.isEmpty()) {
      drawLegendRow(g, top);
    }
  }

  /** Draws a legend box in the bottom-right corner inside the plot. */
  void drawLegendInside(Graphics2D g, List<LegendEntry> entries) {
    g.setFont(LEGEND);
    FontMetrics fm = g.getFontMetrics();
    int textWidth = 0;
    for (LegendEntry entry : entries) {
      textWidth = Math.max(textWidth, fm.stringWidth(entry.text()));
    }
    int lineHeight = fm.getHeight() + 2;
    int boxWidth = Math.min(plot.width - 16, 8 + SWATCH + 6 + textWidth + 8);
    int boxHeight = 6 + entries.size() * lineHeight + 4;
    int bx = plot.x + plot.width - 10 - boxWidth;
    int by = plot.y + plot.height - 10 - boxHeight;
    g.setColor(new Color(255, 255, 255, 235));
    g.fillRect(bx, by, boxWidth, boxHeight);
    g.setColor(Drawing.GRID.darker());
    g.setStroke(new BasicStroke(1f));
    g.drawRect(bx, by, boxWidth, boxHeight);
    int baseline = by + 6 + fm.getAscent();
    for (LegendEntry entry : entries) {
      drawMark(g, entry, bx + 8, baseline - fm.getAscent() / 2 + 1);
      g.setColor(Drawing.TEXT);
      g.drawString(
          Drawing.fit(g, entry.text(), boxWidth - SWATCH - 22), bx + 8 + SWATCH + 6, baseline);
      baseline += lineHeight;
    }
  }

  private void drawLegendRow(Graphics2D g, int top) {
    g.setFont(LEGEND);
    FontMetrics fm = g.getFontMetrics();
    int gap = 22;
    int total = -gap;
    for (LegendEntry entry : legendRow) {
      total += SWATCH + 6 + fm.stringWidth(entry.text()) + gap;
    }
    int at = plot.x + Math.max(0, (plot.width - total) / 2);
    int baseline = top + fm.getAscent();
    for (LegendEntry entry : legendRow) {
      drawMark(g, entry, at, baseline - fm.getAscent() / 2 + 1);
      g.setColor(Drawing.TEXT);
      g.drawString(entry.text(), at + SWATCH + 6, baseline);
      at += SWATCH + 6 + fm.stringWidth(entry.text()) + gap;
    }
  }

  private static void drawMark(Graphics2D g, LegendEntry entry, int x, int centerY) {
    switch (entry.mark()) {
      case FILL -> {
        g.setColor(translucent(entry.color()));
        g.fillRect(x, centerY - 6, SWATCH, 12);
        g.setColor(entry.color());
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(x, centerY - 6, SWATCH, 12);
      }
      case LINE -> {
        g.setColor(entry.color());
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(x, centerY, x + SWATCH, centerY);
      }
      case DASHED -> {
        g.setColor(entry.color());
        g.setStroke(dashed(1.5f));
        g.drawLine(x, centerY, x + SWATCH, centerY);
      }
    }
  }

  /** The fill colour of a series: its colour at 40% opacity, so overlapping fills stay visible. */
  static Color translucent(Color color) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), 102);
  }

  static BasicStroke dashed(float width) {
    return new BasicStroke(
        width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }
}
