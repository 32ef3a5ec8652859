package io.flowspect.core.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays out pictures in a grid with a caption under each, e.g. the rendered {@link Heatmap}s of the
 * most and the least anomalous test images with their rank and score, for a page people skim.
 *
 * <p>Cells are as large as the largest tile; each tile is centred in its cell with its caption
 * lines (split at {@code '\n'}, shortened with an ellipsis when too wide) under it. Stateless.
 */
public final class TileGrid {

  /**
   * One cell of the grid.
   *
   * @param image the picture, drawn at its own size
   * @param caption text under it, {@code '\n'} between lines; empty for none
   */
  public record Tile(BufferedImage image, String caption) {

    /** Validates that neither part is null. */
    public Tile {
      if (image == null) {
        throw new IllegalArgumentException("image must not be null");
      }
      if (caption == null) {
        throw new IllegalArgumentException("caption must not be null, use \"\" for none");
      }
    }
  }

  private static final int PAD = 12;
  private static final long MAX_PIXELS = 1L << 27;
  private static final Font TITLE = Drawing.font(Font.BOLD, 16f);
  private static final Font CAPTION = Drawing.font(Font.PLAIN, 12f);

  private TileGrid() {}

  /**
   * Draws the grid.
   *
   * @param title shown above the grid; empty for none
   * @param tiles at least one, row by row
   * @param columns tiles per row, at least 1
   * @return an RGB image on white
   */
  public static BufferedImage render(String title, List<Tile> tiles, int columns) {
    if (title == null) {
      throw new IllegalArgumentException("title must not be null");
    }
    if (tiles == null || tiles.isEmpty()) {
      throw new IllegalArgumentException("tiles must hold at least one tile");
    }
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1, got " + columns);
    }
    int cols = Math.min(columns, tiles.size());
    int rows = (tiles.size() + cols - 1) / cols;
    int cellWidth = 0;
    int imageHeight = 0;
    int captionLines = 0;
    for (Tile tile : tiles) {
      cellWidth = Math.max(cellWidth, tile.image().getWidth());
      imageHeight = Math.max(imageHeight, tile.image().getHeight());
      captionLines = Math.max(captionLines, lines(tile.caption()).length);
    }
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D measure = probe.createGraphics();
    FontMetrics captionMetrics = measure.getFontMetrics(CAPTION);
    FontMetrics titleMetrics = measure.getFontMetrics(TITLE);
    measure.dispose();
    cellWidth = Math.max(cellWidth, 60);
    int lineHeight = captionMetrics.getHeight();
    int cellHeight = imageHeight + (captionLines > 0 ? 4 + captionLines * lineHeight : 0);
    int top = PAD + (title.isEmpty() ? 0 : titleMetrics.getHeight() + 6);
    long width = PAD + (long) cols * (cellWidth + PAD);
    long height = top + (long) rows * (cellHeight + PAD);
    if (width * height > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "grid of " + width + " x " + height + " pixels is too large, at most " + MAX_PIXELS);
    }
    BufferedImage canvas = Drawing.canvas((int) width, (int) height);
    Graphics2D g = Drawing.graphics(canvas);
    try {
      g.setColor(Drawing.TEXT);
      if (!title.isEmpty()) {
        g.setFont(TITLE);
        String text = Drawing.fit(g, title, (int) width - 2 * PAD);
        g.drawString(text, PAD, PAD + titleMetrics.getAscent());
      }
      g.setFont(CAPTION);
      for (int i = 0; i < tiles.size(); i++) {
        Tile tile = tiles.get(i);
        int cellX = PAD + (i % cols) * (cellWidth + PAD);
        int cellY = top + (i / cols) * (cellHeight + PAD);
        BufferedImage image = tile.image();
        g.drawImage(image, cellX + (cellWidth - image.getWidth()) / 2, cellY, null);
        int baseline = cellY + imageHeight + 4 + captionMetrics.getAscent();
        g.setColor(Drawing.TEXT);
        for (String line : lines(tile.caption())) {
          String text = Drawing.fit(g, line, cellWidth);
          int textWidth = captionMetrics.stringWidth(text);
          g.drawString(text, cellX + (cellWidth - textWidth) / 2f, baseline);
          baseline += lineHeight;
        }
      }
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /**
   * Draws the grid as PNG.
   *
   * @return the PNG file contents
   */
  public static byte[] png(String title, List<Tile> tiles, int columns) {
    return Drawing.png(render(title, tiles, columns));
  }

  /**
   * Draws the grid into a PNG file, creating its directory.
   *
   * @param file where to write
   */
  public static void write(String title, List<Tile> tiles, int columns, Path file) {
    Drawing.write(render(title, tiles, columns), file);
  }

  private static String[] lines(String caption) {
    return caption.isEmpty() ? new String[0] : caption.split("\n", -1);
  }
}
